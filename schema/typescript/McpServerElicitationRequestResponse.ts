// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { McpServerElicitationAction } from "./McpServerElicitationAction";

export type McpServerElicitationRequestResponse = {
  action: McpServerElicitationAction;
  content?: unknown;
  _meta?: unknown;
};
