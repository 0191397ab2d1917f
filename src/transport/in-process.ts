import { decodeLine, encodeMessage } from "./jsonl-codec.js";
import type { OutboundMessage } from "./message.js";
import type { Transport, TransportSink } from "./transport.js";

/** The client end of an in-process pair: sends lines or messages, receives parsed lines. */
export interface InProcessClient {
  /** Sends one message (encoded as the wire would carry it) or a raw line. */
  send(message: OutboundMessage | string): void;
  /** Every line the server wrote, parsed, in order. */
  readonly received: unknown[];
  /** Called with each line the server writes (raw text, then parsed). */
  onLine(listener: (line: string, parsed: unknown) => void): void;
  /** Ends the input, as a client closing its pipe. */
  end(): void;
  /** True once the server closed the transport. */
  readonly closed: boolean;
}

/**
 * A linked transport/client pair in one process: what the client sends is
 * decoded exactly as a stdio line is (including malformed input), what the
 * server writes is parsed back from the exact text it would send. Delivery is
 * asynchronous (a microtask), as across a pipe. For protocol and handler
 * tests that need no separate process.
 */
export function createInProcessPair(): { transport: Transport; client: InProcessClient } {
  let sink: TransportSink | undefined;
  const early: string[] = [];
  let ended = false;
  let closed = false;
  const listeners: Array<(line: string, parsed: unknown) => void> = [];
  const received: unknown[] = [];
  let parts: string[] = [];

  const deliver = (line: string) => {
    if (!sink) {
      early.push(line);
      return;
    }
    if (line.trim() === "") return;
    const decoded = decodeLine(line);
    if (decoded.kind === "invalid") sink.invalid(decoded);
    else sink.message(decoded.message);
  };

  const transport: Transport = {
    kind: "in-process",
    listen(target) {
      sink = target;
      for (const line of early.splice(0)) deliver(line);
      if (ended) target.end();
    },
    writePart(part, last) {
      parts.push(part);
      if (!last) return;
      const line = parts.join("");
      parts = [];
      transport.write(line, true);
    },
    write(line) {
      if (closed) return;
      for (const text of line.split("\n")) {
        if (text === "") continue;
        const parsed = JSON.parse(text) as unknown;
        received.push(parsed);
        for (const listener of listeners) listener(text, parsed);
      }
    },
    outboundBacklog: () => 0,
    outboundDrained: () => Promise.resolve(),
    close() {
      closed = true;
    },
  };

  const client: InProcessClient = {
    send(message) {
      const line = typeof message === "string" ? message : encodeMessage(message).slice(0, -1);
      queueMicrotask(() => {
        if (!ended) deliver(line);
      });
    },
    received,
    onLine(listener) {
      listeners.push(listener);
    },
    end() {
      queueMicrotask(() => {
        if (ended) return;
        ended = true;
        sink?.end();
      });
    },
    get closed() {
      return closed;
    },
  };
  return { transport, client };
}
