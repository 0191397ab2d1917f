import type { ServerRequestMethod, ServerRequestParamsOf } from "../protocol/registry.js";
import { allocateServerRequestId, type ServerRequestAnswer, type Session } from "../server/session.js";
import type { LoadedThread, PendingRequestKind } from "./loaded-thread.js";

/**
 * Server → client requests about a thread (approvals), sent to every
 * connection subscribed to it under one process-wide id: the first answer
 * wins, the thread's subscribers then get `serverRequest/resolved` and later
 * answers are dropped. A connection that subscribes while a request is
 * pending (thread/resume) gets it replayed with the same id.
 *
 * While a request is pending the thread is `active` with `waitingOnApproval`
 * (or `waitingOnUserInput`). A request is cleared, with
 * `serverRequest/resolved`, when `signal` aborts (interrupt, turn end, server
 * shutdown) or when every connection it was sent to has closed.
 */

export type ThreadRequestOutcome =
  | { kind: "answered"; answer: ServerRequestAnswer }
  /** `aborted`: the turn stopped; `noClient`: no open connection could answer. */
  | { kind: "cleared"; reason: "aborted" | "noClient" };

interface PendingThreadRequest {
  readonly id: number;
  readonly method: ServerRequestMethod;
  readonly params: unknown;
  /** Connections the request was sent to that are still open. */
  readonly targets: Set<Session>;
  settled: boolean;
  /** Sends the request to one more connection. */
  sendTo(session: Session): void;
}

const pendingByThread = new WeakMap<LoadedThread, Map<number, PendingThreadRequest>>();

function pendingOf(thread: LoadedThread): Map<number, PendingThreadRequest> {
  let map = pendingByThread.get(thread);
  if (!map) pendingByThread.set(thread, (map = new Map()));
  return map;
}

/**
 * Sends `method` to the thread's subscribers and resolves with the first
 * answer, or with `cleared` (never rejects).
 */
export function requestFromThread<M extends ServerRequestMethod>(
  thread: LoadedThread,
  method: M,
  params: ServerRequestParamsOf<M>,
  kind: PendingRequestKind,
  signal: AbortSignal,
): Promise<ThreadRequestOutcome> {
  return new Promise((resolve) => {
    const id = allocateServerRequestId();
    const pending = pendingOf(thread);
    const closeListeners = new Map<Session, () => void>();
    let delivered = false;

    const settle = (outcome: ThreadRequestOutcome) => {
      if (request.settled) return;
      request.settled = true;
      signal.removeEventListener("abort", onAbort);
      for (const [session, listener] of closeListeners) {
        session.signal.removeEventListener("abort", listener);
        session.forgetServerRequest(id);
      }
      closeListeners.clear();
      pending.delete(id);
      thread.pendingRequests.delete(id);
      if (delivered) thread.emit("serverRequest/resolved", { threadId: thread.id, requestId: id });
      thread.publishStatus();
      resolve(outcome);
    };

    const onAbort = () => settle({ kind: "cleared", reason: "aborted" });

    const request: PendingThreadRequest = {
      id,
      method,
      params,
      targets: new Set(),
      settled: false,
      sendTo(session: Session) {
        if (request.settled || request.targets.has(session) || session.closed) return;
        const sent = session.sendServerRequest(id, method, params, (answer) => settle({ kind: "answered", answer }));
        if (!sent) return;
        delivered = true;
        request.targets.add(session);
        const onClose = () => {
          closeListeners.delete(session);
          request.targets.delete(session);
          // Declined only when nobody else can answer any more.
          if (request.targets.size === 0) settle({ kind: "cleared", reason: "noClient" });
        };
        closeListeners.set(session, onClose);
        session.signal.addEventListener("abort", onClose, { once: true });
      },
    };

    if (signal.aborted) {
      resolve({ kind: "cleared", reason: "aborted" });
      return;
    }
    signal.addEventListener("abort", onAbort, { once: true });
    pending.set(id, request);
    thread.pendingRequests.set(id, kind);
    thread.publishStatus();
    for (const session of [...thread.subscribers]) request.sendTo(session);
    if (request.targets.size === 0) settle({ kind: "cleared", reason: "noClient" });
  });
}

/** Re-sends the thread's pending requests (same ids) to a connection that just subscribed (thread/resume). */
export function replayThreadRequests(thread: LoadedThread, session: Session): void {
  const pending = pendingByThread.get(thread);
  if (!pending || !thread.subscribers.has(session)) return;
  for (const request of [...pending.values()]) request.sendTo(session);
}
