import type { JsonValue } from "../protocol/common.js";
import { ErrorCode, RpcError } from "../protocol/errors.js";

type JsonObject = { [key: string]: JsonValue };

const MESSAGE_ROLES = ["user", "assistant", "developer", "system"];
const CONTENT_TEXT_TYPES = ["input_text", "output_text"];

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function invalid(path: string, expected: string): RpcError {
  return new RpcError(ErrorCode.invalidParams, `invalid ${path}: expected ${expected}`);
}

function requireString(item: JsonObject, field: string, path: string): void {
  if (typeof item[field] !== "string") throw invalid(`${path}.${field}`, "a string");
}

/** A function/custom tool output: a string, or content parts. */
function requireOutput(item: JsonObject, path: string): void {
  const output = item.output;
  if (typeof output === "string") return;
  if (!Array.isArray(output)) throw invalid(`${path}.output`, "a string or an array of content items");
  output.forEach((part, index) => requireContentPart(part, `${path}.output[${index}]`));
}

function requireContentPart(part: JsonValue, path: string): void {
  if (!isObject(part)) throw invalid(path, "an object");
  if (typeof part.type !== "string") throw invalid(`${path}.type`, "a string");
  if (CONTENT_TEXT_TYPES.includes(part.type)) {
    if (typeof part.text !== "string") throw invalid(`${path}.text`, "a string");
  } else if (part.type === "input_image") {
    if (typeof part.image_url !== "string") throw invalid(`${path}.image_url`, "a string");
  } else {
    throw invalid(`${path}.type`, "one of input_text, output_text, input_image");
  }
}

function checkItem(item: JsonValue, path: string): void {
  if (!isObject(item)) throw invalid(path, "a Responses API item (an object)");
  switch (item.type) {
    case "message": {
      if (typeof item.role !== "string" || !MESSAGE_ROLES.includes(item.role)) throw invalid(`${path}.role`, `one of ${MESSAGE_ROLES.join(", ")}`);
      if (!Array.isArray(item.content)) throw invalid(`${path}.content`, "an array of content items");
      item.content.forEach((part, index) => requireContentPart(part, `${path}.content[${index}]`));
      return;
    }
    case "function_call":
      requireString(item, "name", path);
      requireString(item, "arguments", path);
      requireString(item, "call_id", path);
      return;
    case "custom_tool_call":
      requireString(item, "name", path);
      requireString(item, "input", path);
      requireString(item, "call_id", path);
      return;
    case "function_call_output":
    case "custom_tool_call_output":
      requireString(item, "call_id", path);
      requireOutput(item, path);
      return;
    default:
      throw invalid(`${path}.type`, "one of message, function_call, function_call_output, custom_tool_call, custom_tool_call_output");
  }
}

/**
 * Checks thread/inject_items' items (user/assistant messages, tool calls and
 * their outputs, as the Responses API takes them); the first bad one is
 * answered -32602 naming its index and field, e.g. `items[2].role`.
 */
export function checkInjectedItems(items: readonly JsonValue[]): JsonValue[] {
  items.forEach((item, index) => checkItem(item, `items[${index}]`));
  return structuredClone(items) as JsonValue[];
}
