/**
 * The stdio client's read buffer, in place of the SDK's: the SDK copies its
 * whole buffer on every chunk, so one 10 MB message takes over 20 s to
 * arrive. This one keeps the chunks and looks for a newline only in those it
 * has not searched yet.
 */
export class LineReadBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  /** Leading chunks already known to hold no newline. */
  private searched = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly parse: (line: string) => unknown,
  ) {}

  append(chunk: Buffer): void {
    if (this.size + chunk.length > this.maxBytes) {
      this.clear();
      throw new Error(`MCP server message exceeded the maximum size of ${this.maxBytes} bytes`);
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  readMessage(): unknown {
    for (let index = this.searched; index < this.chunks.length; index++) {
      const chunk = this.chunks[index]!;
      const newline = chunk.indexOf(10);
      if (newline === -1) continue;
      const line = Buffer.concat([...this.chunks.slice(0, index), chunk.subarray(0, newline)]).toString("utf8").replace(/\r$/, "");
      const rest = chunk.subarray(newline + 1);
      this.chunks = rest.length > 0 ? [rest, ...this.chunks.slice(index + 1)] : this.chunks.slice(index + 1);
      this.size = this.chunks.reduce((total, part) => total + part.length, 0);
      this.searched = 0;
      return this.parse(line);
    }
    this.searched = this.chunks.length;
    return null;
  }

  clear(): void {
    this.chunks = [];
    this.size = 0;
    this.searched = 0;
  }
}
