// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { HookRunSummary } from "./HookRunSummary";

export type HookStartedNotification = {
  threadId: string;
  turnId: string | null;
  run: HookRunSummary;
};
