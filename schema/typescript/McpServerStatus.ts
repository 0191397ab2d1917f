// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type McpServerStatus = {
  name: string;
  authStatus: "unknown" | "unsupported" | "notLoggedIn" | "bearerToken" | "oAuth";
  tools: { [key: string]: unknown };
  resources: Array<unknown>;
  resourceTemplates: Array<unknown>;
} & { [key: string]: unknown };
