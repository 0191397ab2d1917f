import type { TruncationPolicy } from "../../../model/catalog-entry.js";

/**
 * Head-and-tail truncation of tool output to the model's budget (fact sheet
 * §7.2). Pure functions over strings; sizes are UTF-8 bytes and cuts fall on
 * character boundaries.
 */

export const APPROX_BYTES_PER_TOKEN = 4;

/** The reference's token estimate: ⌈bytes / 4⌉. */
export function approxTokensFromBytes(bytes: number): number {
  return Math.ceil(bytes / APPROX_BYTES_PER_TOKEN);
}

export function approxTokenCount(text: string): number {
  return approxTokensFromBytes(Buffer.byteLength(text, "utf8"));
}

/** Bytes of output a policy lets through: `limit` bytes, or `limit × 4` in tokens mode. */
export function byteBudget(policy: TruncationPolicy): number {
  return policy.mode === "bytes" ? policy.limit : policy.limit * APPROX_BYTES_PER_TOKEN;
}

/** The model's policy, or tokens mode with budget N when the call passed `max_output_tokens: N`. */
export function outputPolicy(modelPolicy: TruncationPolicy, maxOutputTokens?: number | null): TruncationPolicy {
  if (maxOutputTokens === undefined || maxOutputTokens === null || !Number.isFinite(maxOutputTokens)) return modelPolicy;
  return { mode: "tokens", limit: Math.max(0, Math.floor(maxOutputTokens)) };
}

/** Lines as the reference counts them: a final newline does not start another line; "" has none. */
export function countLines(text: string): number {
  if (text === "") return 0;
  let lines = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lines++;
  return text.endsWith("\n") ? lines : lines + 1;
}

/** `…N chars truncated…` or `…N tokens truncated…` (U+2026, no newlines). */
export function truncationMarker(policy: TruncationPolicy, removed: number): string {
  return `\u2026${removed} ${policy.mode === "tokens" ? "tokens" : "chars"} truncated\u2026`;
}

/**
 * Splits `text` into the characters that end within the first `headBytes`
 * and those that start within the last `tailBytes`; counts the characters in
 * between.
 */
function splitHeadTail(text: string, headBytes: number, tailBytes: number): { head: string; tail: string; removedChars: number } {
  const total = Buffer.byteLength(text, "utf8");
  const tailStart = Math.max(0, total - tailBytes);
  let offset = 0;
  let headEnd = 0; // UTF-16 index
  let tailBegin = text.length; // UTF-16 index
  let tailFound = false;
  let removedChars = 0;
  let index = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch, "utf8");
    if (offset + size <= headBytes) {
      headEnd = index + ch.length;
    } else if (offset >= tailStart) {
      if (!tailFound) {
        tailBegin = index;
        tailFound = true;
      }
    } else {
      removedChars++;
    }
    offset += size;
    index += ch.length;
  }
  return { head: text.slice(0, headEnd), tail: text.slice(Math.max(tailBegin, headEnd)), removedChars };
}

/**
 * `text` cut to the policy's budget: unchanged when it fits; otherwise the
 * first half of the budget, the marker, and the last half. The marker counts
 * removed characters (bytes mode) or ⌈removed bytes / 4⌉ tokens (tokens mode).
 */
export function truncateMiddle(text: string, policy: TruncationPolicy): string {
  const total = Buffer.byteLength(text, "utf8");
  const budget = byteBudget(policy);
  if (total <= budget) return text;
  if (budget === 0) {
    return truncationMarker(policy, policy.mode === "tokens" ? approxTokensFromBytes(total) : [...text].length);
  }
  const headBytes = Math.floor(budget / 2);
  const { head, tail, removedChars } = splitHeadTail(text, headBytes, budget - headBytes);
  const removed = policy.mode === "tokens" ? approxTokensFromBytes(total - budget) : removedChars;
  return `${head}${truncationMarker(policy, removed)}${tail}`;
}

/**
 * The `Output:` section the model gets: the text itself when it fits, else a
 * warning with the original token count and line count, a blank line, and
 * the truncated text.
 */
export function formatOutputForModel(text: string, policy: TruncationPolicy): string {
  if (Buffer.byteLength(text, "utf8") <= byteBudget(policy)) return text;
  return `Warning: truncated output (original token count: ${approxTokenCount(text)})\nTotal output lines: ${countLines(text)}\n\n${truncateMiddle(text, policy)}`;
}
