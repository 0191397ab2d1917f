/**
 * Waiting for messages a test client receives, shared by ServerProcess
 * (stdio) and WsClient (WebSocket) so both wait, time out and list
 * notifications the same way.
 */
import type { ReceivedMessage, WireMessage } from "./rpc-test-client.js";

type Waiter = { predicate: (m: WireMessage) => boolean; resolve: (m: WireMessage) => void };

export class MessageWaiter {
  private waiters: Waiter[] = [];

  constructor(
    /** The client's record of what it received: searched first, so a wait does not miss a message that came before it. */
    private readonly received: readonly ReceivedMessage[],
    /** Appended to the timeout error (e.g. the server's stderr). */
    private readonly timeoutDetail: () => string = () => "",
  ) {}

  /** Hands a newly received message to the waits it satisfies. */
  deliver(message: WireMessage): void {
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.predicate(message)) return true;
      waiter.resolve(message);
      return false;
    });
  }

  /** Resolves with the first message (already received or future) matching `predicate`. */
  waitFor(predicate: (m: WireMessage) => boolean, timeoutMs = 10_000): Promise<WireMessage> {
    const existing = this.received.find((r) => predicate(r.message));
    if (existing) return Promise.resolve(existing.message);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for a message${this.timeoutDetail()}`));
      }, timeoutMs);
      const waiter: Waiter = {
        predicate,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Notifications received so far, optionally only those of `method`. */
  notifications(method?: string): WireMessage[] {
    return this.received
      .map((r) => r.message)
      .filter((m) => typeof m.method === "string" && !("id" in m) && (method === undefined || m.method === method));
  }
}
