/**
 * The `result` of an `mcpToolCall` item, capped as the reference caps it
 * (codex 0.169.0, measured with the test MCP server, byte for byte):
 *
 * - the call's result, serialized as the reference holds it (fields the
 *   server did not send left out), may take 1 MiB;
 * - past that it becomes one text block: `Truncated tool output:` and the
 *   texts joined by newlines for a result of text blocks only (no
 *   `structuredContent`, `_meta` or `isError: true`), else the result's own
 *   JSON;
 * - that text is cut in the middle to the most bytes that keep the cut
 *   result (with the call's `isError`, if it had one) within 1 MiB
 *   serialized: the `…N chars truncated…` marker and JSON escaping count,
 *   the head keeps half of the kept bytes and the tail the rest.
 */
import type { JsonValue } from "../../protocol/common.js";
import type { McpCallResult } from "../mcp/connection.js";
import { truncationMarker } from "../tools/unified-exec/truncation.js";

export const ITEM_RESULT_MAX_BYTES = 1024 * 1024;
const TRUNCATED_PREFIX = "Truncated tool output:\n";

export type McpItemResult = { content: JsonValue[]; structuredContent: JsonValue; _meta: JsonValue };

/** The result as the reference serializes it: fields it did not get are left out. */
function heldResult(result: McpCallResult): Record<string, unknown> {
  const held: Record<string, unknown> = { content: Array.isArray(result.content) ? result.content : [] };
  if (result.structuredContent !== undefined && result.structuredContent !== null) held.structuredContent = result.structuredContent;
  if (typeof result.isError === "boolean") held.isError = result.isError;
  if (result._meta !== undefined && result._meta !== null) held._meta = result._meta;
  return held;
}

function serializedBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), "utf8");
}

function isTextBlock(block: unknown): block is { type: "text"; text: string } {
  const candidate = block as { type?: unknown; text?: unknown } | null;
  return candidate?.type === "text" && typeof candidate.text === "string";
}

/** What a too-large result is cut from. */
function oversizedText(held: Record<string, unknown>): string {
  const content = held.content as unknown[];
  const textOnly = held.structuredContent === undefined && held._meta === undefined && held.isError !== true && content.every(isTextBlock);
  return textOnly ? `${TRUNCATED_PREFIX}${(content as Array<{ text: string }>).map((block) => block.text).join("\n")}` : JSON.stringify(held);
}

/** UTF-8 bytes and JSON-string bytes of the code point `code` (a lone surrogate: U+FFFD in UTF-8, `\udxxx` in JSON). */
function pointSizes(code: number, sizes: { raw: number; escaped: number }): void {
  if (code < 0x80) {
    sizes.raw = 1;
    sizes.escaped = code === 0x22 || code === 0x5c || code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d ? 2 : code < 0x20 ? 6 : 1;
  } else if (code < 0x800) {
    sizes.raw = sizes.escaped = 2;
  } else if (code >= 0xd800 && code <= 0xdfff) {
    sizes.raw = 3;
    sizes.escaped = 6;
  } else if (code > 0xffff) {
    sizes.raw = sizes.escaped = 4;
  } else {
    sizes.raw = sizes.escaped = 3;
  }
}

interface RunningSizes {
  /** How many code points were measured. */
  count: number;
  /** After k code points: UTF-8 bytes, bytes once in a JSON string, UTF-16 units. */
  raw: Int32Array;
  escaped: Int32Array;
  units: Int32Array;
}

/** Running sizes of the code points from one end of `text`, up to `maxRaw` UTF-8 bytes. */
function runningSizes(text: string, fromEnd: boolean, maxRaw: number): RunningSizes {
  const length = Math.min(text.length, maxRaw) + 1;
  const raw = new Int32Array(length);
  const escaped = new Int32Array(length);
  const units = new Int32Array(length);
  const sizes = { raw: 0, escaped: 0 };
  let count = 0;
  let index = fromEnd ? text.length - 1 : 0;
  while (count + 1 < length && (fromEnd ? index >= 0 : index < text.length)) {
    let code = text.charCodeAt(index);
    let width = 1;
    if (!fromEnd && code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000;
        width = 2;
      }
    } else if (fromEnd && code >= 0xdc00 && code <= 0xdfff && index > 0) {
      const before = text.charCodeAt(index - 1);
      if (before >= 0xd800 && before <= 0xdbff) {
        code = 0x10000;
        width = 2;
      }
    }
    pointSizes(code, sizes);
    const nextRaw = raw[count]! + sizes.raw;
    if (nextRaw > maxRaw) break;
    raw[count + 1] = nextRaw;
    escaped[count + 1] = escaped[count]! + sizes.escaped;
    units[count + 1] = units[count]! + width;
    count++;
    index += fromEnd ? -width : width;
  }
  return { count, raw, escaped, units };
}

/** How many code points measured in `sizes` fit in `limit` bytes. */
function countWithin(sizes: RunningSizes, limit: number): number {
  let low = 0;
  let high = sizes.count;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (sizes.raw[mid]! <= limit) low = mid;
    else high = mid - 1;
  }
  return low;
}

function codePointCount(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index++;
    }
    count++;
  }
  return count;
}

/** `text` cut in the middle so that `wrap(text)` serializes to at most `maxBytes`. */
function cutToFit(text: string, wrapperBytes: number, maxBytes: number): string {
  const totalRaw = Buffer.byteLength(text, "utf8");
  const room = maxBytes - wrapperBytes;
  const head = runningSizes(text, false, Math.ceil(maxBytes / 2));
  const tail = runningSizes(text, true, Math.ceil(maxBytes / 2));
  const totalPoints = codePointCount(text);
  const cut = (keep: number) => {
    const headCount = countWithin(head, Math.floor(keep / 2));
    const tailCount = countWithin(tail, keep - Math.floor(keep / 2));
    const marker = truncationMarker({ mode: "bytes", limit: keep }, totalPoints - headCount - tailCount);
    return { headCount, tailCount, marker, bytes: head.escaped[headCount]! + tail.escaped[tailCount]! + Buffer.byteLength(marker, "utf8") };
  };
  // Whole when it fits (a text-only result can fit once joined), else the most bytes that fit, by bisection.
  if (totalRaw <= room && serializedBytes(text) - 2 <= room) return text;
  let low = 0;
  let high = Math.min(totalRaw - 1, maxBytes);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (cut(mid).bytes <= room) low = mid;
    else high = mid - 1;
  }
  const { headCount, tailCount, marker } = cut(low);
  return `${text.slice(0, head.units[headCount])}${marker}${text.slice(text.length - tail.units[tailCount]!)}`;
}

export function mcpItemResult(result: McpCallResult): McpItemResult {
  const full: McpItemResult = {
    content: (Array.isArray(result.content) ? result.content : []) as JsonValue[],
    structuredContent: (result.structuredContent ?? null) as JsonValue,
    _meta: (result._meta ?? null) as JsonValue,
  };
  const held = heldResult(result);
  if (serializedBytes(held) <= ITEM_RESULT_MAX_BYTES) return full;
  // The cut result keeps the call's `isError`, and it counts in the size.
  const isError = held.isError !== undefined ? { isError: held.isError } : {};
  const wrapperBytes = serializedBytes({ content: [{ type: "text", text: "" }], ...isError });
  const text = cutToFit(oversizedText(held), wrapperBytes, ITEM_RESULT_MAX_BYTES);
  return { content: [{ type: "text", text }], structuredContent: null, _meta: null };
}
