// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type McpResourceReadResponse = {
  contents: Array<unknown>;
  originCallId: string | null;
};
