/**
 * The server's most recent log lines, kept in memory (already redacted by
 * the logger) for diagnostic bundles (`feedback/save`, `feedback/upload`).
 */
export class RecentLogLines {
  private readonly lines: string[] = [];
  private next = 0;

  constructor(private readonly capacity = 2_000) {}

  push(line: string): void {
    if (this.lines.length < this.capacity) this.lines.push(line);
    else this.lines[this.next] = line;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Oldest first. */
  snapshot(): string[] {
    if (this.lines.length < this.capacity) return [...this.lines];
    return [...this.lines.slice(this.next), ...this.lines.slice(0, this.next)];
  }
}
