import { isFinal, type AgentStatus } from "./agent-status.js";

/** Where a sub-agent sits in its tree: `Thread.source.subAgent.thread_spawn`. */
export interface ThreadSpawnSource {
  parent_thread_id: string;
  depth: number;
  agent_path: string | null;
  agent_nickname: string | null;
  agent_role: string | null;
}

/** The `thread_spawn` part of a thread's source, when it is a spawned sub-agent. */
export function threadSpawnOf(source: unknown): ThreadSpawnSource | undefined {
  if (source === null || typeof source !== "object" || !("subAgent" in source)) return undefined;
  const sub = (source as { subAgent: unknown }).subAgent;
  if (sub === null || typeof sub !== "object" || !("thread_spawn" in sub)) return undefined;
  const spawn = (sub as { thread_spawn: unknown }).thread_spawn;
  if (spawn === null || typeof spawn !== "object") return undefined;
  const fields = spawn as Record<string, unknown>;
  if (typeof fields.parent_thread_id !== "string" || typeof fields.depth !== "number") return undefined;
  const text = (value: unknown) => (typeof value === "string" ? value : null);
  return {
    parent_thread_id: fields.parent_thread_id,
    depth: fields.depth,
    agent_path: text(fields.agent_path),
    agent_nickname: text(fields.agent_nickname),
    agent_role: text(fields.agent_role),
  };
}

/**
 * A loaded thread's life as a sub-agent: its place in the tree, its status
 * (from its turns), and whoever waits for that status to become final.
 * Held by the child's `LoadedThread`.
 */
export class SubAgentState {
  private current: AgentStatus = "pending_init";
  /** Closed by close_agent: to the other tools it no longer exists until resume_agent reopens it. */
  closed = false;
  /** The caller turn whose interrupt last got linked to this agent (see AgentControl.stopWith). */
  stoppedWith: AbortSignal | undefined;
  /** The last task another agent gave it (multi-agent v2 `list_agents`). */
  lastTaskMessage: string | null = null;
  /** The parent's turn that gave it that task: where its finish is reported (multi-agent v2). */
  taskTurnId: string | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly parentThreadId: string,
    /** The top thread of the tree (the one a user talks to). */
    readonly rootThreadId: string,
    readonly depth: number,
    readonly nickname: string | null,
    /** Its multi-agent v2 path (`/root/<task_name>`); null for a v1 agent. */
    readonly path: string | null = null,
  ) {}

  get status(): AgentStatus {
    return this.closed ? "not_found" : this.current;
  }

  set(status: AgentStatus): void {
    this.current = status;
    this.changed();
  }

  close(): void {
    this.closed = true;
    this.changed();
  }

  /** resume_agent: the agent exists again and waits for input. */
  reopen(): void {
    this.closed = false;
    this.current = "pending_init";
    this.changed();
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Calls `listener` with every status change from now on. */
  watch(listener: (status: AgentStatus) => void): void {
    this.listeners.add(() => listener(this.status));
  }

  /** Resolves with the status once it is final, or undefined when `signal` aborts first. */
  whenFinal(signal: AbortSignal): Promise<AgentStatus | undefined> {
    if (isFinal(this.status)) return Promise.resolve(this.status);
    return new Promise((resolve) => {
      const done = (value: AgentStatus | undefined) => {
        this.listeners.delete(check);
        signal.removeEventListener("abort", abort);
        resolve(value);
      };
      const check = () => {
        if (isFinal(this.status)) done(this.status);
      };
      const abort = () => done(undefined);
      this.listeners.add(check);
      signal.addEventListener("abort", abort, { once: true });
      if (signal.aborted) abort();
    });
  }
}

/** The reference's refusal of turn/start and turn/steer on a multi-agent v2 sub-agent (its parent drives it). */
export const DIRECT_INPUT_TO_V2_SUBAGENT_ERROR = "direct app-server input is not allowed for multi-agent v2 sub-agents";

/** Whether a client may give a thread input itself (by its stored source): not when it is a multi-agent v2 sub-agent, which has a path. */
export function acceptsDirectInput(source: unknown): boolean {
  return (threadSpawnOf(source)?.agent_path ?? null) === null;
}
