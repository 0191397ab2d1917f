/** MCP servers: startup status, tool-call items and progress, direct tool calls and resource reads. */
import { z } from "zod";
import { Int } from "./common.js";
import { named } from "./schema-meta.js";

export const McpServerStartupState = named("McpServerStartupState", z.enum(["starting", "ready", "failed", "cancelled"]));

export const McpServerStatusUpdatedNotification = named(
  "McpServerStatusUpdatedNotification",
  z.object({
    threadId: z.string().nullable(),
    name: z.string(),
    status: McpServerStartupState,
    error: z.string().nullable(),
    failureReason: z.enum(["reauthenticationRequired"]).nullable(),
  }),
);

export const McpToolCallStatus = named("McpToolCallStatus", z.enum(["inProgress", "completed", "failed"]));
export const McpToolCallResult = named(
  "McpToolCallResult",
  z.object({ content: z.array(z.unknown()), structuredContent: z.unknown().optional(), _meta: z.unknown().optional() }),
);
export const McpToolCallError = named("McpToolCallError", z.object({ message: z.string() }));

export const McpToolCallItem = z.object({
  type: z.literal("mcpToolCall"),
  id: z.string(),
  server: z.string(),
  tool: z.string(),
  status: McpToolCallStatus,
  arguments: z.unknown(),
  result: McpToolCallResult.nullable(),
  error: McpToolCallError.nullable(),
  durationMs: Int.nullable(),
  appContext: z.null(),
  mcpAppUi: z.null(),
  pluginId: z.string().nullable(),
  readOnlyHint: z.boolean().nullable(),
  // The reference leaves this legacy field out when it has no value.
  mcpAppResourceUri: z.string().nullable().optional(),
  startedAtMs: Int.nullable(),
  completedAtMs: Int.nullable(),
});
export type McpToolCallItem = z.infer<typeof McpToolCallItem>;

export const McpToolCallProgressNotification = named(
  "McpToolCallProgressNotification",
  z.object({ threadId: z.string(), turnId: z.string(), itemId: z.string(), message: z.string() }),
);

export const McpServerToolCallParams = named(
  "McpServerToolCallParams",
  z.object({
    threadId: z.string(),
    server: z.string(),
    tool: z.string(),
    arguments: z.unknown().optional(),
    _meta: z.unknown().optional(),
  }),
);
export const McpServerToolCallResponse = named(
  "McpServerToolCallResponse",
  z.object({
    content: z.array(z.unknown()),
    structuredContent: z.unknown().optional(),
    isError: z.boolean().nullish(),
    _meta: z.unknown().optional(),
  }),
);

export const McpResourceReadParams = named(
  "McpResourceReadParams",
  z.object({
    threadId: z.string().nullish(),
    server: z.string(),
    uri: z.string(),
    connectorId: z.string().nullish(),
    originCallId: z.string().nullish(),
    target: z.unknown().optional(),
    _meta: z.record(z.unknown()).nullish(),
  }),
);
export const McpResourceReadResponse = named(
  "McpResourceReadResponse",
  z.object({ contents: z.array(z.unknown()), originCallId: z.string().nullable() }),
);

export const McpServerElicitationAction = named("McpServerElicitationAction", z.enum(["accept", "decline", "cancel"]));

/** An MCP server's elicitation (or a tool approval) for the client; `mode` picks the fields. */
export const McpServerElicitationRequestParams = named(
  "McpServerElicitationRequestParams",
  z.object({
    threadId: z.string(),
    turnId: z.string().nullable(),
    serverName: z.string(),
    mode: z.enum(["form", "openaiForm", "openai/form", "url"]),
    _meta: z.unknown(),
    message: z.string(),
    requestedSchema: z.unknown().optional(),
    url: z.string().optional(),
    elicitationId: z.string().optional(),
  }),
);
export const McpServerElicitationRequestResponse = named(
  "McpServerElicitationRequestResponse",
  z.object({ action: McpServerElicitationAction, content: z.unknown().optional(), _meta: z.unknown().optional() }),
);

export const McpServerOauthLoginParams = named(
  "McpServerOauthLoginParams",
  z.object({
    name: z.string(),
    scopes: z.array(z.string()).nullish(),
    threadId: z.string().nullish(),
    timeoutSecs: Int.nullish(),
    clientRegistration: z.enum(["auto", "cimd", "dcr"]).nullish(),
  }),
);
export const McpServerOauthLoginResponse = named(
  "McpServerOauthLoginResponse",
  z.object({ authorizationUrl: z.string(), loginId: z.string().nullable() }),
);
export const McpServerOauthLoginCompletedNotification = named(
  "McpServerOauthLoginCompletedNotification",
  z.object({ name: z.string(), threadId: z.string().nullable(), loginId: z.string().nullable(), success: z.boolean(), error: z.string().nullable() }),
);

export const McpServerEventStreamStartParams = named(
  "McpServerEventStreamStartParams",
  z.object({
    threadId: z.string(),
    server: z.string(),
    name: z.string(),
    subscriptionId: z.string(),
    arguments: z.unknown(),
    _meta: z.unknown().optional(),
  }),
);
export const McpServerEventStreamStartResponse = named("McpServerEventStreamStartResponse", z.object({}));
export const McpServerEventStreamStopParams = named("McpServerEventStreamStopParams", z.object({ subscriptionId: z.string() }));
export const McpServerEventStreamStopResponse = named("McpServerEventStreamStopResponse", z.object({}));
export const McpServerEventStreamNotification = named(
  "McpServerEventStreamNotification",
  z.object({ subscriptionId: z.string(), notification: z.object({ method: z.string(), params: z.unknown() }) }),
);
