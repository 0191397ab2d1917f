// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { HookRunSummary } from "./HookRunSummary";

export type HookCompletedNotification = {
  threadId: string;
  turnId: string | null;
  run: HookRunSummary;
};
