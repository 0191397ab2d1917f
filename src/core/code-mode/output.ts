import type { JsonValue } from "../../protocol/common.js";
import type { TruncationPolicy } from "../../model/catalog-entry.js";
import { formatOutputForModel } from "../tools/unified-exec/index.js";
import type { CellResponse, ContentItem } from "./cell.js";
import { DEFAULT_MAX_OUTPUT_TOKENS } from "./exec-source.js";

/**
 * The `custom_tool_call_output` / `function_call_output` of `exec` and
 * `wait` (fact sheet §6): a status header, then the content items. Completed
 * and failed cells answer with an array of content items; a cell that is
 * still running with its text joined into one string.
 */

function status(response: CellResponse, cellId: string): string {
  switch (response.kind) {
    case "yielded":
      return `Script running with cell ID ${cellId}`;
    case "terminated":
      return "Script terminated";
    default:
      return response.error === null ? "Script completed" : "Script failed";
  }
}

/** The items under the `max_output_tokens` budget (tokens mode: 4 bytes a token), text items truncated in the middle. */
function truncated(items: ContentItem[], maxOutputTokens: number | null): ContentItem[] {
  const policy: TruncationPolicy = { mode: "tokens", limit: maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS };
  const textBytes = items.reduce((sum, item) => sum + (item.type === "input_text" ? Buffer.byteLength(item.text) : 0), 0);
  if (textBytes <= policy.limit * 4) return items;
  const texts = items.filter((item) => item.type === "input_text").map((item) => (item as { text: string }).text);
  const joined = formatOutputForModel(texts.join("\n"), policy);
  const images = items.filter((item) => item.type !== "input_text");
  return [{ type: "input_text", text: joined }, ...images];
}

export function cellOutput(response: CellResponse, cellId: string, wallTimeMs: number, maxOutputTokens: number | null): JsonValue {
  const items: ContentItem[] = [...response.items];
  if (response.kind === "result" && response.error !== null) items.push({ type: "input_text", text: `Script error:\n${response.error}` });
  const header = `${status(response, cellId)}\nWall time ${(Math.round(wallTimeMs / 100) / 10).toFixed(1)} seconds\nOutput:\n`;
  const all: ContentItem[] = [{ type: "input_text", text: header }, ...truncated(items, maxOutputTokens)];
  if (response.kind !== "result" && all.every((item) => item.type === "input_text")) {
    return all.map((item) => (item as { text: string }).text).join("");
  }
  return all as unknown as JsonValue;
}

/** `Script failed` with an error and no output (bad input, unknown cell). */
export function failedOutput(error: string): JsonValue {
  return cellOutput({ kind: "result", items: [], error }, "", 0, null);
}
