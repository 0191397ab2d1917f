// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { McpServerStatusDetail } from "./McpServerStatusDetail";

export type ListMcpServerStatusParams = {
  cursor?: string | null;
  limit?: number | null;
  detail?: McpServerStatusDetail | null;
  serverName?: string | null;
  threadId?: string | null;
};
