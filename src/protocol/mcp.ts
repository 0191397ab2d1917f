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
  mcpAppResourceUri: z.string().nullable(),
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
