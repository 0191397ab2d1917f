// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type McpServerElicitationRequestParams = {
  threadId: string;
  turnId: string | null;
  serverName: string;
  mode: "form" | "openaiForm" | "openai/form" | "url";
  _meta?: unknown;
  message: string;
  requestedSchema?: unknown;
  url?: string;
  elicitationId?: string;
};
