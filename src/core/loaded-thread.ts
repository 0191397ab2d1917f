import type { JsonValue } from "../protocol/common.js";
import type { SandboxPolicy } from "../protocol/policy.js";
import type { NotificationParamsOf, ServerNotificationMethod, ServerRequestMethod } from "../protocol/registry.js";
import type { ThreadGoal } from "../protocol/goal.js";
import type { CollaborationMode, ThreadReadState, ThreadStatus } from "../protocol/thread.js";
import type { HistoryMode } from "../store/sqlite-store.js";
import type { ThreadRecord } from "../store/types.js";
import type { StoredTurn } from "../store/history.js";
import type { Turn } from "../protocol/turn.js";
import { randomUUID } from "node:crypto";
import { newId } from "./thread-id.js";
import { ElicitationPause } from "./elicitation-pause.js";
import type { TurnContextSettings } from "./context/index.js";
import type { SubAgentState } from "./agents/sub-agent.js";
import { AgentMailbox } from "./agents/mailbox.js";
import type { Broadcast, ClientConnection } from "./ports.js";
import type { ProjectInstructions } from "./project-instructions.js";
import { UnifiedExecSessions } from "./tools/unified-exec/index.js";
import type { HistoryOrigin } from "./turn/request-context.js";
import { CodeModeSession } from "./code-mode/session.js";
import { ModelSession } from "../model/ws-session.js";

/** The in-memory side of a running turn that other requests (steer, interrupt) reach. */
export interface ActiveTurnHandle {
  readonly turnId: string;
  readonly kind: "regular" | "compact" | "review";
  /** Adds user input to the running turn (turn/steer). */
  steer(input: unknown[]): void;
  /** Stops the turn; resolves once it has stopped and `turn/completed` was sent. */
  interrupt(): Promise<void>;
  /** Aborted once the turn is interrupted or the server shuts down. */
  readonly signal: AbortSignal;
}

export type PendingRequestKind = "waitingOnApproval" | "waitingOnUserInput";

/** A server request about the thread still waiting for an answer (see thread-requests.ts). */
export interface PendingThreadRequest {
  readonly id: number;
  readonly method: ServerRequestMethod;
  /** The status flag it raises while pending; null for one that raises none (a dynamic tool call). */
  readonly kind: PendingRequestKind | null;
  /** Sends the request to one more connection (a new subscriber), under the same id. */
  sendTo(connection: ClientConnection): void;
}

/** `acceptForSession` decisions, remembered while the thread is loaded (see approvals.ts). */
export interface SessionApprovals {
  /** argv (JSON) → the sandbox the approved command ran under. */
  readonly commands: Map<string, SandboxPolicy>;
  /** Directories whose files patches may change without asking again. */
  readonly patchRoots: Set<string>;
  /** MCP tools (`server/tool`, JSON) approved for the session. */
  readonly mcpTools: Set<string>;
}

export interface LoadedThreadOptions {
  historyMode?: HistoryMode;
  readState?: ThreadReadState;
  /** The row exists in the store. */
  persisted?: boolean;
  /** At least one turn was recorded. */
  hasTurns?: boolean;
  runtimeWorkspaceRoots?: string[];
  environments?: JsonValue[] | null;
  /** A stored thread's last sent context settings. */
  lastContextSettings?: TurnContextSettings | null;
}

/**
 * A thread held in memory, and everything about it while it is loaded: its
 * record and persistence state, the connections subscribed to its stream,
 * the running turn, pending server requests (from which its status is
 * derived), remembered approvals and the selected collaboration mode.
 * Owned by the thread registry (`ThreadManager`).
 */
/** The first page of a thread's turns, prepared after thread/resume or thread/fork (`first-turns-page.ts`). */
export interface PreparedTurnsPage {
  /** The kept history's version the page was built at (`SqliteStore.keptHistoryVersion`). */
  version: number;
  /** The newest turns, newest first, one more than the page holds when there are more. */
  rows: StoredTurn[];
  /** The same turns on the wire, summary view, their items read. */
  turns: Turn[];
}

export class LoadedThread {
  readonly subscribers = new Set<ClientConnection>();
  activeTurn: ActiveTurnHandle | undefined;
  /** Server requests waiting for an answer, by request id. */
  readonly pendingRequests = new Map<number, PendingThreadRequest>();
  private readonly sendAfterTurnCompleted: Array<() => void> = [];
  readonly approvals: SessionApprovals = { commands: new Map(), patchRoots: new Set(), mcpTools: new Set() };
  /** The collaboration mode a client selected (experimental `turn/start.collaborationMode`). */
  collaborationMode: CollaborationMode | undefined;
  systemError = false;
  /** The user-message queue waits: the last turn was interrupted, and no thread/queue/start has started it again. */
  queueHeld = false;
  historyMode: HistoryMode;
  readState: ThreadReadState;
  /** Durable threads: the row exists in the store (written with the first turn). Always false for ephemeral ones. */
  persisted: boolean;
  /** Ephemeral threads: at least one turn was recorded. */
  hasTurns: boolean;
  runtimeWorkspaceRoots: string[];
  /**
   * The `source` of the SessionStart hooks still to run before this thread's
   * first turn here (`startup` for a new thread, `resume` for one read back);
   * null once they ran.
   */
  sessionStartSource: "startup" | "resume" | null;
  /** Experimental `environments` as requested at start (null: the default local environment). */
  environments: JsonValue[] | null;
  unloadTimer: NodeJS.Timeout | undefined;
  /** AGENTS.md instructions, read at start / resume / fork and again when the cwd changes. */
  instructions: ProjectInstructions | undefined;
  /** Commands started by `exec_command` and still held for `write_stdin`; closed on interrupt, unload and shutdown. */
  readonly execSessions = new UnifiedExecSessions();
  /** Code mode: the `exec` cells still running and the values scripts stored. */
  readonly codeMode = new CodeModeSession();
  /** Id of the `additional_tools` item of code-mode requests (`at_<uuid v7>`, as the reference): stable until a compaction, so the prompt cache holds. */
  get additionalToolsId(): string {
    return this.additionalToolsIdValue;
  }
  private additionalToolsIdValue = `at_${newId()}`;

  /** A compaction starts a new context window: later requests carry a new `additional_tools` item. */
  renewAdditionalToolsId(): void {
    this.additionalToolsIdValue = `at_${newId()}`;
  }
  /**
   * The context settings the model last saw (cwd, permissions, date, mode…):
   * the next turn adds context items only for what changed. Stored with the
   * thread; null until a turn sent them (a thread stored before they were
   * kept has its context taken as unchanged).
   */
  lastContextSettings: TurnContextSettings | null = null;
  /** `context_window_id` of the turn metadata: one per loaded thread. */
  readonly contextWindowId = randomUUID();
  /** How this thread's history came to be loaded (reported to the model endpoint with every request). */
  historyOrigin: HistoryOrigin = { kind: "new" };
  /** The thread's goal (stored with the thread); its budgets are charged per turn. */
  goal: ThreadGoal | null = null;
  /** Items from thread/inject_items that no recorded item carries yet: model context after everything stored. */
  injectedContext: JsonValue[] = [];
  /**
   * The stored model context as JSON text parts (items joined by commas):
   * read once while the thread is loaded (every sampling request resends it)
   * and kept current as items are recorded, as the reference keeps a loaded
   * thread's history in memory. Compaction bounds its size.
   */
  storedContext: string[] | undefined;
  /** The first page of turns, prepared after thread/resume or thread/fork (`first-turns-page.ts`). */
  preparedTurnsPage: PreparedTurnsPage | undefined;
  /** `thread/increment_elicitation` / `thread/decrement_elicitation`: pauses the yield time of its commands. */
  readonly elicitationPause = new ElicitationPause();
  /** Set when the thread is a sub-agent spawned by another thread's model (spawn_agent). */
  agent: SubAgentState | undefined;
  /** Messages from other agents (multi-agent v2) that a wait_agent has not reported yet. */
  readonly mailbox = new AgentMailbox();
  /** The thread's model transport (Responses WebSocket and its response chain); closed on unload and shutdown. */
  readonly modelSession = new ModelSession();
  private lastStatus: string;

  constructor(
    public record: ThreadRecord,
    readonly ephemeral: boolean,
    private readonly broadcast: Broadcast,
    options: LoadedThreadOptions = {},
  ) {
    this.historyMode = options.historyMode ?? "paginated";
    this.readState = options.readState ?? { firstUnread: null, revision: "" };
    this.persisted = options.persisted ?? false;
    this.hasTurns = options.hasTurns ?? false;
    this.sessionStartSource = this.persisted || this.hasTurns ? "resume" : "startup";
    this.runtimeWorkspaceRoots = options.runtimeWorkspaceRoots ?? [record.cwd];
    this.environments = options.environments ?? null;
    this.lastContextSettings = options.lastContextSettings ?? null;
    this.lastStatus = JSON.stringify(this.status());
  }

  get id(): string {
    return this.record.id;
  }

  status(): ThreadStatus {
    if (this.activeTurn || this.pendingRequests.size > 0) {
      const flags = new Set([...this.pendingRequests.values()].map((request) => request.kind));
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

  /**
   * Runs `send` right after the ending turn's `turn/completed` (now when no
   * turn is running): the reference clears the requests an interrupt leaves
   * pending only once the turn has completed.
   */
  afterTurnCompleted(send: () => void): void {
    if (this.activeTurn) this.sendAfterTurnCompleted.push(send);
    else send();
  }

  /** The running turn sent `turn/completed`. */
  turnCompleted(): void {
    for (const send of this.sendAfterTurnCompleted.splice(0)) send();
  }

  /** Sends a thread-scoped notification to the subscribed connections. */
  emit<M extends ServerNotificationMethod>(method: M, params: NotificationParamsOf<M>): void {
    for (const connection of this.subscribers) connection.notify(method, params);
  }

  subscribe(connection: ClientConnection): void {
    this.subscribers.add(connection);
  }
}

