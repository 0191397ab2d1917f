// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type McpServerToolCallResponse = {
  content: Array<unknown>;
  structuredContent?: unknown;
  isError?: boolean | null;
  _meta?: unknown;
};
