import type { Readable } from "node:stream";
import { decodeLine, encodeMessage, type InvalidInput } from "./jsonl-codec.js";
import type { InboundMessage, OutboundMessage } from "./message.js";

export type { InvalidInput } from "./jsonl-codec.js";

export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;
const NEWLINE = 0x0a;

export interface JsonlReaderOptions {
  maxLineBytes?: number;
  /** Called for input that is not a JSON-RPC message; the server answers it. */
  onInvalid: (invalid: InvalidInput) => void;
  /** Called once at end of input. */
  onEnd?: () => void;
}

/** The answer to a message over the size limit (stdio line or WebSocket frame). */
export function oversizedInput(maxBytes: number): InvalidInput {
  return {
    code: -32600,
    message: `Invalid request: message exceeds the maximum size of ${maxBytes} bytes and was discarded`,
    id: null,
  };
}

/**
 * Reads newline-delimited JSON. Bytes are buffered until a newline so that a
 * multi-byte UTF-8 character split across chunks decodes intact; `\r\n` is
 * accepted; blank lines are ignored; a line longer than `maxLineBytes` is
 * discarded up to its newline and reported once.
 */
export class JsonlMessageReader {
  private readonly maxLineBytes: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private discarding = false;
  private callback: ((message: InboundMessage) => void) | undefined;

  constructor(
    private readonly input: Readable,
    private readonly options: JsonlReaderOptions,
  ) {
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  }

  listen(callback: (message: InboundMessage) => void): { dispose(): void } {
    this.callback = callback;
    const onData = (chunk: Buffer | string) => this.onChunk(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
    let ended = false;
    const onEnd = () => {
      if (ended) return;
      ended = true;
      this.options.onEnd?.();
    };
    // A read error ends the input like EOF does (the error event alone would leave it hanging).
    const onError = () => onEnd();
    this.input.on("data", onData);
    this.input.on("end", onEnd);
    this.input.on("close", onEnd);
    this.input.on("error", onError);
    return {
      dispose: () => {
        this.input.off("data", onData);
        this.input.off("end", onEnd);
        this.input.off("close", onEnd);
        this.input.off("error", onError);
        this.callback = undefined;
      },
    };
  }

  private onChunk(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      if (newline === -1) {
        this.append(chunk.subarray(start));
        return;
      }
      this.append(chunk.subarray(start, newline));
      this.finishLine();
      start = newline + 1;
    }
  }

  private append(part: Buffer): void {
    if (this.discarding || part.length === 0) return;
    if (this.pendingBytes + part.length > this.maxLineBytes) {
      this.pending = [];
      this.pendingBytes = 0;
      this.discarding = true;
      return;
    }
    this.pending.push(part);
    this.pendingBytes += part.length;
  }

  private finishLine(): void {
    if (this.discarding) {
      this.discarding = false;
      this.options.onInvalid(oversizedInput(this.maxLineBytes));
      return;
    }
    const bytes = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    let line = bytes.toString("utf8");
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (line.trim() === "") return;
    const decoded = decodeLine(line);
    if (decoded.kind === "invalid") {
      this.options.onInvalid(decoded);
      return;
    }
    this.callback?.(decoded.message);
  }
}

export interface LineSink {
  write(line: string): void;
}

export interface JsonlWriterOptions {
  /**
   * Coalesce the lines written in one turn of the event loop into one
   * `sink.write`, in order: flushed on `setImmediate`, with a response, or
   * at once past `maxBatchChars`. For byte streams (stdio): a streamed reply
   * is then a handful of writes instead of one syscall per notification.
   */
  batch?: boolean;
  /** Flush as soon as this many characters are pending (default 256 KiB). */
  maxBatchChars?: number;
}

const DEFAULT_MAX_BATCH_CHARS = 256 * 1024;

/** Writes each message as one line; see `encodeMessage` for the wire form. */
export class JsonlMessageWriter {
  private closed = false;
  private readonly batch: boolean;
  private readonly maxBatchChars: number;
  private pending = "";
  private flushScheduled = false;

  constructor(
    private readonly sink: LineSink,
    options: JsonlWriterOptions = {},
  ) {
    this.batch = options.batch ?? false;
    this.maxBatchChars = options.maxBatchChars ?? DEFAULT_MAX_BATCH_CHARS;
  }

  /** Characters accepted but not yet handed to the sink (batching only). */
  get pendingLength(): number {
    return this.pending.length;
  }

  /** Encodes and writes one message; a response leaves at once (with the lines before it). */
  write(message: OutboundMessage): Promise<void> {
    const response = (message as { method?: unknown }).method === undefined;
    this.writeLine(encodeMessage(message), response);
    return Promise.resolve();
  }

  /** Writes a pre-encoded response line; it leaves at once. */
  writeRaw(line: string): void {
    this.writeLine(line, true);
  }

  /** Writes one encoded line; `urgent` flushes it with everything before it (batching is for notification streams). */
  writeLine(line: string, urgent: boolean): void {
    if (this.closed) return;
    this.emit(line);
    if (urgent) this.flush();
  }

  private emit(line: string): void {
    if (!this.batch) {
      this.sink.write(line);
      return;
    }
    this.pending += line;
    if (this.pending.length >= this.maxBatchChars) {
      this.flush();
    } else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.scheduledFlush);
    }
  }

  private readonly scheduledFlush = (): void => {
    this.flushScheduled = false;
    this.flush();
  };

  /** Hands every pending line to the sink now (batching); call before exiting. */
  flush(): void {
    if (this.pending === "") return;
    const data = this.pending;
    this.pending = "";
    this.sink.write(data);
  }

  /** Stops accepting messages; lines already accepted are still written. */
  end(): void {
    if (!this.closed) this.flush();
    this.closed = true;
  }
}
