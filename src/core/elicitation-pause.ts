import { invalidRequest } from "../protocol/errors.js";

/** Whether a thread's timeouts are paused, and a way to wait for it to change. */
export interface PauseState {
  readonly paused: boolean;
  /** Calls `listener` at every change (paused → running or running → paused) until the returned function is called. */
  subscribe(listener: () => void): () => void;
}

/**
 * A thread's out-of-band elicitation counter (`thread/increment_elicitation`,
 * `thread/decrement_elicitation`): a client asking the user something outside
 * the app-server's own requests counts it here, and while the count is above
 * zero the time a command's yield waits (`exec_command`, `write_stdin`) does
 * not run down.
 */
export class ElicitationPause implements PauseState {
  private count = 0;
  private readonly listeners = new Set<() => void>();

  get paused(): boolean {
    return this.count > 0;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  increment(): { count: number; paused: boolean } {
    this.count++;
    if (this.count === 1) this.notify();
    return { count: this.count, paused: this.paused };
  }

  /** -32600 `out-of-band elicitation count is already zero` at zero, as the reference answers. */
  decrement(): { count: number; paused: boolean } {
    if (this.count === 0) throw invalidRequest("out-of-band elicitation count is already zero");
    this.count--;
    if (this.count === 0) this.notify();
    return { count: this.count, paused: this.paused };
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
