import type { Readable, Writable } from "node:stream";
import type { Logger } from "../logging/logger.js";
import { JsonlMessageReader, JsonlMessageWriter } from "./jsonl.js";
import type { Transport, TransportSink } from "./transport.js";

export interface StreamTransportOptions {
  /** While more than this many bytes wait for the peer, input is paused. */
  maxOutboundBytes: number;
  maxLineBytes?: number;
  logger: Logger;
}

/**
 * JSONL over a pair of byte streams (the process's stdin/stdout). Lines
 * written in the same tick leave in one write. Writes to a pipe are
 * asynchronous in Node (they queue in memory when the client does not read):
 * while more than `maxOutboundBytes` are queued, input is paused, so the
 * client cannot make the server produce more until it catches up.
 */
export class StreamTransport implements Transport {
  readonly kind = "stdio";
  private readonly writer: JsonlMessageWriter;
  private inputPaused = false;
  private closed = false;

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
    private readonly options: StreamTransportOptions,
  ) {
    this.writer = new JsonlMessageWriter({ write: (data) => this.writeOut(data) }, { batch: true });
  }

  listen(sink: TransportSink): void {
    const reader = new JsonlMessageReader(this.input, {
      maxLineBytes: this.options.maxLineBytes,
      onInvalid: (invalid) => sink.invalid(invalid),
      onEnd: () => sink.end(),
    });
    reader.listen((message) => sink.message(message));
  }

  write(line: string, urgent: boolean): void {
    this.writer.writeLine(line, urgent);
  }

  writePart(part: string, last: boolean): void {
    this.writer.writeLine(part, last);
  }

  private writeOut(data: string): void {
    if (this.output.destroyed) return;
    this.output.write(data);
    if (!this.inputPaused && this.output.writableLength > this.options.maxOutboundBytes) {
      this.inputPaused = true;
      this.input.pause();
      this.options.logger.debug({ buffered: this.output.writableLength }, "output backlog over the limit; pausing input");
      this.output.once("drain", () => {
        this.inputPaused = false;
        if (!this.closed) this.input.resume();
      });
    }
  }

  outboundBacklog(): number {
    return this.output.writableLength + this.writer.pendingLength;
  }

  outboundDrained(): Promise<void> {
    this.writer.flush();
    if (this.output.writableLength === 0 || this.output.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.output.off("drain", done);
        this.output.off("close", done);
        resolve();
      };
      this.output.once("drain", done);
      this.output.once("close", done);
    });
  }

  /** Hands every queued line to the output stream now. */
  flush(): void {
    this.writer.flush();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.writer.end();
  }
}
