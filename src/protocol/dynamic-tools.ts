import { z } from "zod";
import { Int, PresentJsonValue } from "./common.js";
import { named } from "./schema-meta.js";

// ---------------------------------------------------------------------------
// Dynamic tools: functions a client declares at thread/start (experimental
// `dynamicTools`) and runs itself when the model calls one (`item/tool/call`).

const dynamicFunction = {
  type: z.literal("function"),
  name: z.string(),
  description: z.string(),
  inputSchema: PresentJsonValue,
  deferLoading: z.boolean().optional(),
};

export const DynamicToolNamespaceTool = named("DynamicToolNamespaceTool", z.discriminatedUnion("type", [z.object(dynamicFunction)]));
export type DynamicToolNamespaceTool = z.infer<typeof DynamicToolNamespaceTool>;

export const DynamicToolSpec = named(
  "DynamicToolSpec",
  z.discriminatedUnion("type", [
    z.object(dynamicFunction),
    z.object({ type: z.literal("namespace"), name: z.string(), description: z.string(), tools: z.array(DynamicToolNamespaceTool) }),
  ]),
);
export type DynamicToolSpec = z.infer<typeof DynamicToolSpec>;

export const DynamicToolCallOutputContentItem = named(
  "DynamicToolCallOutputContentItem",
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("inputText"), text: z.string() }),
    z.object({ type: z.literal("inputImage"), imageUrl: z.string() }),
    z.object({ type: z.literal("inputAudio"), audioUrl: z.string() }),
  ]),
);
export type DynamicToolCallOutputContentItem = z.infer<typeof DynamicToolCallOutputContentItem>;

export const DynamicToolCallStatus = named("DynamicToolCallStatus", z.enum(["inProgress", "completed", "failed"]));

export const DynamicToolCallItem = z.object({
  type: z.literal("dynamicToolCall"),
  id: z.string(),
  namespace: z.string().nullable(),
  tool: z.string(),
  arguments: PresentJsonValue,
  status: DynamicToolCallStatus,
  contentItems: z.array(DynamicToolCallOutputContentItem).nullable(),
  success: z.boolean().nullable(),
  durationMs: Int.nullable(),
  startedAtMs: Int.nullable(),
  completedAtMs: Int.nullable(),
});
export type DynamicToolCallItem = z.infer<typeof DynamicToolCallItem>;

/** item/tool/call (server → client): the model called one of the thread's dynamic tools. */
export const DynamicToolCallParams = named(
  "DynamicToolCallParams",
  z.object({
    threadId: z.string(),
    turnId: z.string(),
    callId: z.string(),
    namespace: z.string().nullable(),
    tool: z.string(),
    arguments: PresentJsonValue,
  }),
);

export const DynamicToolCallResponse = named(
  "DynamicToolCallResponse",
  z.object({ contentItems: z.array(DynamicToolCallOutputContentItem), success: z.boolean() }),
);
export type DynamicToolCallResponse = z.infer<typeof DynamicToolCallResponse>;
