// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type McpServerEventStreamStartParams = {
  threadId: string;
  server: string;
  name: string;
  subscriptionId: string;
  arguments?: unknown;
  _meta?: unknown;
};
