import type { JsonValue } from "../../protocol/common.js";
import type { NestedToolAnswer } from "./cell.js";

/**
 * A nested tool's output as the script's promise sees it: `exec_command` /
 * `write_stdin` as the structured object the `exec` description declares,
 * JSON text as its value, anything else as the model would have read it.
 */

const EXEC_HEADER = /^Chunk ID: (\S+)\nWall time: ([\d.]+) seconds\n(?:Process exited with code (-?\d+)\n|Process running with session ID (\d+)\n)?(?:Original token count: (\d+)\n)?Output:\n([\s\S]*)$/;

export function execOutputObject(text: string): JsonValue {
  const match = EXEC_HEADER.exec(text);
  if (!match) return { output: text, wall_time_seconds: 0 };
  const [, chunkId, wall, exitCode, sessionId, tokens, output] = match;
  const result: Record<string, JsonValue> = { chunk_id: chunkId! };
  if (exitCode !== undefined) result.exit_code = Number(exitCode);
  if (tokens !== undefined) result.original_token_count = Number(tokens);
  result.output = output ?? "";
  if (sessionId !== undefined) result.session_id = Number(sessionId);
  result.wall_time_seconds = Number(wall);
  return result;
}

/** Call outputs that mean the arguments were refused, not that the tool ran: the promise rejects with them. */
const ARGUMENT_ERRORS = /^(failed to parse function arguments|failed to parse|unsupported call|unknown MCP server '|resources\/read failed: )/;

/** Tools whose JSON text answer the script receives as text, not parsed (as the reference hands them over). */
const TEXT_ANSWERS: ReadonlySet<string> = new Set(["list_mcp_resources", "list_mcp_resource_templates", "read_mcp_resource"]);

export function nestedAnswer(toolName: string, output: JsonValue, hadItem: boolean): NestedToolAnswer {
  if (toolName === "view_image" && Array.isArray(output)) {
    // The script gets the image itself, `{ image_url, detail? }`, not the content list the model reads.
    const image = output.find((part) => typeof part === "object" && part !== null && !Array.isArray(part) && part.type === "input_image") as Record<string, JsonValue> | undefined;
    if (image) return { ok: true, value: image.detail === undefined ? { image_url: image.image_url ?? "" } : { image_url: image.image_url ?? "", detail: image.detail } };
  }
  if (typeof output !== "string") return { ok: true, value: output };
  if (ARGUMENT_ERRORS.test(output) && (!hadItem || TEXT_ANSWERS.has(toolName))) return { ok: false, error: output };
  if (TEXT_ANSWERS.has(toolName)) return { ok: true, value: output };
  if (toolName === "exec_command" || toolName === "write_stdin") {
    if (!output.startsWith("Chunk ID: ")) return hadItem ? { ok: true, value: { output, wall_time_seconds: 0 } } : { ok: false, error: output };
    return { ok: true, value: execOutputObject(output) };
  }
  const trimmed = output.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return { ok: true, value: JSON.parse(trimmed) as JsonValue };
    } catch {
      // Not JSON after all: the text itself.
    }
  }
  return { ok: true, value: output };
}
