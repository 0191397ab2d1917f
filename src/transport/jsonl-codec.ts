import { encodeId, type InboundMessage, type OutboundMessage, type RequestId } from "./message.js";
import { stringifyWithRaw, stringifyWithRawPieces } from "../util/raw-json.js";

/** Input that is not a JSON-RPC message: answered with this error, never dispatched. */
export interface InvalidInput {
  code: number;
  message: string;
  id: RequestId | null;
}

/** One line (or frame) of client input, classified. */
export type Decoded = { kind: "message"; message: InboundMessage } | ({ kind: "invalid" } & InvalidInput);

/**
 * The raw text of the top-level `"id"` member's value in `line`, or
 * undefined. Only called for an integer id JSON.parse could not keep exact,
 * so the line is known to be valid JSON.
 */
function rawTopLevelId(line: string): string | undefined {
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      const start = i;
      for (i++; i < line.length && line[i] !== '"'; i++) if (line[i] === "\\") i++;
      if (depth !== 1) continue;
      let j = i + 1;
      while (j < line.length && /\s/.test(line[j]!)) j++;
      if (line[j] !== ":" || JSON.parse(line.slice(start, i + 1)) !== "id") continue;
      j++;
      while (j < line.length && /\s/.test(line[j]!)) j++;
      const match = /^-?\d+/.exec(line.slice(j));
      if (match) return match[0];
    } else if (c === "{" || c === "[") {
      depth++;
    } else if (c === "}" || c === "]") {
      depth--;
    }
  }
  return undefined;
}

/** A valid request id from a parsed value: a string, or an integer (kept exact past 2^53). */
function requestIdOf(value: unknown, line: string): RequestId | undefined {
  if (typeof value === "string") return value;
  if (typeof value !== "number" || !Number.isInteger(value)) return undefined;
  if (Number.isSafeInteger(value)) return value;
  const raw = rawTopLevelId(line);
  return raw === undefined ? undefined : BigInt(raw);
}

/**
 * Classifies one line of JSON the way the reference does (untagged: by which
 * members are present). `jsonrpc` is neither required nor checked.
 */
export function decodeLine(line: string): Decoded {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { kind: "invalid", code: -32700, message: `Parse error: ${(error as Error).message}`, id: null };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const what = Array.isArray(value) ? "a batch (JSON array)" : `a JSON ${value === null ? "null" : typeof value}`;
    return { kind: "invalid", code: -32600, message: `Invalid request: expected a JSON-RPC message object, got ${what}`, id: null };
  }
  const candidate = value as Record<string, unknown>;
  const hasId = "id" in candidate && candidate.id !== undefined;
  const id = hasId ? requestIdOf(candidate.id, line) : undefined;
  if ("method" in candidate) {
    if (typeof candidate.method !== "string") {
      return { kind: "invalid", code: -32600, message: "Invalid request: `method` must be a string", id: id ?? null };
    }
    if (!hasId) return { kind: "message", message: { kind: "notification", method: candidate.method, params: candidate.params } };
    if (id === undefined) {
      return { kind: "invalid", code: -32600, message: "Invalid request: `id` must be a string or an integer", id: null };
    }
    return { kind: "message", message: { kind: "request", id, method: candidate.method, params: candidate.params } };
  }
  if ("result" in candidate || "error" in candidate) {
    if (id === undefined) {
      return { kind: "invalid", code: -32600, message: "Invalid request: response `id` must be a string or an integer", id: null };
    }
    return { kind: "message", message: { kind: "response", id, result: candidate.result, error: candidate.error } };
  }
  return {
    kind: "invalid",
    code: -32600,
    message: "Invalid request: a message needs `method` (request or notification) or `result`/`error` (response)",
    id: id ?? null,
  };
}

/**
 * Serialises an outgoing message as one JSONL line. The `jsonrpc` member is
 * omitted (the reference never sends it); notifications carry `emittedAtMs`
 * like the reference's. Built by concatenation so the hot path (one
 * notification per streamed delta) stringifies each payload exactly once.
 */
export function encodeMessage(message: OutboundMessage): string {
  const m = message as { id?: RequestId | null; method?: string; params?: unknown; result?: unknown; error?: unknown };
  if (typeof m.method === "string") {
    const params = m.params === undefined ? "" : `,"params":${JSON.stringify(m.params)}`;
    if (m.id === undefined) {
      return `{"method":${JSON.stringify(m.method)}${params},"emittedAtMs":${Date.now()}}\n`;
    }
    return `{"id":${encodeId(m.id)},"method":${JSON.stringify(m.method)}${params}}\n`;
  }
  if (m.error !== undefined) {
    return `{"id":${encodeId(m.id)},"error":${JSON.stringify(m.error)}}\n`;
  }
  return `{"id":${encodeId(m.id)},"result":${stringifyWithRaw(m.result ?? null)}}\n`;
}

/**
 * The line answering request `id` with `result`, as `encodeMessage` writes
 * it: one string, or (when the result carries stored JSON texts) its pieces
 * in order, each stored text read only when its piece is taken.
 */
export function encodeResponse(id: RequestId | null, result: unknown): string | Iterable<string> {
  const head = `{"id":${encodeId(id)},"result":`;
  const body = stringifyWithRawPieces(result ?? null);
  if (typeof body === "string") return `${head}${body}}\n`;
  return (function* () {
    yield head;
    yield* body;
    yield "}\n";
  })();
}

/** The line answering invalid input. */
export function encodeInvalid(invalid: InvalidInput): string {
  return encodeMessage({ id: invalid.id, error: { code: invalid.code, message: invalid.message } });
}
