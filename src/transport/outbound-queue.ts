import type { Transport } from "./transport.js";

/** Characters of a message written in parts that are handed to the transport at a time. */
export const PART_CHARS = 64 * 1024;
/** While more than this many bytes wait for the peer, writing a message in parts waits for them to drain. */
export const PARTS_HIGH_WATER = 1024 * 1024;

/** A message as the encoder made it: one line, or its pieces in order (read as they are written). */
export type EncodedMessage = string | Iterable<string>;

interface Held {
  encoded: EncodedMessage;
  urgent: boolean;
}

/**
 * One connection's outbound path, in order. A message given as pieces (an
 * answer carrying a long history) is written part by part as the pieces are
 * produced, pausing while the peer has more than `PARTS_HIGH_WATER` bytes to
 * take, so the server never holds the whole answer; every message written
 * meanwhile waits behind it and follows it in order.
 */
export class OutboundQueue {
  private writing: Promise<void> | undefined;
  private held: Held[] = [];
  private heldChars = 0;
  private closed = false;

  constructor(
    private readonly transport: Transport,
    /** A message whose pieces failed midway: its line cannot be completed, so the connection must not carry on. */
    private readonly onBroken: (error: unknown) => void,
    private readonly limits: { partChars: number; highWater: number } = { partChars: PART_CHARS, highWater: PARTS_HIGH_WATER },
  ) {}

  /** Queues one message; `urgent` (responses, server requests) leaves at once with everything before it. */
  write(encoded: EncodedMessage, urgent: boolean): void {
    if (this.closed) return;
    if (this.writing !== undefined) {
      this.held.push({ encoded, urgent });
      if (typeof encoded === "string") this.heldChars += encoded.length;
      return;
    }
    if (typeof encoded === "string") {
      this.transport.write(encoded, urgent);
      return;
    }
    // Set before the first piece is read: anything written while the pieces are produced waits its turn.
    let finished!: () => void;
    this.writing = new Promise((resolve) => (finished = resolve));
    void this.writeParts(encoded).finally(() => {
      this.writing = undefined;
      finished();
      this.release();
    });
  }

  /** True while a message is being written in parts. */
  get writingParts(): boolean {
    return this.writing !== undefined;
  }

  /** Bytes written towards the peer and not yet taken, plus messages waiting behind a message being written in parts. */
  backlog(): number {
    return this.transport.outboundBacklog() + this.heldChars;
  }

  /** Resolves once no message is being written in parts and the transport's backlog has drained (or the queue closed). */
  async drained(): Promise<void> {
    while (this.writing !== undefined && !this.closed) await this.writing;
    await this.transport.outboundDrained();
  }

  /** Drops what is waiting and stops a message being written in parts. */
  close(): void {
    this.closed = true;
    this.held = [];
    this.heldChars = 0;
  }

  private release(): void {
    while (this.writing === undefined && this.held.length > 0 && !this.closed) {
      const next = this.held.shift()!;
      if (typeof next.encoded === "string") this.heldChars -= next.encoded.length;
      this.write(next.encoded, next.urgent);
    }
  }

  private async writeParts(pieces: Iterable<string>): Promise<void> {
    let part = "";
    try {
      for (const piece of pieces) {
        part += piece;
        if (part.length < this.limits.partChars) continue;
        this.transport.writePart(part, false);
        part = "";
        if (this.transport.outboundBacklog() > this.limits.highWater) await this.transport.outboundDrained();
        if (this.closed) return;
      }
    } catch (error) {
      this.close();
      this.onBroken(error);
      return;
    }
    this.transport.writePart(part, true);
  }
}
