// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { WorkspaceMessage } from "./WorkspaceMessage";

export type GetWorkspaceMessagesResponse = {
  featureEnabled: boolean;
  messages: Array<WorkspaceMessage>;
};
