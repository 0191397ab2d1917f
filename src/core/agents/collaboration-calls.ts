import type { JsonValue } from "../../protocol/common.js";
import type { SubAgentActivityItem, SubAgentActivityKind } from "../../protocol/collab.js";
import { callRecord, errorMessage } from "../tool-calls/records.js";
import { WAIT_AGENT_TIMEOUT_MS } from "../tools/specs/index.js";
import type { FunctionCall, ToolCallRecord, TurnRunner } from "../turn-runner.js";
import type { LoadedThread } from "../loaded-thread.js";
import { AgentCallError, type AgentControl } from "./agent-control.js";
import { childPath, ROOT_AGENT_PATH } from "./agent-path.js";
import { startedCollabItem } from "./collab-item.js";
import { interAgentEnvelope } from "./inter-agent-message.js";
import { parseStrictArguments, type FieldSpec } from "./strict-args.js";

/** The reference's argument structs, field by field in its order. */
const SPAWN_FIELDS: FieldSpec[] = [
  { name: "message", kind: "string", required: true },
  { name: "task_name", kind: "string", required: true },
  { name: "agent_type", kind: "string" },
  { name: "model", kind: "string" },
  { name: "reasoning_effort", kind: "effort" },
  { name: "service_tier", kind: "string" },
  { name: "fork_turns", kind: "string" },
  { name: "fork_context", kind: "boolean" },
];
const MESSAGE_FIELDS: FieldSpec[] = [
  { name: "target", kind: "string", required: true },
  { name: "message", kind: "string", required: true },
];
const TARGET_FIELDS: FieldSpec[] = [{ name: "target", kind: "string", required: true }];
const LIST_FIELDS: FieldSpec[] = [{ name: "path_prefix", kind: "string" }];
const WAIT_FIELDS: FieldSpec[] = [{ name: "timeout_ms", kind: "integer" }];

const FORK_TURNS_ERROR = "fork_turns must be `none`, `all`, or a positive integer string";
const FULL_FORK_OVERRIDES_ERROR =
  "Full-history forked agents inherit the parent agent type, model, and reasoning effort; omit agent_type, model, and reasoning_effort, or spawn without a full-history fork.";

/** `fork_turns`: no fork, the whole history, or the last N turns (the reference's default is the whole history). */
type ForkMode = { fork: false } | { fork: true; turns?: number };

function forkMode(value: unknown): ForkMode | string {
  const text = typeof value === "string" ? value.trim() : "";
  if (text === "" || text.toLowerCase() === "all") return { fork: true };
  if (text.toLowerCase() === "none") return { fork: false };
  if (!/^\+?\d+$/.test(text)) return FORK_TURNS_ERROR;
  const turns = Number(text);
  return turns >= 1 && Number.isSafeInteger(turns) ? { fork: true, turns } : FORK_TURNS_ERROR;
}

function nonEmptyMessage(message: string): string | undefined {
  return message.trim() === "" ? "Empty message can't be sent to an agent" : undefined;
}

/**
 * The model's `collaboration` calls (multi-agent v2, fact sheet §6): agents
 * named by path under `/root`, given tasks and messages, interrupted,
 * listed and waited for. Sub-agents are the same child threads as v1's
 * (`AgentControl`); what the parent sees are `subAgentActivity` items
 * (spawned, messaged, interrupted, finished) and, for `wait_agent`, a
 * `collabAgentToolCall` item. Refusals are texts the model reads.
 */
export class CollaborationCalls {
  constructor(private readonly agents: AgentControl) {}

  async run(call: FunctionCall, turn: TurnRunner, originator: string | undefined): Promise<ToolCallRecord> {
    try {
      switch (call.name) {
        case "spawn_agent":
          return await this.spawn(call, turn, originator);
        case "send_message":
          return await this.message(call, turn, false, originator);
        case "followup_task":
          return await this.message(call, turn, true, originator);
        case "interrupt_agent":
          return await this.interrupt(call, turn);
        case "list_agents":
          return this.list(call, turn);
        case "wait_agent":
          return await this.wait(call, turn);
        default:
          return callRecord(call, `unsupported call: ${call.name}`);
      }
    } catch (error) {
      if (error instanceof AgentCallError) return callRecord(call, error.message);
      throw error;
    }
  }

  /** Reports a `subAgentActivity` item (item/completed only, as the reference does) and answers the model. */
  private activity(call: FunctionCall, turn: TurnRunner, kind: SubAgentActivityKind, agent: LoadedThread, output: string, started?: { model: string; effort: string | null }): ToolCallRecord {
    const now = Date.now();
    const item: SubAgentActivityItem = {
      type: "subAgentActivity",
      id: call.callId,
      kind,
      agentThreadId: agent.id,
      agentPath: agent.agent?.path ?? ROOT_AGENT_PATH,
      model: started?.model ?? null,
      reasoningEffort: started?.effort ?? null,
      startedAtMs: now,
      completedAtMs: now,
    };
    turn.emitItemCompleted(item);
    return callRecord(call, output, item);
  }

  private callerPath(turn: TurnRunner): string {
    return this.agents.team.pathOf(turn.thread) ?? ROOT_AGENT_PATH;
  }

  private async spawn(call: FunctionCall, turn: TurnRunner, originator: string | undefined): Promise<ToolCallRecord> {
    const args = parseStrictArguments(call, SPAWN_FIELDS);
    if (typeof args === "string") return callRecord(call, args);
    if (args.fork_context !== undefined) return callRecord(call, "fork_context is not supported in MultiAgentV2; use fork_turns instead");
    const fork = forkMode(args.fork_turns);
    if (typeof fork === "string") return callRecord(call, fork);
    const message = args.message as string;
    const empty = nonEmptyMessage(message);
    if (empty) return callRecord(call, empty);
    const model = (args.model as string | undefined) ?? null;
    const effort = (args.reasoning_effort as string | undefined) ?? null;
    const agentType = typeof args.agent_type === "string" && args.agent_type.trim() !== "" ? args.agent_type : null;
    if (fork.fork && fork.turns === undefined && (model !== null || effort !== null || agentType !== null)) return callRecord(call, FULL_FORK_OVERRIDES_ERROR);
    this.agents.checkDepth(turn.thread);
    const parentPath = this.callerPath(turn);
    const path = childPath(parentPath, args.task_name as string);
    if ("error" in path) return callRecord(call, path.error);
    const envelope = interAgentEnvelope("NEW_TASK", path.path, parentPath, message);
    let child: LoadedThread;
    try {
      child = await this.agents.spawn(
        turn.thread,
        {
          input: [{ type: "text", text: envelope, text_elements: [] }],
          model,
          reasoningEffort: effort,
          forkContext: fork.fork,
          ...(fork.fork && fork.turns !== undefined ? { forkTurns: fork.turns } : {}),
          originator,
          v2: { path: path.path, task: message, turnId: turn.turnId },
        },
        turn.signal,
      );
    } catch (error) {
      return callRecord(call, error instanceof AgentCallError ? error.message : `collab spawn failed: ${errorMessage(error)}`);
    }
    const settings = child.record.settings;
    const resolvedEffort = (settings.reasoningEffort ?? turn.modelMetadata().info.default_reasoning_level ?? null);
    const output = JSON.stringify({ task_name: path.path, nickname: child.agent!.nickname });
    return this.activity(call, turn, "started", child, output, { model: settings.model, effort: resolvedEffort });
  }

  /** send_message (waits in the agent's context) and followup_task (starts the agent working on it). */
  private async message(call: FunctionCall, turn: TurnRunner, task: boolean, originator: string | undefined): Promise<ToolCallRecord> {
    const args = parseStrictArguments(call, MESSAGE_FIELDS);
    if (typeof args === "string") return callRecord(call, args);
    const message = args.message as string;
    const empty = nonEmptyMessage(message);
    if (empty) return callRecord(call, empty);
    const recipient = this.agents.team.resolveTarget(turn.thread, args.target as string);
    const recipientPath = this.agents.team.pathOf(recipient);
    if (task && recipientPath === ROOT_AGENT_PATH) return callRecord(call, "Follow-up tasks can't target the root agent");
    if (recipientPath === null) return callRecord(call, "target agent is missing an agent_path");
    const envelope = interAgentEnvelope(task ? "NEW_TASK" : "MESSAGE", recipientPath, this.callerPath(turn), message);
    try {
      await this.agents.deliver(recipient, envelope, task, turn.signal, originator);
    } catch (error) {
      return callRecord(call, error instanceof AgentCallError ? error.message : `collab tool failed: ${errorMessage(error)}`);
    }
    if (task && recipient.agent) {
      recipient.agent.lastTaskMessage = message;
      // Its finish is reported in the parent's turn that tasked it; a sibling's task keeps the parent's last one.
      if (recipient.agent.parentThreadId === turn.threadId) recipient.agent.taskTurnId = turn.turnId;
    }
    return this.activity(call, turn, "interacted", recipient, "");
  }

  private async interrupt(call: FunctionCall, turn: TurnRunner): Promise<ToolCallRecord> {
    const args = parseStrictArguments(call, TARGET_FIELDS);
    if (typeof args === "string") return callRecord(call, args);
    const target = this.agents.team.resolveTarget(turn.thread, args.target as string);
    if (!target.agent) return callRecord(call, "root is not a spawned agent");
    if (target.id === turn.threadId) {
      return callRecord(call, "an agent cannot interrupt itself; return your result and let the parent interrupt you if needed");
    }
    if (target.agent.path === null) return callRecord(call, "target agent is missing an agent_path");
    const previous = await this.agents.interrupt(target);
    return this.activity(call, turn, "interrupted", target, JSON.stringify({ previous_status: previous as JsonValue }));
  }

  private list(call: FunctionCall, turn: TurnRunner): ToolCallRecord {
    const args = parseStrictArguments(call, LIST_FIELDS);
    if (typeof args === "string") return callRecord(call, args);
    const agents = this.agents.team.listAgents(turn.thread, (args.path_prefix as string | undefined) ?? null);
    return callRecord(call, JSON.stringify({ agents: agents as unknown as JsonValue }));
  }

  /** wait_agent: until a message from another agent arrives (or already waits), or the timeout passes. */
  private async wait(call: FunctionCall, turn: TurnRunner): Promise<ToolCallRecord> {
    const args = parseStrictArguments(call, WAIT_FIELDS);
    if (typeof args === "string") return callRecord(call, args);
    const requested = args.timeout_ms as number | undefined;
    if (requested !== undefined && requested < WAIT_AGENT_TIMEOUT_MS.min) return callRecord(call, `timeout_ms must be at least ${WAIT_AGENT_TIMEOUT_MS.min}`);
    if (requested !== undefined && requested > WAIT_AGENT_TIMEOUT_MS.max) return callRecord(call, `timeout_ms must be at most ${WAIT_AGENT_TIMEOUT_MS.max}`);
    const started = startedCollabItem(call, turn, "wait");
    turn.itemStarted(started);
    const arrived = await turn.thread.mailbox.waitForMessage(requested ?? WAIT_AGENT_TIMEOUT_MS.default, turn.signal);
    const item = { ...started, status: turn.signal.aborted ? ("interrupted" as const) : ("completed" as const), completedAtMs: Date.now() };
    turn.emitItemCompleted(item);
    const output = JSON.stringify({ message: arrived ? "Wait completed." : "Wait timed out.", timed_out: !arrived });
    return callRecord(call, output, item);
  }
}
