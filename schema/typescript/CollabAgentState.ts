// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { CollabAgentStatus } from "./CollabAgentStatus";

export type CollabAgentState = {
  status: CollabAgentStatus;
  message: string | null;
};
