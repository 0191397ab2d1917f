import type { JsonValue } from "../../protocol/common.js";
import { AGENTS_MD_REPLACEMENT_NOTICE } from "../context/index.js";

const CONTEXT_TEXT_PREFIXES = ["<environment_context>", "# AGENTS.md instructions for ", AGENTS_MD_REPLACEMENT_NOTICE];

/**
 * Whether a history item is one of the context messages the server adds
 * (base instructions, permissions, mode, AGENTS.md, environment context)
 * rather than something the user or the model said: compaction keeps the
 * user's own messages and drops these, to send them afresh afterwards.
 */
export function isContextMessage(item: JsonValue): boolean {
  if (typeof item !== "object" || item === null || Array.isArray(item) || item.type !== "message") return false;
  if (item.role === "developer") return true;
  if (item.role !== "user" || !Array.isArray(item.content)) return false;
  const first = item.content[0];
  const text = typeof first === "object" && first !== null && !Array.isArray(first) ? first.text : undefined;
  return typeof text === "string" && CONTEXT_TEXT_PREFIXES.some((prefix) => text.startsWith(prefix));
}
