import type { NotificationParamsOf, ServerNotificationMethod } from "../protocol/registry.js";
import type { ThreadStatus } from "../protocol/thread.js";
import type { Session } from "../server/session.js";
import type { ThreadRecord } from "../store/types.js";

/** The in-memory side of a running turn that other requests (steer, interrupt) reach. */
export interface ActiveTurnHandle {
  readonly turnId: string;
  readonly kind: "regular" | "compact" | "review";
  /** Adds user input to the running turn (turn/steer). */
  steer(input: unknown[]): void;
  /** Stops the turn; resolves once it has stopped and `turn/completed` was sent. */
  interrupt(): Promise<void>;
}

export type PendingRequestKind = "waitingOnApproval" | "waitingOnUserInput";

/**
 * A thread held in memory: its record, the connections subscribed to its
 * stream, the running turn and pending server requests, from which its
 * status is derived.
 */
export class LoadedThread {
  readonly subscribers = new Set<Session>();
  activeTurn: ActiveTurnHandle | undefined;
  /** Server requests waiting for an answer, by request id. */
  readonly pendingRequests = new Map<string | number, PendingRequestKind>();
  systemError = false;
  private lastStatus: string;

  constructor(
    public record: ThreadRecord,
    readonly ephemeral: boolean,
    private readonly broadcast: <M extends ServerNotificationMethod>(method: M, params: NotificationParamsOf<M>) => void,
  ) {
    this.lastStatus = JSON.stringify(this.status());
  }

  get id(): string {
    return this.record.id;
  }

  status(): ThreadStatus {
    if (this.activeTurn || this.pendingRequests.size > 0) {
      const flags = new Set(this.pendingRequests.values());
      return {
        type: "active",
        activeFlags: (["waitingOnApproval", "waitingOnUserInput"] as const).filter((f) => flags.has(f)),
      };
    }
    return this.systemError ? { type: "systemError" } : { type: "idle" };
  }

  /** Sends `thread/status/changed` to every connection when the derived status changed. */
  publishStatus(): void {
    const status = this.status();
    const key = JSON.stringify(status);
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    this.broadcast("thread/status/changed", { threadId: this.id, status });
  }

  /** Sends a thread-scoped notification to the subscribed connections. */
  emit<M extends ServerNotificationMethod>(method: M, params: NotificationParamsOf<M>): void {
    for (const session of this.subscribers) session.notify(method, params);
  }

  subscribe(session: Session): void {
    this.subscribers.add(session);
  }
}
