import { RpcError, ErrorCode, invalidRequest } from "../protocol/errors.js";

/**
 * Opaque pagination cursors: base64url of a small JSON array
 * `[kind, sortValue, id, inclusive]`. `kind` names what the cursor pages over
 * (a thread sort key, "turn", "item") so a cursor from one listing is refused
 * by another; `inclusive` marks a backwards cursor, whose page starts with the
 * anchor row itself.
 */
export interface Cursor {
  kind: string;
  value: number;
  id: string;
  inclusive: boolean;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.kind, cursor.value, cursor.id, cursor.inclusive ? 1 : 0])).toString(
    "base64url",
  );
}

export function invalidCursor(cursor: string): RpcError {
  return new RpcError(ErrorCode.invalidParams, `invalid cursor: ${cursor}`);
}

/** Decodes a cursor produced by `encodeCursor` for `kind`; anything else is -32602 `invalid cursor: …`. */
export function decodeCursor(text: string, kind: string): Cursor {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+={0,2}$/.test(text)) throw new Error("not base64");
    parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor(text);
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 4 ||
    parsed[0] !== kind ||
    typeof parsed[1] !== "number" ||
    !Number.isSafeInteger(parsed[1]) ||
    typeof parsed[2] !== "string" ||
    (parsed[3] !== 0 && parsed[3] !== 1)
  ) {
    throw invalidCursor(text);
  }
  return { kind, value: parsed[1], id: parsed[2], inclusive: parsed[3] === 1 };
}

/** A thread listing's cursor checked before anything is read: thread/list and thread/search answer a bad one with -32600 (the item pages use -32602). */
export function checkThreadListCursor(text: string, sortKey: string): void {
  try {
    decodeCursor(text, sortKey);
  } catch (error) {
    if (error instanceof RpcError) throw invalidRequest(error.message);
    throw error;
  }
}
