// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type McpServerToolCallParams = {
  threadId: string;
  server: string;
  tool: string;
  arguments?: unknown;
  _meta?: unknown;
};
