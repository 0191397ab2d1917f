import type { ServerRequestMethod, ServerRequestParamsOf } from "../protocol/registry.js";
import type { LoadedThread, PendingRequestKind, PendingThreadRequest } from "./loaded-thread.js";
import type { ClientConnection, ServerRequestAnswer, ServerRequestIds } from "./ports.js";

/**
 * Server → client requests about a thread (approvals), sent to every
 * connection subscribed to it under one id (from the server's allocator): the first answer
 * wins, the thread's subscribers then get `serverRequest/resolved` and later
 * answers are dropped. A connection that subscribes while a request is
 * pending (thread/resume) gets it replayed with the same id.
 *
 * While a request is pending the thread is `active` with `waitingOnApproval`
 * (or `waitingOnUserInput`). A request is cleared, with
 * `serverRequest/resolved`, when `signal` aborts (interrupt, turn end, server
 * shutdown) or when every connection it was sent to has closed. One the
 * thread's ending turn clears is resolved after that turn's `turn/completed`,
 * as the reference orders them (and the status goes straight to idle).
 * `announceResolved: false` leaves `serverRequest/resolved` out (the
 * reference sends none for a dynamic tool call).
 */

export type ThreadRequestOutcome =
  | { kind: "answered"; answer: ServerRequestAnswer }
  /** `aborted`: the turn stopped; `noClient`: no open connection could answer. */
  | { kind: "cleared"; reason: "aborted" | "noClient" };

/**
 * Sends `method` to the thread's subscribers and resolves with the first
 * answer, or with `cleared` (never rejects).
 */
export function requestFromThread<M extends ServerRequestMethod>(
  requestIds: ServerRequestIds,
  thread: LoadedThread,
  method: M,
  params: ServerRequestParamsOf<M>,
  kind: PendingRequestKind | null,
  signal: AbortSignal,
  options: { announceResolved?: boolean } = {},
): Promise<ThreadRequestOutcome> {
  const announceResolved = options.announceResolved ?? true;
  return new Promise((resolve) => {
    const id = requestIds();
    const targets = new Set<ClientConnection>();
    const closeListeners = new Map<ClientConnection, () => void>();
    let settled = false;
    let delivered = false;

    const settle = (outcome: ThreadRequestOutcome) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      for (const [connection, listener] of closeListeners) {
        connection.signal.removeEventListener("abort", listener);
        connection.forgetServerRequest(id);
      }
      closeListeners.clear();
      thread.pendingRequests.delete(id);
      const resolved = () => {
        if (delivered && announceResolved) thread.emit("serverRequest/resolved", { threadId: thread.id, requestId: id });
      };
      if (outcome.kind === "cleared" && outcome.reason === "aborted" && thread.activeTurn?.signal.aborted) {
        thread.afterTurnCompleted(resolved);
      } else {
        resolved();
        thread.publishStatus();
      }
      resolve(outcome);
    };

    const onAbort = () => settle({ kind: "cleared", reason: "aborted" });

    const request: PendingThreadRequest = {
      id,
      method,
      kind,
      sendTo(connection: ClientConnection) {
        if (settled || targets.has(connection) || connection.closed) return;
        const sent = connection.sendServerRequest(id, method, params, (answer) => settle({ kind: "answered", answer }));
        if (!sent) return;
        delivered = true;
        targets.add(connection);
        const onClose = () => {
          closeListeners.delete(connection);
          targets.delete(connection);
          // Declined only when nobody else can answer any more.
          if (targets.size === 0) settle({ kind: "cleared", reason: "noClient" });
        };
        closeListeners.set(connection, onClose);
        connection.signal.addEventListener("abort", onClose, { once: true });
      },
    };

    if (signal.aborted) {
      resolve({ kind: "cleared", reason: "aborted" });
      return;
    }
    signal.addEventListener("abort", onAbort, { once: true });
    thread.pendingRequests.set(id, request);
    thread.publishStatus();
    for (const connection of [...thread.subscribers]) request.sendTo(connection);
    if (targets.size === 0) settle({ kind: "cleared", reason: "noClient" });
  });
}

/** Re-sends the thread's pending requests (same ids) to a connection that just subscribed (thread/resume). */
export function replayThreadRequests(thread: LoadedThread, connection: ClientConnection): void {
  if (!thread.subscribers.has(connection)) return;
  for (const request of [...thread.pendingRequests.values()]) request.sendTo(connection);
}
