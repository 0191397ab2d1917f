// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { HookEventName } from "./HookEventName";

export type PluginHookSummary = {
  key: string;
  eventName: HookEventName;
};
