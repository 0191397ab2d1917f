/**
 * Keeps the first `headBytes` and the last `tailBytes` of a byte stream and
 * counts what falls in between, so a command's output stays bounded however
 * much it prints.
 */
export class HeadTailBuffer {
  private readonly head: Buffer[] = [];
  private headLength = 0;
  private tail: Buffer[] = [];
  private tailLength = 0;
  /** Every byte pushed. */
  totalBytes = 0;

  constructor(
    readonly headBytes: number,
    readonly tailBytes: number,
  ) {}

  push(chunk: Buffer): void {
    this.totalBytes += chunk.length;
    let rest = chunk;
    if (this.headLength < this.headBytes) {
      const take = Math.min(this.headBytes - this.headLength, rest.length);
      this.head.push(rest.subarray(0, take));
      this.headLength += take;
      rest = rest.subarray(take);
    }
    if (rest.length === 0 || this.tailBytes === 0) return;
    this.tail.push(rest);
    this.tailLength += rest.length;
    // Drop whole chunks from the front while the rest still covers the tail.
    while (this.tail.length > 1 && this.tailLength - this.tail[0]!.length >= this.tailBytes) {
      this.tailLength -= this.tail.shift()!.length;
    }
    if (this.tail.length > 8) {
      const joined = Buffer.concat(this.tail);
      this.tail = [joined.subarray(joined.length - Math.min(joined.length, this.tailBytes))];
      this.tailLength = this.tail[0]!.length;
    }
  }

  /** Bytes left out between head and tail. */
  get droppedBytes(): number {
    return Math.max(0, this.totalBytes - this.headBytes - this.tailBytes);
  }

  get truncated(): boolean {
    return this.droppedBytes > 0;
  }

  headBuffer(): Buffer {
    return Buffer.concat(this.head);
  }

  tailBuffer(): Buffer {
    const joined = Buffer.concat(this.tail);
    const keep = this.truncated ? this.tailBytes : joined.length;
    return joined.subarray(joined.length - Math.min(keep, joined.length));
  }

  /**
   * The kept text; when bytes were left out, head and tail are cut at UTF-8
   * character boundaries and joined by `marker(droppedBytes)`.
   */
  toText(marker: (droppedBytes: number) => string = truncationMarker): string {
    if (!this.truncated) return Buffer.concat([this.headBuffer(), this.tailBuffer()]).toString("utf8");
    const head = trimIncompleteEnd(this.headBuffer());
    const tail = trimIncompleteStart(this.tailBuffer());
    const dropped = this.totalBytes - head.length - tail.length;
    return `${head.toString("utf8")}${marker(dropped)}${tail.toString("utf8")}`;
  }
}

export function truncationMarker(droppedBytes: number): string {
  return `\n[... ${droppedBytes} bytes truncated ...]\n`;
}

/** Drops a trailing partial UTF-8 sequence. */
export function trimIncompleteEnd(buf: Buffer): Buffer {
  let i = buf.length - 1;
  let continuation = 0;
  while (i >= 0 && continuation < 3 && (buf[i]! & 0xc0) === 0x80) {
    i--;
    continuation++;
  }
  if (i < 0) return buf;
  const lead = buf[i]!;
  const expected = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return expected > continuation + 1 ? buf.subarray(0, i) : buf;
}

/** Drops leading UTF-8 continuation bytes. */
export function trimIncompleteStart(buf: Buffer): Buffer {
  let i = 0;
  while (i < buf.length && i < 3 && (buf[i]! & 0xc0) === 0x80) i++;
  return buf.subarray(i);
}
