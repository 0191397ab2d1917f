/**
 * What an MCP tool call gives back, in the reference's shapes (codex 0.169.0,
 * checked with a recorded request): the `function_call_output` the model reads
 * and the `mcpToolCall` item as a call starts (its capped `result`:
 * `mcp-item-result.ts`).
 */
import type { TruncationPolicy } from "../../model/catalog-entry.js";
import type { JsonValue } from "../../protocol/common.js";
import type { McpToolCallItem } from "../../protocol/mcp.js";
import type { McpCallResult } from "../mcp/connection.js";
import { approxTokenCount, truncateMiddle } from "../tools/unified-exec/truncation.js";

type OutputItem = { type: "input_text"; text: string } | { type: "input_image"; image_url: string; detail: string };

const IMAGE_DETAILS = new Set(["auto", "low", "high", "original"]);

/** An MCP content block as a Responses content item: text and images as such, anything else as its JSON. */
function contentItem(part: unknown): OutputItem {
  const block = (part ?? {}) as Record<string, unknown>;
  if (block.type === "text" && typeof block.text === "string") return { type: "input_text", text: block.text };
  if (block.type === "image" && typeof block.data === "string") {
    const mime = typeof block.mimeType === "string" ? block.mimeType : "application/octet-stream";
    const meta = (block._meta ?? {}) as Record<string, unknown>;
    const asked = meta["codex/imageDetail"];
    const detail = typeof asked === "string" && IMAGE_DETAILS.has(asked) ? asked : "high";
    return { type: "input_image", image_url: block.data.startsWith("data:") ? block.data : `data:${mime};base64,${block.data}`, detail };
  }
  return { type: "input_text", text: JSON.stringify(part) };
}

/**
 * Text items cut to one shared budget, in order: those that fit whole pass,
 * the first that does not is cut in the middle to what is left, later ones
 * are dropped and counted; images always pass.
 */
function truncateItems(items: OutputItem[], policy: TruncationPolicy): OutputItem[] {
  const out: OutputItem[] = [];
  let remaining = policy.limit;
  let omitted = 0;
  for (const item of items) {
    if (item.type !== "input_text") {
      out.push(item);
      continue;
    }
    if (remaining === 0) {
      omitted++;
      continue;
    }
    const cost = policy.mode === "bytes" ? Buffer.byteLength(item.text, "utf8") : approxTokenCount(item.text);
    if (cost <= remaining) {
      out.push(item);
      remaining -= cost;
      continue;
    }
    const snippet = truncateMiddle(item.text, { mode: policy.mode, limit: remaining });
    if (snippet === "") omitted++;
    else out.push({ type: "input_text", text: snippet });
    remaining = 0;
  }
  if (omitted > 0) out.push({ type: "input_text", text: `[omitted ${omitted} text items ...]` });
  return out;
}

/**
 * The model's view of a result: a `Wall time` header, then the
 * `structuredContent` as JSON text when the server gave one, else every
 * content block as an item (even plain text); cut to the model's budget plus
 * 20% for the serialization around it.
 */
export function mcpResultOutput(result: McpCallResult, truncation: TruncationPolicy, wallMs: number): JsonValue {
  const header = `Wall time: ${(wallMs / 1000).toFixed(4)} seconds\nOutput:`;
  const budget: TruncationPolicy = { mode: truncation.mode, limit: Math.floor(truncation.limit * 1.2) };
  // The reference cuts twice: to the budget, then again when the output joins the history, in
  // tokens (a bytes budget counted as bytes / 4); only the second cut's marker survives.
  const history: TruncationPolicy = budget.mode === "tokens" ? budget : { mode: "tokens", limit: Math.floor(budget.limit / 4) };
  if (result.structuredContent !== undefined && result.structuredContent !== null) {
    const text = JSON.stringify(result.structuredContent);
    return truncateMiddle(truncateMiddle(text === "" ? header : `${header}\n${text}`, budget), history);
  }
  const content = Array.isArray(result.content) ? result.content : [];
  const items = truncateItems([{ type: "input_text", text: header }, ...content.map(contentItem)], budget);
  return truncateItems(items, history) as unknown as JsonValue;
}

export const IMAGE_OMITTED_TEXT = "<image content omitted because you do not support image input>";

/**
 * The result a model without image input gets, as the reference gives it
 * (both to the model and in the item): each image block becomes that text.
 */
export function withoutImages(result: McpCallResult): McpCallResult {
  const content = Array.isArray(result.content) ? result.content : [];
  if (!content.some((block) => (block as { type?: unknown } | null)?.type === "image")) return result;
  return { ...result, content: content.map((block) => ((block as { type?: unknown } | null)?.type === "image" ? { type: "text", text: IMAGE_OMITTED_TEXT } : block)) };
}

/** A failed call as the model reads it: the same header, then the error as the one text item. */
export function mcpErrorOutput(message: string, truncation: TruncationPolicy, wallMs: number): JsonValue {
  return mcpResultOutput({ content: [{ type: "text", text: message }], isError: true }, truncation, wallMs);
}

/** An `mcpToolCall` item as the call starts (a server's tool, or a resource tool). */
export function startedMcpItem(id: string, server: string, tool: string, args: JsonValue, readOnlyHint: boolean | null): McpToolCallItem {
  return {
    type: "mcpToolCall",
    id,
    server,
    tool,
    status: "inProgress",
    arguments: args,
    appContext: null,
    mcpAppUi: null,
    pluginId: null,
    readOnlyHint,
    result: null,
    error: null,
    durationMs: null,
    startedAtMs: Date.now(),
    completedAtMs: null,
  };
}
