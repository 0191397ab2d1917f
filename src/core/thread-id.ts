import { v7 as uuidv7 } from "uuid";
import { invalidRequest, type RpcError } from "../protocol/errors.js";
import { parseUuid } from "../util/uuid.js";

/**
 * A new thread / turn / item id: UUIDv7, lowercase hyphenated. The uuid
 * package keeps v7 ids monotonic within a millisecond, so ids from this
 * process sort in creation order.
 */
export function newId(): string {
  return uuidv7();
}

/** Validates a client-supplied thread id: -32600 `invalid thread id: …` when it is not a UUID. */
export function parseThreadId(input: string): string {
  const parsed = parseUuid(input);
  if (!parsed.ok) throw invalidThreadId(parsed.error);
  return parsed.id;
}

function invalidThreadId(detail: string): RpcError {
  return invalidRequest(`invalid thread id: ${detail}`);
}
