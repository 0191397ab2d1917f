import type { InvalidInput } from "./jsonl-codec.js";
import type { InboundMessage } from "./message.js";

/** What a transport delivers: decoded messages, input it could not decode, and the end of input. */
export interface TransportSink {
  message(message: InboundMessage): void;
  /** Input that is not a JSON-RPC message (the connection answers it). */
  invalid(invalid: InvalidInput): void;
  /** End of input (the peer closed or went away). Called once. */
  end(): void;
}

/**
 * One client connection's byte channel (stdio, a WebSocket, an in-process
 * pair). Transports are dumb: framing, flow control and closing. What the
 * messages mean is the server's business.
 */
export interface Transport {
  /** A short label for logs (`stdio`, `ws`, `in-process`). */
  readonly kind: string;
  /** Starts delivering input to `sink`. */
  listen(sink: TransportSink): void;
  /**
   * Queues one encoded message (a JSONL line ending in `\n`). `urgent`
   * (responses) hands it, with everything queued before it, to the OS now;
   * other lines may be coalesced until the end of the event-loop turn.
   */
  write(line: string, urgent: boolean): void;
  /**
   * Queues a part of one encoded message (the parts, in order, make one
   * line; the last ends in `\n`). Nothing else is written between the parts
   * of a message: the connection holds other messages back meanwhile. A byte
   * stream passes the parts on as they come (the last one leaves at once, as
   * a response); a framed transport sends the message as one frame with its
   * last part.
   */
  writePart(part: string, last: boolean): void;
  /** Bytes written towards the peer and not yet taken by it. */
  outboundBacklog(): number;
  /** Resolves once the backlog has drained (or the transport closed). */
  outboundDrained(): Promise<void>;
  /** Stops reading; lines already accepted are still written where possible. Idempotent. */
  close(): void;
}
