/**
 * A model's call of a dynamic tool: the client runs it. The call goes to the
 * thread's subscribers as `item/tool/call`, wrapped by a `dynamicToolCall`
 * item, and the client's `{contentItems, success}` becomes the call's output.
 * Shapes and texts as codex 0.169.0 gives them (observed on the wire): no
 * status flag while the client works and no `serverRequest/resolved`.
 */
import type { JsonValue } from "../../protocol/common.js";
import { DynamicToolCallResponse, type DynamicToolCallItem, type DynamicToolCallOutputContentItem } from "../../protocol/dynamic-tools.js";
import type { ServerRequestIds } from "../ports.js";
import { requestFromThread, type ThreadRequestOutcome } from "../thread-requests.js";
import type { DynamicFunction } from "../tools/dynamic-tools.js";
import type { FunctionCall, ToolCallRecord, TurnRunner } from "../turn-runner.js";
import { callRecord, errorMessage } from "./records.js";

const REQUEST_FAILED = "dynamic tool request failed";
const INVALID_RESPONSE = "dynamic tool response was invalid";
const REMOTE_IMAGE_URL = "remote image URLs are not supported; use an inline data URL instead";
const CANCELLED = "dynamic tool call was cancelled before receiving a response";
const IMAGE_UNPROCESSABLE = "image content omitted because it could not be processed";
const AUDIO_UNSUPPORTED = "audio content omitted because you do not support audio input";
const IMAGE_UNSUPPORTED = "image content omitted because you do not support image input";

function isRemoteUrl(url: string): boolean {
  const colon = url.indexOf(":");
  if (colon < 0) return false;
  const scheme = url.slice(0, colon).toLowerCase();
  return scheme === "http" || scheme === "https";
}

function failure(message: string): DynamicToolCallResponse {
  return { contentItems: [{ type: "inputText", text: message }], success: false };
}

/** The client's answer as the reference reads it: an error, a malformed answer or a remote image each become a failure text. */
function responseOf(outcome: Extract<ThreadRequestOutcome, { kind: "answered" }>): DynamicToolCallResponse {
  if (outcome.answer.error) return failure(REQUEST_FAILED);
  const parsed = DynamicToolCallResponse.safeParse(outcome.answer.result);
  if (!parsed.success) return failure(INVALID_RESPONSE);
  if (parsed.data.contentItems.some((item) => item.type === "inputImage" && isRemoteUrl(item.imageUrl))) return failure(REMOTE_IMAGE_URL);
  return parsed.data;
}

const IMAGE_SIGNATURES: ReadonlyArray<readonly number[]> = [
  [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
];

/** Whether a data URL carries an image the model can be shown (the reference decodes it; an undecodable one is left out). */
function decodableImage(url: string): boolean {
  const match = /^data:[^;,]*;base64,(.*)$/s.exec(url);
  if (!match) return false;
  const bytes = Buffer.from(match[1]!, "base64");
  if (bytes.length >= 12 && bytes.subarray(0, 4).toString("latin1") === "RIFF" && bytes.subarray(8, 12).toString("latin1") === "WEBP") return true;
  return IMAGE_SIGNATURES.some((signature) => signature.every((byte, index) => bytes[index] === byte));
}

/** The output the model reads: one text item as plain text, anything else as content items. */
function modelOutput(items: readonly DynamicToolCallOutputContentItem[], modalities: readonly string[]): JsonValue {
  const only = items[0];
  if (items.length === 1 && only?.type === "inputText") return only.text;
  return items.map((item): JsonValue => {
    if (item.type === "inputText") return { type: "input_text", text: item.text };
    if (item.type === "inputAudio") return { type: "input_text", text: AUDIO_UNSUPPORTED };
    if (!modalities.includes("image")) return { type: "input_text", text: IMAGE_UNSUPPORTED };
    if (!decodableImage(item.imageUrl)) return { type: "input_text", text: IMAGE_UNPROCESSABLE };
    return { type: "input_image", image_url: item.imageUrl, detail: "high" };
  });
}

export async function runDynamicToolCall(requestIds: ServerRequestIds, fn: DynamicFunction, call: FunctionCall, turn: TurnRunner): Promise<ToolCallRecord> {
  let args: JsonValue;
  try {
    args = JSON.parse(call.arguments) as JsonValue;
  } catch (error) {
    return callRecord(call, `failed to parse function arguments: ${errorMessage(error)}`);
  }
  const namespace = fn.namespace?.name ?? null;
  const item: DynamicToolCallItem = {
    type: "dynamicToolCall",
    id: call.callId,
    namespace,
    tool: fn.name,
    arguments: args,
    status: "inProgress",
    contentItems: null,
    success: null,
    durationMs: null,
    startedAtMs: Date.now(),
    completedAtMs: null,
  };
  turn.itemStarted(item);
  const startedAt = performance.now();
  const outcome = await requestFromThread(
    requestIds,
    turn.thread,
    "item/tool/call",
    { threadId: turn.threadId, turnId: turn.turnId, callId: call.callId, namespace, tool: fn.name, arguments: args },
    null,
    turn.signal,
    { announceResolved: false },
  );
  const durationMs = Math.round(performance.now() - startedAt);
  if (outcome.kind === "cleared" && outcome.reason === "aborted") {
    const completed: DynamicToolCallItem = { ...item, status: "failed", contentItems: [], success: false, durationMs, completedAtMs: Date.now() };
    turn.emitItemCompleted(completed);
    return callRecord(call, CANCELLED, completed);
  }
  // A client gone before it answered: the request failed, as an error answer does.
  const response = outcome.kind === "answered" ? responseOf(outcome) : failure(REQUEST_FAILED);
  const completed: DynamicToolCallItem = {
    ...item,
    status: response.success ? "completed" : "failed",
    contentItems: response.contentItems,
    success: response.success,
    durationMs,
    completedAtMs: Date.now(),
  };
  turn.emitItemCompleted(completed);
  return callRecord(call, modelOutput(response.contentItems, turn.modelMetadata().info.input_modalities), completed);
}
