// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { McpServerStatus } from "./McpServerStatus";

export type ListMcpServerStatusResponse = {
  data: Array<McpServerStatus>;
  nextCursor: string | null;
};
