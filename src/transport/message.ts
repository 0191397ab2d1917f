/**
 * JSON-RPC messages as this server reads and writes them. Request ids are
 * strings or integers; an integer beyond 2^53 is kept exact as a `bigint`
 * (the reference models ids as i64), so it is answered byte-identical.
 */
export type RequestId = string | number | bigint;

export interface InboundRequest {
  readonly kind: "request";
  readonly id: RequestId;
  readonly method: string;
  readonly params: unknown;
}

export interface InboundNotification {
  readonly kind: "notification";
  readonly method: string;
  readonly params: unknown;
}

/** A client's answer to a server → client request. */
export interface InboundResponse {
  readonly kind: "response";
  readonly id: RequestId;
  readonly result?: unknown;
  readonly error?: unknown;
}

export type InboundMessage = InboundRequest | InboundNotification | InboundResponse;

export interface ErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

/** Messages this server writes (the `jsonrpc` member is accepted and never sent). */
export type OutboundMessage =
  | { jsonrpc?: "2.0"; id: RequestId; method: string; params?: unknown }
  | { jsonrpc?: "2.0"; method: string; params?: unknown }
  | { jsonrpc?: "2.0"; id: RequestId | null; result: unknown }
  | { jsonrpc?: "2.0"; id: RequestId | null; error: ErrorObject };

/** A key telling ids apart exactly: `1` and `"1"` differ, `1` and `1n` do not. */
export function idKey(id: RequestId): string {
  return typeof id === "string" ? `s:${id}` : `n:${id.toString()}`;
}

/** The JSON text of an id (a bigint is written as its digits). */
export function encodeId(id: RequestId | null | undefined): string {
  if (typeof id === "bigint") return id.toString();
  return JSON.stringify(id ?? null);
}
