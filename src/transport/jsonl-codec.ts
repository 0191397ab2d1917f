import type { Message } from "vscode-jsonrpc/node";

/** Messages arriving from a client, classified before they reach vscode-jsonrpc. */
export type Decoded =
  | { kind: "message"; message: Message }
  | { kind: "invalid"; code: number; message: string; id: string | number | null };

function isRequestId(value: unknown): value is string | number {
  return typeof value === "string" || (typeof value === "number" && Number.isInteger(value));
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
  const id = candidate.id;
  if ("method" in candidate) {
    if (typeof candidate.method !== "string") {
      return {
        kind: "invalid",
        code: -32600,
        message: "Invalid request: `method` must be a string",
        id: isRequestId(id) ? id : null,
      };
    }
    if (id === undefined) return { kind: "message", message: candidate as unknown as Message };
    if (!isRequestId(id)) {
      return { kind: "invalid", code: -32600, message: "Invalid request: `id` must be a string or an integer", id: null };
    }
    return { kind: "message", message: candidate as unknown as Message };
  }
  if ("result" in candidate || "error" in candidate) {
    if (!isRequestId(id)) {
      return { kind: "invalid", code: -32600, message: "Invalid request: response `id` must be a string or an integer", id: null };
    }
    return { kind: "message", message: candidate as unknown as Message };
  }
  return {
    kind: "invalid",
    code: -32600,
    message: "Invalid request: a message needs `method` (request or notification) or `result`/`error` (response)",
    id: isRequestId(id) ? id : null,
  };
}

/**
 * Serialises an outgoing message as one JSONL line. The `jsonrpc` member is
 * omitted (the reference never sends it); notifications carry `emittedAtMs`
 * like the reference's. Built by concatenation so the hot path (one
 * notification per streamed delta) stringifies each payload exactly once.
 */
export function encodeMessage(message: Message): string {
  const m = message as unknown as Record<string, unknown>;
  if (typeof m.method === "string") {
    const params = m.params === undefined ? "" : `,"params":${JSON.stringify(m.params)}`;
    if (m.id === undefined) {
      return `{"method":${JSON.stringify(m.method)}${params},"emittedAtMs":${Date.now()}}\n`;
    }
    return `{"id":${JSON.stringify(m.id)},"method":${JSON.stringify(m.method)}${params}}\n`;
  }
  if (m.error !== undefined) {
    return `{"id":${JSON.stringify(m.id ?? null)},"error":${JSON.stringify(m.error)}}\n`;
  }
  return `{"id":${JSON.stringify(m.id)},"result":${JSON.stringify(m.result ?? null)}}\n`;
}
