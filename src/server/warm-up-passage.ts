import type { InboundMessage } from "../transport/message.js";

/**
 * Requests answered from the thread store and loaded state alone: they need
 * nothing the warm-up loads (it opens the store before it yields), and they are
 * short, so a client that lists threads the moment `initialize` is answered is
 * answered at once instead of after the model client has loaded.
 */
const STORE_READS: ReadonlySet<string> = new Set([
  "thread/list",
  "thread/read",
  "thread/turns/list",
  "thread/items/list",
  "thread/loaded/list",
]);

/**
 * Whether `message` may run while the process warms up, when nothing of its
 * connection is held yet (so it runs after everything the client sent before
 * it, as without a warm-up). `initialized` does nothing but has to pass too:
 * every client sends it right before its first request.
 */
export function passesWarmUp(message: InboundMessage): boolean {
  switch (message.kind) {
    case "request":
      return STORE_READS.has(message.method);
    case "notification":
      return message.method === "initialized";
    case "response":
      return false;
  }
}
