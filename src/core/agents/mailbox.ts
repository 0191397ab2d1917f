/**
 * Messages other agents left for a thread (multi-agent v2): the messages
 * themselves go into the thread's model context; the mailbox counts the ones
 * no `wait_agent` has reported yet and wakes a waiting `wait_agent`. Held by
 * the thread's `LoadedThread`.
 */
export class AgentMailbox {
  private unreported = 0;
  private readonly waiters = new Set<() => void>();

  /** A message arrived. */
  delivered(): void {
    this.unreported++;
    for (const wake of [...this.waiters]) wake();
  }

  /**
   * Resolves true as soon as a message is (or already was) waiting, false
   * when `timeoutMs` passes or `signal` aborts first. Reporting a message
   * consumes it: the next wait needs a new one.
   */
  waitForMessage(timeoutMs: number, signal: AbortSignal): Promise<boolean> {
    if (this.unreported > 0 || signal.aborted) return Promise.resolve(this.take());
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", finish);
        this.waiters.delete(finish);
        resolve(this.take());
      };
      const timer = setTimeout(finish, timeoutMs);
      signal.addEventListener("abort", finish, { once: true });
      this.waiters.add(finish);
    });
  }

  private take(): boolean {
    const had = this.unreported > 0;
    this.unreported = 0;
    return had;
  }
}
