// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type McpToolCallResult = {
  content: Array<unknown>;
  structuredContent?: unknown;
  _meta?: unknown;
};
