import type { JsonValue } from "../../protocol/common.js";
import type { SubAgentActivityItem } from "../../protocol/collab.js";
import type { ThreadItem } from "../../protocol/item.js";
import { parseUuid } from "../../util/uuid.js";
import type { LoadedThread } from "../loaded-thread.js";
import type { ThreadManager } from "../thread-manager.js";
import { pathUnder, resolveAgentPath, ROOT_AGENT_PATH } from "./agent-path.js";
import type { AgentStatus } from "./agent-status.js";
import { completionPayload, envelopeContextItem, interAgentEnvelope } from "./inter-agent-message.js";
import { AgentCallError, agentNotFound } from "./agent-errors.js";

/** One entry of `list_agents` (multi-agent v2), in the reference's field order. */
export interface ListedAgent {
  agent_name: string;
  agent_status: AgentStatus;
  last_task_message: string | null;
}

/** A running turn that can report an item of its own (a TurnRunner). */
interface ItemReportingTurn {
  readonly turnId: string;
  itemCompleted(item: ThreadItem, context: JsonValue[]): void;
}

function reportsItems(turn: unknown): turn is ItemReportingTurn {
  return typeof turn === "object" && turn !== null && typeof (turn as ItemReportingTurn).itemCompleted === "function";
}

const ROOT_TASK_MESSAGE = "Main thread";

/** What the team needs of the agent tree it belongs to. */
export interface AgentTree {
  readonly threads: ThreadManager;
  rootOf(thread: LoadedThread): string;
  openAgents(rootId: string): LoadedThread[];
}

/**
 * Multi-agent v2 as a team: the agents of a tree addressed by path (`/root`
 * for the thread a user talks to, `/root/<task_name>` below it), listed with
 * their status and last task, and reporting back to their parent when they
 * finish. Part of the server's `AgentControl`.
 */
export class AgentTeam {
  constructor(private readonly tree: AgentTree) {}

  private get threads(): ThreadManager {
    return this.tree.threads;
  }

  private rootOf(thread: LoadedThread): string {
    return this.tree.rootOf(thread);
  }

  private openAgents(rootId: string): LoadedThread[] {
    return this.tree.openAgents(rootId);
  }

  /** A thread's v2 path: `/root` for the thread a user talks to. */
  pathOf(thread: LoadedThread): string | null {
    return thread.agent ? thread.agent.path : ROOT_AGENT_PATH;
  }

  /** The open agent of the caller's tree at `path` (the tree's top thread for `/root`). */
  findByPath(caller: LoadedThread, path: string): LoadedThread | undefined {
    const rootId = this.rootOf(caller);
    if (path === ROOT_AGENT_PATH) return this.threads.findLoaded(rootId);
    return this.openAgents(rootId).find((thread) => thread.agent?.path === path);
  }

  /** A tool's `target` (a path, absolute or relative to the caller, or a thread id) as a thread of the caller's tree. */
  resolveTarget(caller: LoadedThread, target: string): LoadedThread {
    const parsed = parseUuid(target);
    if (parsed.ok) {
      const id = parsed.id;
      const thread = this.threads.findLoaded(id);
      if (thread && (thread.id === this.rootOf(caller) || (thread.agent && !thread.agent.closed && thread.agent.rootThreadId === this.rootOf(caller)))) {
        return thread;
      }
      throw agentNotFound(id);
    }
    const resolved = resolveAgentPath(this.pathOf(caller) ?? ROOT_AGENT_PATH, target);
    if ("error" in resolved) throw new AgentCallError(resolved.error);
    const thread = this.findByPath(caller, resolved.path);
    if (!thread) throw new AgentCallError(`live agent path \`${resolved.path}\` not found`);
    return thread;
  }

  /** A thread's status as an agent; the tree's top thread is running while it has a turn. */
  agentStatusOf(thread: LoadedThread): AgentStatus {
    if (thread.agent) return thread.agent.status;
    return thread.activeTurn ? "running" : "pending_init";
  }

  /** list_agents: the tree's top thread, then its agents by path, under `pathPrefix` (resolved like a target) when given. */
  listAgents(caller: LoadedThread, pathPrefix: string | null): ListedAgent[] {
    let prefix: string | null = null;
    if (pathPrefix !== null) {
      const resolved = resolveAgentPath(this.pathOf(caller) ?? ROOT_AGENT_PATH, pathPrefix);
      if ("error" in resolved) throw new AgentCallError(resolved.error);
      prefix = resolved.path;
    }
    const listed: ListedAgent[] = [];
    const root = this.threads.findLoaded(this.rootOf(caller));
    if (root && (prefix === null || pathUnder(ROOT_AGENT_PATH, prefix))) {
      listed.push({ agent_name: ROOT_AGENT_PATH, agent_status: this.agentStatusOf(root), last_task_message: ROOT_TASK_MESSAGE });
    }
    const agents = this.openAgents(this.rootOf(caller)).sort((a, b) => ((a.agent!.path ?? a.id) < (b.agent!.path ?? b.id) ? -1 : 1));
    for (const thread of agents) {
      const path = thread.agent!.path;
      if (prefix !== null && (path === null || !pathUnder(path, prefix))) continue;
      listed.push({ agent_name: path ?? thread.id, agent_status: thread.agent!.status, last_task_message: thread.agent!.lastTaskMessage });
    }
    return listed;
  }

  /**
   * A v2 agent reports to its parent when a turn of its ends (not when it is
   * interrupted): a `subAgentActivity` item (`completed`) in the parent's
   * turn that gave it the task, and its final answer as a message for the
   * parent.
   */
  forwardCompletions(child: LoadedThread): void {
    let turnId: string | null = null;
    child.agent!.watch((status) => {
      if (status === "running") {
        turnId = child.activeTurn?.turnId ?? turnId;
        return;
      }
      const payload = completionPayload(status);
      const parent = this.threads.findLoaded(child.agent!.parentThreadId);
      const childPath = child.agent!.path;
      if (payload === undefined || status === "not_found" || !parent || childPath === null) return;
      const reportIn = child.agent!.taskTurnId;
      if (reportIn !== null) {
        const now = Date.now();
        const item: SubAgentActivityItem = {
          type: "subAgentActivity",
          id: `subagent-completed-${turnId ?? child.id}`,
          kind: "completed",
          agentThreadId: child.id,
          agentPath: childPath,
          model: null,
          reasoningEffort: null,
          startedAtMs: now,
          completedAtMs: now,
        };
        const parentTurn = parent.activeTurn;
        if (reportsItems(parentTurn) && parentTurn.turnId === reportIn) {
          parentTurn.itemCompleted(item, []);
        } else {
          // The parent's turn already ended: the report joins that turn's items (the reference sends it late too).
          this.threads.recordItem(parent, { threadId: parent.id, turnId: reportIn, item, context: [] });
          parent.emit("item/completed", { item, threadId: parent.id, turnId: reportIn, completedAtMs: now, contentTokenCount: null });
        }
      }
      const parentPath = this.pathOf(parent) ?? ROOT_AGENT_PATH;
      this.threads.injectContext(parent, [envelopeContextItem(interAgentEnvelope("FINAL_ANSWER", parentPath, childPath, payload))]);
      parent.mailbox.delivered();
    });
  }
}
