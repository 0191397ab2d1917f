import type { Logger } from "../../logging/logger.js";
import type { JsonValue } from "../../protocol/common.js";
import type { UserInput } from "../../protocol/item.js";
import type { LoadedThread } from "../loaded-thread.js";
import type { Broadcast, ConfigSource } from "../ports.js";
import type { ThreadManager } from "../thread-manager.js";
import { startThread } from "../thread-operations.js";
import { isFinishing } from "../turns.js";
import { agentLimits } from "./agent-limits.js";
import { isFinal, type AgentStatus } from "./agent-status.js";
import { envelopeContextItem } from "./inter-agent-message.js";
import { agentNickname } from "./nicknames.js";
import { AgentCallError, agentNotFound } from "./agent-errors.js";
import { AgentTeam } from "./agent-team.js";
import { SubAgentState, threadSpawnOf } from "./sub-agent.js";

/** What the agent control needs from the server (built once by the composition root). */
export interface AgentControlServices extends ConfigSource {
  readonly threads: ThreadManager;
  readonly broadcast: Broadcast;
  readonly logger: Logger;
  /** Starts a turn on the thread with this input (or adds it to the running one); resolves with the turn id. */
  startTurn(thread: LoadedThread, input: UserInput[], originator: string | undefined): Promise<string>;
}

export { AgentCallError, agentNotFound } from "./agent-errors.js";

export interface SpawnRequest {
  input: UserInput[];
  model: string | null;
  reasoningEffort: string | null;
  forkContext: boolean;
  /** With `forkContext`: only the parent's last this-many turns (all of them when absent). */
  forkTurns?: number;
  originator: string | undefined;
  /** Multi-agent v2: the new agent's path (`/root/<task_name>`), the task it starts on and the parent's turn that gave it. */
  v2?: { path: string; task: string; turnId: string };
}

/**
 * Sub-agents: child threads a model starts with spawn_agent and drives with
 * send_input / wait_agent / close_agent / resume_agent. Each child is a
 * loaded thread of its own (source `subAgent.thread_spawn`) whose turns run
 * concurrently with its parent's, under the parent's settings; its state as
 * an agent lives on its `LoadedThread` (`agent`). One per server.
 */
export class AgentControl {
  /** Multi-agent v2: the tree's agents by path, what they list, how a finished one reports back. */
  readonly team: AgentTeam;

  constructor(private readonly services: AgentControlServices) {
    this.team = new AgentTeam(this);
  }

  get threads(): ThreadManager {
    return this.services.threads;
  }

  private limits() {
    return agentLimits(this.services.config.values);
  }

  /** Depth of a thread in its agent tree (0 for a thread a user started). */
  depthOf(thread: LoadedThread): number {
    return thread.agent?.depth ?? threadSpawnOf(thread.record.source)?.depth ?? 0;
  }

  /** Whether the thread's model is offered the sub-agent tools: below the depth limit only. */
  mayUseAgents(thread: LoadedThread): boolean {
    return this.depthOf(thread) < this.limits().maxDepth;
  }

  /** The top thread of `thread`'s agent tree (the one a user talks to). */
  rootOf(thread: LoadedThread): string {
    return thread.agent?.rootThreadId ?? thread.id;
  }

  /** Loaded, open agents of a tree. */
  openAgents(rootId: string): LoadedThread[] {
    const open: LoadedThread[] = [];
    for (const id of this.threads.loadedIds()) {
      const thread = this.threads.findLoaded(id);
      if (thread?.agent && !thread.agent.closed && thread.agent.rootThreadId === rootId) open.push(thread);
    }
    return open;
  }

  private childrenOf(thread: LoadedThread): LoadedThread[] {
    const children: LoadedThread[] = [];
    for (const id of this.threads.loadedIds()) {
      const child = this.threads.findLoaded(id);
      if (child?.agent?.parentThreadId === thread.id) children.push(child);
    }
    return children;
  }

  /** Refuses a new agent in the caller's tree past `[agents] max_depth` / `max_threads`. */
  checkDepth(parent: LoadedThread): void {
    if (this.depthOf(parent) + 1 > this.limits().maxDepth) throw new AgentCallError("Agent depth limit reached. Solve the task yourself.");
  }

  private checkCapacity(rootId: string): void {
    const { maxThreads } = this.limits();
    if (this.openAgents(rootId).length >= maxThreads) {
      throw new AgentCallError(`collab spawn failed: agent thread limit reached (max ${maxThreads})`);
    }
  }

  /**
   * spawn_agent: a new child thread with the parent's settings (model and
   * effort as requested), followed by the parent's subscribers and announced
   * as the reference does (no `thread/started`: an idle `thread/status/changed`), and its first turn started with `input`. An
   * interrupt of `parentTurn` stops the child's tree too.
   */
  async spawn(parent: LoadedThread, request: SpawnRequest, parentTurn: AbortSignal): Promise<LoadedThread> {
    this.checkDepth(parent);
    const rootId = this.rootOf(parent);
    if (request.v2 && this.team.findByPath(parent, request.v2.path)) throw new AgentCallError(`agent path \`${request.v2.path}\` already exists`);
    this.checkCapacity(rootId);
    const depth = this.depthOf(parent) + 1;
    // The parent's dynamic tools belong to its client: a sub-agent is not offered them (as in the reference).
    const { dynamicTools: _parentTools, ...base } = parent.record.settings;
    const settings = {
      ...base,
      model: request.model ?? base.model,
      reasoningEffort: request.model !== null && request.reasoningEffort === null ? null : (request.reasoningEffort ?? base.reasoningEffort),
    };
    const nickname = agentNickname(this.spawnedCount(rootId));
    const child = startThread(this.threads, {
      settings,
      originator: parent.record.originator,
      threadSource: null,
      ephemeral: parent.ephemeral,
      historyMode: parent.historyMode,
      runtimeWorkspaceRoots: parent.runtimeWorkspaceRoots,
      environments: parent.environments,
    });
    child.record = {
      ...child.record,
      source: { subAgent: { thread_spawn: { parent_thread_id: parent.id, depth, agent_path: request.v2?.path ?? null, agent_nickname: nickname, agent_role: null } } },
    };
    child.agent = new SubAgentState(parent.id, rootId, depth, nickname, request.v2?.path ?? null);
    if (request.forkContext) {
      const context = this.threads.modelContext(parent);
      this.threads.injectContext(child, request.forkTurns === undefined ? context : lastTurns(context, request.forkTurns));
    }
    if (request.v2) {
      child.agent.lastTaskMessage = request.v2.task;
      child.agent.taskTurnId = request.v2.turnId;
      this.team.forwardCompletions(child);
    }
    for (const connection of parent.subscribers) this.threads.subscribe(child, connection);
    this.services.broadcast("thread/status/changed", { threadId: child.id, status: child.status() });
    this.stopWith(parentTurn, child);
    await this.services.startTurn(child, request.input, request.originator);
    return child;
  }

  /** How many agents the tree has had (closed ones included): numbers the nicknames. */
  private spawnedCount(rootId: string): number {
    let count = 0;
    for (const id of this.threads.loadedIds()) if (this.threads.findLoaded(id)?.agent?.rootThreadId === rootId) count++;
    return count;
  }

  /** The open agent `id` of the caller's tree. */
  private target(caller: LoadedThread, id: string): LoadedThread {
    const thread = this.threads.findLoaded(id);
    if (!thread?.agent || thread.agent.closed || thread.agent.rootThreadId !== this.rootOf(caller)) throw agentNotFound(id);
    return thread;
  }

  /** An agent's status as the tools report it (`not_found` for unknown or closed agents). */
  statusOf(caller: LoadedThread, id: string): AgentStatus {
    const thread = this.threads.findLoaded(id);
    if (!thread?.agent || thread.agent.rootThreadId !== this.rootOf(caller)) return "not_found";
    return thread.agent.status;
  }

  nicknameOf(id: string): string | null {
    return this.threads.findLoaded(id)?.agent?.nickname ?? null;
  }

  /** send_input: more input for an agent (a new turn, or joined to the running one); resolves with the turn id. */
  async sendInput(caller: LoadedThread, id: string, input: UserInput[], interrupt: boolean, callerTurn: AbortSignal, originator: string | undefined): Promise<string> {
    const thread = this.target(caller, id);
    if (interrupt) await this.interruptTurn(thread);
    this.stopWith(callerTurn, thread);
    return this.services.startTurn(thread, input, originator);
  }

  /**
   * wait_agent: resolves once at least one target's status is final (then
   * with every target final by then), or with no statuses when `timeoutMs`
   * passes or `signal` aborts first.
   */
  async wait(caller: LoadedThread, ids: readonly string[], timeoutMs: number, signal: AbortSignal): Promise<Map<string, AgentStatus>> {
    const finalNow = () => {
      const statuses = new Map<string, AgentStatus>();
      for (const id of ids) {
        const status = this.statusOf(caller, id);
        if (isFinal(status)) statuses.set(id, status);
      }
      return statuses;
    };
    const initial = finalNow();
    if (initial.size > 0) return initial;
    // Waiting on an agent ties it to the caller's turn: interrupting that turn stops it too.
    for (const id of ids) {
      const thread = this.threads.findLoaded(id);
      if (thread?.agent && thread.agent.rootThreadId === this.rootOf(caller)) this.stopWith(signal, thread);
    }
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(), timeoutMs);
    const onAbort = () => stop.abort();
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      const waits = ids.map((id) => this.threads.findLoaded(id)?.agent?.whenFinal(stop.signal)).filter((wait) => wait !== undefined);
      await Promise.race([Promise.any(waits.map((wait) => wait.then((status) => (status === undefined ? Promise.reject() : status)))).catch(() => undefined), stopped(stop.signal)]);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      stop.abort();
    }
    return finalNow();
  }

  /** close_agent: stops the agent and its descendants and closes them; resolves with the status it had. */
  async close(caller: LoadedThread, id: string): Promise<AgentStatus> {
    const thread = this.target(caller, id);
    const previous = thread.agent!.status;
    await this.closeTree(thread);
    return previous;
  }

  private async closeTree(thread: LoadedThread): Promise<void> {
    await Promise.all(this.childrenOf(thread).filter((child) => !child.agent?.closed).map((child) => this.closeTree(child)));
    await this.interruptTurn(thread);
    await thread.execSessions.closeAll();
    thread.agent?.close();
  }

  /**
   * resume_agent: an open agent stays as it is; a closed one (or one stored
   * by an earlier run) is opened again, within the tree's limits.
   */
  resume(caller: LoadedThread, id: string): AgentStatus {
    const rootId = this.rootOf(caller);
    const loaded = this.threads.findLoaded(id);
    if (loaded?.agent && loaded.agent.rootThreadId === rootId) {
      if (!loaded.agent.closed) return loaded.agent.status;
      this.checkCapacity(rootId);
      loaded.agent.reopen();
      return loaded.agent.status;
    }
    if (loaded) throw agentNotFound(id);
    const spawn = (() => {
      try {
        return this.threads.store.hasThread(id) ? threadSpawnOf(this.threads.store.getThread(id)?.record.source) : undefined;
      } catch {
        return undefined;
      }
    })();
    if (!spawn) throw agentNotFound(id);
    this.checkCapacity(rootId);
    const thread = this.threads.load(id);
    if (!thread) throw agentNotFound(id);
    thread.agent = new SubAgentState(spawn.parent_thread_id, rootId, spawn.depth, spawn.agent_nickname);
    for (const connection of caller.subscribers) this.threads.subscribe(thread, connection);
    // Loaded again from the store: notLoaded → idle, as for a resumed thread.
    this.services.broadcast("thread/status/changed", { threadId: thread.id, status: thread.status() });
    return thread.agent.status;
  }

  // ---------------------------------------------------------------------------
  // Multi-agent v2: messages between the agents of a team (paths: `team`)

  /**
   * A message for `recipient` from another agent. A task (`triggerTurn`)
   * starts a turn on it (or joins the running one); a plain message waits in
   * its model context for its next request. Either way a waiting
   * `wait_agent` of the recipient wakes up.
   */
  async deliver(recipient: LoadedThread, text: string, triggerTurn: boolean, callerTurn: AbortSignal, originator: string | undefined): Promise<void> {
    if (triggerTurn) {
      this.stopWith(callerTurn, recipient);
      await this.services.startTurn(recipient, [{ type: "text", text, text_elements: [] }], originator);
    } else {
      this.threads.injectContext(recipient, [envelopeContextItem(text)]);
    }
    recipient.mailbox.delivered();
  }

  /** interrupt_agent: stops the agent's running turn (and those below it); resolves with the status it had. */
  async interrupt(thread: LoadedThread): Promise<AgentStatus> {
    const previous = this.team.agentStatusOf(thread);
    await this.interruptTree(thread);
    return previous;
  }

  /** An interrupt of the caller's turn stops the agent's running turn and those of its descendants. */
  private stopWith(callerTurn: AbortSignal, thread: LoadedThread): void {
    const stop = () => void this.interruptTree(thread);
    if (callerTurn.aborted) return stop();
    // Once per caller turn: a model polling wait_agent or send_input must not pile up listeners.
    if (thread.agent?.stoppedWith === callerTurn) return;
    if (thread.agent) thread.agent.stoppedWith = callerTurn;
    callerTurn.addEventListener("abort", stop, { once: true });
  }

  /** Interrupts the running turns of `thread` and of every agent below it; resolves once they stopped. */
  async interruptTree(thread: LoadedThread): Promise<void> {
    await Promise.all([this.interruptTurn(thread), ...this.childrenOf(thread).map((child) => this.interruptTree(child))]);
  }

  private async interruptTurn(thread: LoadedThread): Promise<void> {
    const turn = thread.activeTurn;
    if (turn && !isFinishing(turn)) {
      try {
        await turn.interrupt();
      } catch (error) {
        this.services.logger.warn({ err: error, threadId: thread.id }, "could not interrupt a sub-agent's turn");
      }
    }
  }
}

/** The parent's context from the `turns`-th last user prompt on (a fork of its last turns). */
function lastTurns(context: JsonValue[], turns: number): JsonValue[] {
  let seen = 0;
  for (let index = context.length - 1; index >= 0; index--) {
    if (isUserPrompt(context[index]) && ++seen === turns) return context.slice(index);
  }
  return context;
}

/** A user message the user typed (not a context marker such as `<environment_context>`). */
function isUserPrompt(item: JsonValue | undefined): boolean {
  if (item === null || typeof item !== "object" || Array.isArray(item) || item.type !== "message" || item.role !== "user") return false;
  const content = item.content;
  const first = Array.isArray(content) ? content[0] : undefined;
  const text = first !== null && typeof first === "object" && !Array.isArray(first) && typeof first.text === "string" ? first.text : "";
  return !text.startsWith("<") && !text.startsWith("# AGENTS.md");
}

function stopped(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

