// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { WorkspaceMessageType } from "./WorkspaceMessageType";

export type WorkspaceMessage = {
  messageId: string;
  messageType: WorkspaceMessageType;
  messageBody: string;
  createdAt?: number | null;
  archivedAt?: number | null;
};
