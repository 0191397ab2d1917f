// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { HookEventName } from "./HookEventName";
import type { HookOutputEntry } from "./HookOutputEntry";
import type { HookSource } from "./HookSource";

export type HookRunSummary = {
  id: string;
  eventName: HookEventName;
  handlerType: "command" | "mcpTool" | "prompt" | "agent";
  executionMode: "sync" | "async";
  scope: "thread" | "turn";
  sourcePath: string;
  source: HookSource;
  displayOrder: number;
  status: "running" | "completed" | "failed" | "blocked" | "stopped";
  statusMessage: string | null;
  startedAt: number;
  completedAt: number | null;
  durationMs: number | null;
  entries: Array<HookOutputEntry>;
};
