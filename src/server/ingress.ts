import type { Logger } from "../logging/logger.js";
import { ErrorCode, RpcError } from "../protocol/errors.js";
import type { InboundRequest } from "../transport/message.js";
import type { Session } from "./session.js";

export const OVERLOADED_MESSAGE = "Server overloaded; retry later.";

/**
 * Bounded ingress for one connection. A request arriving while `maxPending`
 * requests of the connection are being handled is refused with
 * `{"code":-32001,"message":"Server overloaded; retry later."}` and never
 * dispatched; a request reusing the id of one still being handled is refused
 * with -32600 (each request is answered exactly once, under its own id).
 */
export class IngressGate {
  /** Requests answered with -32001 so far. */
  rejected = 0;
  private lastWarnAt = 0;
  private rejectedSinceWarn = 0;

  constructor(
    readonly maxPending: number,
    private readonly logger: Logger,
  ) {}

  /** The error to answer `request` with instead of dispatching it, or undefined to admit it. */
  refusal(session: Session, request: InboundRequest): RpcError | undefined {
    if (session.isOpenRequest(request.id)) {
      const shown = typeof request.id === "bigint" ? request.id.toString() : JSON.stringify(request.id);
      return new RpcError(
        ErrorCode.invalidRequest,
        `Invalid request: duplicate request id ${shown}: an earlier request with this id is still pending`,
      );
    }
    if (session.pendingRequests < this.maxPending) return undefined;
    this.rejected++;
    this.rejectedSinceWarn++;
    const now = Date.now();
    if (now - this.lastWarnAt >= 1_000) {
      this.logger.warn(
        { session: session.id, rejected: this.rejectedSinceWarn, maxPending: this.maxPending },
        "connection overloaded: answering new requests with -32001",
      );
      this.lastWarnAt = now;
      this.rejectedSinceWarn = 0;
    }
    return new RpcError(ErrorCode.overloaded, OVERLOADED_MESSAGE);
  }
}
