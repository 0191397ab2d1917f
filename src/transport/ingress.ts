import type { Message } from "vscode-jsonrpc/node";
import type { Logger } from "../logging/logger.js";
import type { Session } from "../server/session.js";

export const OVERLOADED_CODE = -32001;
export const OVERLOADED_MESSAGE = "Server overloaded; retry later.";

/** Requests of a connection that were admitted and not yet answered (queued in vscode-jsonrpc or running). */
export function pendingRequests(session: Session): number {
  return session.requestsReceived - session.requestsStarted + session.requestsInFlight;
}

/**
 * Bounded ingress for one connection, applied in the reader before a message
 * reaches vscode-jsonrpc's queue. A request arriving while `maxPending`
 * requests are queued or in flight is answered at once with
 * `{"id":…,"error":{"code":-32001,"message":"Server overloaded; retry later."}}`
 * and never dispatched. Notifications and responses from the client always pass.
 */
export class IngressGate {
  /** Requests answered with -32001 so far. */
  rejected = 0;
  private lastWarnAt = 0;
  private rejectedSinceWarn = 0;

  constructor(
    readonly maxPending: number,
    private readonly answer: (line: string) => void,
    private readonly logger: Logger,
  ) {}

  /**
   * Ids of admitted requests not yet answered. vscode-jsonrpc keys its queue by
   * `req-${id}`, so a second request with a pending id (or `"1"` beside `1`)
   * would silently replace the first and one of them would never be answered.
   */
  private readonly openIds = new Set<string>();

  /** Called with the id of every response written to this connection. */
  release(id: string | number): void {
    this.openIds.delete(String(id));
  }

  /** Returns false when the message was answered here and must be dropped. */
  admit(session: Session | undefined, message: Message): boolean {
    const m = message as { id?: string | number; method?: unknown };
    if (m.id === undefined || typeof m.method !== "string" || session === undefined) return true;
    const key = String(m.id);
    if (this.openIds.has(key)) {
      this.answer(
        `${JSON.stringify({
          id: m.id,
          error: { code: -32600, message: `Invalid request: duplicate request id ${JSON.stringify(m.id)}: an earlier request with this id is still pending` },
        })}\n`,
      );
      return false;
    }
    if (pendingRequests(session) < this.maxPending) {
      session.requestsReceived++;
      this.openIds.add(key);
      return true;
    }
    this.rejected++;
    this.rejectedSinceWarn++;
    this.answer(`${JSON.stringify({ id: m.id, error: { code: OVERLOADED_CODE, message: OVERLOADED_MESSAGE } })}\n`);
    const now = Date.now();
    if (now - this.lastWarnAt >= 1_000) {
      this.logger.warn(
        { session: session.id, rejected: this.rejectedSinceWarn, maxPending: this.maxPending },
        "connection overloaded: answering new requests with -32001",
      );
      this.lastWarnAt = now;
      this.rejectedSinceWarn = 0;
    }
    return false;
  }
}
