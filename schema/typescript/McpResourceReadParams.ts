// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type McpResourceReadParams = {
  threadId?: string | null;
  server: string;
  uri: string;
  connectorId?: string | null;
  originCallId?: string | null;
  target?: unknown;
  _meta?: { [key: string]: unknown } | null;
};
