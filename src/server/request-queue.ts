import type { InboundRequest } from "../transport/message.js";

/** Requests handled per connection in one event-loop turn; the rest wait for the next turns. */
const REQUESTS_PER_TURN = 32;

/**
 * A connection's received requests, started in arrival order, at most
 * `REQUESTS_PER_TURN` per event-loop turn: a client flooding requests cannot
 * starve other connections or the streams of running turns, and what waits
 * here counts against the connection's ingress bound.
 */
export class RequestQueue {
  private readonly waiting: Array<[InboundRequest, AbortSignal]> = [];
  private scheduled = false;

  constructor(private readonly start: (request: InboundRequest, signal: AbortSignal) => void) {}

  push(request: InboundRequest, signal: AbortSignal): void {
    this.waiting.push([request, signal]);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.drain);
    }
  }

  private readonly drain = (): void => {
    this.scheduled = false;
    const batch = this.waiting.splice(0, REQUESTS_PER_TURN);
    if (this.waiting.length > 0) {
      this.scheduled = true;
      setImmediate(this.drain);
    }
    for (const [request, signal] of batch) this.start(request, signal);
  };
}
