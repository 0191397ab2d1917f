import type { JsonValue } from "../../protocol/common.js";
import type { CollabAgentState, CollabAgentTool, CollabAgentToolCallItem } from "../../protocol/collab.js";
import { parseUuid } from "../../util/uuid.js";
import { callRecord, errorMessage, parseObjectArguments } from "../tool-calls/records.js";
import { WAIT_AGENT_TIMEOUT_MS } from "../tools/specs/index.js";
import type { FunctionCall, ToolCallRecord, TurnRunner } from "../turn-runner.js";
import { AgentCallError, type AgentControl } from "./agent-control.js";
import { inputPreview, parseAgentInput } from "./agent-input.js";
import { callStatusFor, collabAgentState, type AgentStatus } from "./agent-status.js";
import { startedCollabItem } from "./collab-item.js";

type Args = Record<string, unknown>;

function stringField(args: Args, field: string): string | null | AgentCallError {
  const value = args[field];
  if (value === undefined || value === null) return null;
  return typeof value === "string" ? value : new AgentCallError(`failed to parse function arguments: invalid type for \`${field}\`, expected a string`);
}

function requiredString(args: Args, field: string): string | AgentCallError {
  const value = stringField(args, field);
  return value === null ? new AgentCallError(`failed to parse function arguments: missing field \`${field}\``) : value;
}

function agentId(value: string): string | AgentCallError {
  const parsed = parseUuid(value.trim());
  return parsed.ok ? parsed.id : new AgentCallError(`invalid agent id ${value}: not a thread id`);
}

/** The JSON text the model reads back. */
function json(value: JsonValue): string {
  return JSON.stringify(value);
}

/**
 * The model's `multi_agent_v1` calls. Each reports a `collabAgentToolCall`
 * item (started, then completed with the targets' states) and answers the
 * model with the reference's JSON results; refusals are texts the model
 * reads, the turn goes on.
 */
export class CollabCalls {
  constructor(private readonly agents: AgentControl) {}

  async run(call: FunctionCall, turn: TurnRunner, originator: string | undefined): Promise<ToolCallRecord> {
    const args = parseObjectArguments(call, true);
    if (typeof args === "string") return callRecord(call, args);
    try {
      switch (call.name) {
        case "spawn_agent":
          return await this.spawn(call, turn, args, originator);
        case "send_input":
          return await this.sendInput(call, turn, args, originator);
        case "wait_agent":
          return await this.wait(call, turn, args);
        case "close_agent":
          return await this.close(call, turn, args);
        case "resume_agent":
          return this.resume(call, turn, args);
        default:
          return callRecord(call, `unsupported call: ${call.name}`);
      }
    } catch (error) {
      if (error instanceof AgentCallError) return callRecord(call, error.message);
      throw error;
    }
  }

  private item(call: FunctionCall, turn: TurnRunner, tool: CollabAgentTool, fields: Partial<CollabAgentToolCallItem> = {}): CollabAgentToolCallItem {
    return startedCollabItem(call, turn, tool, fields);
  }

  /** Completes the item (item/completed) and records it with the call and its output. */
  private finish(call: FunctionCall, turn: TurnRunner, started: CollabAgentToolCallItem, end: Partial<CollabAgentToolCallItem>, output: string): ToolCallRecord {
    const item: CollabAgentToolCallItem = { ...started, ...end, completedAtMs: Date.now() };
    turn.emitItemCompleted(item);
    return callRecord(call, output, item);
  }

  private states(entries: Iterable<[string, AgentStatus]>): Record<string, CollabAgentState> {
    const states: Record<string, CollabAgentState> = {};
    for (const [id, status] of entries) states[id] = collabAgentState(status);
    return states;
  }

  private async spawn(call: FunctionCall, turn: TurnRunner, args: Args, originator: string | undefined): Promise<ToolCallRecord> {
    const input = parseAgentInput(args);
    if (typeof input === "string") return callRecord(call, input);
    const model = stringField(args, "model");
    const effort = stringField(args, "reasoning_effort");
    if (model instanceof AgentCallError) throw model;
    if (effort instanceof AgentCallError) throw effort;
    const forkContext = args.fork_context === true;
    if (forkContext && (model !== null || effort !== null)) {
      return callRecord(
        call,
        "Full-history forked agents inherit the parent agent type, model, and reasoning effort; omit agent_type, model, and reasoning_effort, or spawn without a full-history fork.",
      );
    }
    this.agents.checkDepth(turn.thread);
    const prompt = inputPreview(input);
    const started = this.item(call, turn, "spawnAgent", { prompt, model: model ?? "", reasoningEffort: effort ?? "medium" });
    turn.itemStarted(started);
    try {
      const child = await this.agents.spawn(turn.thread, { input, model, reasoningEffort: effort, forkContext, originator }, turn.signal);
      const status = child.agent!.status;
      const settings = child.record.settings;
      return this.finish(
        call,
        turn,
        started,
        {
          status: callStatusFor(status),
          receiverThreadIds: [child.id],
          model: settings.model,
          reasoningEffort: settings.reasoningEffort ?? turn.modelMetadata().info.default_reasoning_level ?? "medium",
          agentsStates: this.states([[child.id, status]]),
        },
        json({ agent_id: child.id, nickname: child.agent!.nickname }),
      );
    } catch (error) {
      const message = error instanceof AgentCallError ? error.message : `collab spawn failed: ${errorMessage(error)}`;
      return this.finish(call, turn, started, { status: "failed" }, message);
    }
  }

  private async sendInput(call: FunctionCall, turn: TurnRunner, args: Args, originator: string | undefined): Promise<ToolCallRecord> {
    const target = requiredString(args, "target");
    if (target instanceof AgentCallError) throw target;
    const id = agentId(target);
    if (id instanceof AgentCallError) throw id;
    const input = parseAgentInput(args);
    if (typeof input === "string") return callRecord(call, input);
    const prompt = inputPreview(input);
    const started = this.item(call, turn, "sendInput", { receiverThreadIds: [id], prompt });
    turn.itemStarted(started);
    let output: string;
    try {
      const submissionId = await this.agents.sendInput(turn.thread, id, input, args.interrupt === true, turn.signal, originator);
      output = json({ submission_id: submissionId });
    } catch (error) {
      output = error instanceof AgentCallError ? error.message : `collab tool failed: ${errorMessage(error)}`;
    }
    const status = this.agents.statusOf(turn.thread, id);
    return this.finish(call, turn, started, { status: callStatusFor(status), agentsStates: this.states([[id, status]]) }, output);
  }

  private async wait(call: FunctionCall, turn: TurnRunner, args: Args): Promise<ToolCallRecord> {
    const targets = args.targets ?? [];
    if (!Array.isArray(targets) || targets.some((target) => typeof target !== "string")) {
      return callRecord(call, "failed to parse function arguments: invalid type for `targets`, expected a sequence of strings");
    }
    const ids: string[] = [];
    for (const target of targets as string[]) {
      const id = agentId(target);
      if (id instanceof AgentCallError) throw id;
      ids.push(id);
    }
    const requested = args.timeout_ms ?? WAIT_AGENT_TIMEOUT_MS.default;
    if (typeof requested !== "number" || !Number.isFinite(requested)) {
      return callRecord(call, "failed to parse function arguments: invalid type for `timeout_ms`, expected i64");
    }
    if (requested <= 0) return callRecord(call, "timeout_ms must be greater than zero");
    const timeoutMs = Math.min(Math.max(Math.trunc(requested), WAIT_AGENT_TIMEOUT_MS.min), WAIT_AGENT_TIMEOUT_MS.max);
    const started = this.item(call, turn, "wait", { receiverThreadIds: ids });
    turn.itemStarted(started);
    const statuses = await this.agents.wait(turn.thread, ids, timeoutMs, turn.signal);
    const status: Record<string, JsonValue> = {};
    for (const [id, value] of statuses) status[id] = value as JsonValue;
    const failed = [...statuses.values()].some((value) => callStatusFor(value) === "failed");
    return this.finish(
      call,
      turn,
      started,
      { status: turn.signal.aborted ? "interrupted" : failed ? "failed" : "completed", agentsStates: this.states(statuses) },
      json({ status, timed_out: statuses.size === 0 }),
    );
  }

  private async close(call: FunctionCall, turn: TurnRunner, args: Args): Promise<ToolCallRecord> {
    const target = requiredString(args, "target");
    if (target instanceof AgentCallError) throw target;
    const id = agentId(target);
    if (id instanceof AgentCallError) throw id;
    const started = this.item(call, turn, "closeAgent", { receiverThreadIds: [id] });
    turn.itemStarted(started);
    try {
      const previous = await this.agents.close(turn.thread, id);
      return this.finish(
        call,
        turn,
        started,
        { status: callStatusFor(previous), agentsStates: this.states([[id, previous]]) },
        json({ previous_status: previous as JsonValue }),
      );
    } catch (error) {
      const status = this.agents.statusOf(turn.thread, id);
      const message = error instanceof AgentCallError ? error.message : `collab tool failed: ${errorMessage(error)}`;
      return this.finish(call, turn, started, { status: "failed", agentsStates: this.states([[id, status]]) }, message);
    }
  }

  private resume(call: FunctionCall, turn: TurnRunner, args: Args): ToolCallRecord {
    const target = requiredString(args, "id");
    if (target instanceof AgentCallError) throw target;
    const id = agentId(target);
    if (id instanceof AgentCallError) throw id;
    this.agents.checkDepth(turn.thread);
    const started = this.item(call, turn, "resumeAgent", { receiverThreadIds: [id] });
    turn.itemStarted(started);
    try {
      const status = this.agents.resume(turn.thread, id);
      return this.finish(call, turn, started, { status: callStatusFor(status), agentsStates: this.states([[id, status]]) }, json({ status: status as JsonValue }));
    } catch (error) {
      const status = this.agents.statusOf(turn.thread, id);
      const message = error instanceof AgentCallError ? error.message : `collab tool failed: ${errorMessage(error)}`;
      return this.finish(call, turn, started, { status: "failed", agentsStates: this.states([[id, status]]) }, message);
    }
  }
}
