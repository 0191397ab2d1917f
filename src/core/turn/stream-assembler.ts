import type { ResponseOutputItem, ResponseStreamEvent } from "openai/resources/responses/responses";
import type { JsonValue } from "../../protocol/common.js";
import type { AgentMessageItem, ThreadItem, WebSearchItem } from "../../protocol/item.js";
import { newId } from "../thread-id.js";
import { ProposedPlanParser, splitProposedPlan, type PlanSegment } from "./proposed-plan.js";
import { webSearchCallForReplay, webSearchItem } from "./web-search.js";

/** A tool call the model made; handed to the tool runtime when one is installed. */
export interface FunctionCall {
  /**
   * `function`: a `function_call` (JSON `arguments`); `custom`: a
   * `custom_tool_call` (freeform `input` in `arguments`); `tool_search`: a
   * client-executed `tool_search_call` (its `arguments` object as JSON text).
   */
  kind: "function" | "custom" | "tool_search";
  callId: string;
  name: string;
  namespace: string | null;
  /** The JSON arguments text, or a custom tool's raw input. */
  arguments: string;
  /** The output item as the model sent it (`function_call` / `custom_tool_call`). */
  raw: JsonValue;
}

/**
 * What assembling a response's items produces, in stream order. The
 * assembler calls these synchronously from `onEvent` (and from
 * `completeOpenItems`); the turn turns them into notifications and records.
 */
export interface AssemblyListener {
  /** An item opened; `item` is its empty first state. */
  itemStarted(item: ThreadItem): void;
  agentMessageDelta(itemId: string, delta: string): void;
  reasoningSummaryDelta(itemId: string, delta: string, summaryIndex: number): void;
  /** A second or later reasoning summary section began (the first starts with its first delta). */
  reasoningSummaryPartAdded(itemId: string, summaryIndex: number): void;
  reasoningTextDelta(itemId: string, delta: string, contentIndex: number): void;
  /** Plan mode: a line of the `<proposed_plan>` block of an assistant message. */
  planDelta(itemId: string, delta: string): void;
  /** An item is complete; `context` is what it contributes to the model context of later requests. */
  itemCompleted(item: ThreadItem, context: JsonValue[]): void;
  /** Model context without an item of its own (a Plan-mode message that showed no text and had no plan). */
  contextOnly(context: JsonValue[]): void;
}

/** Where timestamps and ids for items without one come from (fixed in tests). */
export interface AssemblyClock {
  now(): number;
  newId(): string;
}

const SYSTEM_CLOCK: AssemblyClock = { now: Date.now, newId };

interface OpenAgentMessage {
  kind: "agentMessage";
  id: string;
  startedAtMs: number;
  chunks: string[];
  phase: AgentMessageItem["phase"];
  /** Plan mode only: splits the text into what the message shows and its proposed plan. */
  plan?: OpenPlan;
  /** `item/started` went out (in Plan mode only once the message shows more than blanks). */
  announced: boolean;
}

interface OpenPlan {
  parser: ProposedPlanParser;
  /** When the plan item started, once a `<proposed_plan>` line arrived. */
  startedAtMs: number | null;
  chunks: string[];
  /** Visible text held back while it is only blanks: the message starts with its first other character. */
  heldVisible: string;
}

interface OpenWebSearch {
  kind: "webSearch";
  id: string;
  startedAtMs: number;
}

interface OpenReasoning {
  kind: "reasoning";
  id: string;
  startedAtMs: number;
  summary: string[];
  content: string[];
}

type OpenItem = OpenAgentMessage | OpenReasoning | OpenWebSearch;

export interface AssemblyOptions {
  /** Set in Plan mode: `<proposed_plan>` blocks of assistant messages become a plan item with this id (§7.5). */
  planItemId?: string;
}

function phaseOf(item: { phase?: unknown }): AgentMessageItem["phase"] {
  const phase = item.phase;
  return phase === "commentary" || phase === "final_answer" || phase === "partial_answer" ? phase : null;
}

/**
 * Assembles the Responses API stream of one turn into thread items: which
 * events open an agentMessage or reasoning item, the deltas appended to it
 * (reasoning summary sections and content parts by index), and the final item
 * with its model context when the model marks it done (its final version wins
 * over the deltas). Function and custom tool calls are collected for the tool runtime.
 * No IO: everything that happens goes to the `AssemblyListener`.
 *
 * The per-delta path allocates nothing beyond the delta's own string (and
 * the growing reasoning text): the text deltas are kept as chunks and joined
 * once at completion.
 */
export class StreamAssembler {
  private readonly open = new Map<string, OpenItem>();
  private readonly calls: FunctionCall[] = [];

  constructor(
    private readonly listener: AssemblyListener,
    private readonly clock: AssemblyClock = SYSTEM_CLOCK,
    private readonly options: AssemblyOptions = {},
  ) {}

  onEvent(event: ResponseStreamEvent): void {
    switch (event.type) {
      case "response.output_text.delta": {
        let item = this.open.get(event.item_id);
        if (!item) item = this.startAgentMessage(event.item_id, null);
        if (item.kind !== "agentMessage") return;
        item.chunks.push(event.delta);
        if (item.plan) this.planSegments(item, item.plan.parser.push(event.delta));
        else this.listener.agentMessageDelta(item.id, event.delta);
        return;
      }
      case "response.reasoning_summary_text.delta": {
        const item = this.reasoningItem(event.item_id);
        const index = event.summary_index;
        while (item.summary.length <= index) item.summary.push("");
        item.summary[index] += event.delta;
        this.listener.reasoningSummaryDelta(item.id, event.delta, index);
        return;
      }
      case "response.reasoning_summary_part.added": {
        const item = this.reasoningItem(event.item_id);
        const index = event.summary_index;
        while (item.summary.length <= index) item.summary.push("");
        if (index > 0) this.listener.reasoningSummaryPartAdded(item.id, index);
        return;
      }
      case "response.reasoning_text.delta": {
        const item = this.reasoningItem(event.item_id);
        const index = event.content_index;
        while (item.content.length <= index) item.content.push("");
        item.content[index] += event.delta;
        this.listener.reasoningTextDelta(item.id, event.delta, index);
        return;
      }
      case "response.output_item.added": {
        const item = event.item;
        if (item.type === "message") this.startAgentMessage(item.id, phaseOf(item));
        else if (item.type === "reasoning") this.reasoningItem(item.id);
        else if (item.type === "web_search_call") this.webSearchStarted(item);
        return;
      }
      case "response.output_item.done":
        this.onItemDone(event.item);
        return;
      default:
        // Function-call argument deltas included: the done item carries the whole arguments.
        return;
    }
  }

  /** The function calls completed since the last call, oldest first. */
  takeFunctionCalls(): FunctionCall[] {
    return this.calls.splice(0);
  }

  /** Items the stream never marked done end now, with what arrived. */
  completeOpenItems(): void {
    for (const open of [...this.open.values()]) this.completeOpen(open, undefined);
  }

  /** A re-issued request starts its output from scratch: drops the broken attempt's open items and calls, silently. */
  restart(): void {
    this.open.clear();
    this.calls.length = 0;
  }

  private itemId(id: string | undefined): string {
    return id && id.length > 0 ? id : this.clock.newId();
  }

  private startAgentMessage(rawId: string, phase: AgentMessageItem["phase"]): OpenAgentMessage {
    const id = this.itemId(rawId);
    const existing = this.open.get(id);
    if (existing?.kind === "agentMessage") return existing;
    const startedAtMs = this.clock.now();
    const open: OpenAgentMessage = { kind: "agentMessage", id, startedAtMs, chunks: [], phase, announced: false };
    this.open.set(id, open);
    // In Plan mode the message appears only once it shows something besides its plan (as the reference does).
    if (this.options.planItemId !== undefined) open.plan = { parser: new ProposedPlanParser(), startedAtMs: null, chunks: [], heldVisible: "" };
    else this.announce(open);
    return open;
  }

  private announce(open: OpenAgentMessage): void {
    open.announced = true;
    if (open.plan) open.startedAtMs = this.clock.now();
    this.listener.itemStarted(agentMessage(open, "", null));
  }

  private reasoningItem(rawId: string): OpenReasoning {
    const id = this.itemId(rawId);
    const existing = this.open.get(id);
    if (existing?.kind === "reasoning") return existing;
    const startedAtMs = this.clock.now();
    const open: OpenReasoning = { kind: "reasoning", id, startedAtMs, summary: [], content: [] };
    this.open.set(id, open);
    this.listener.itemStarted({ type: "reasoning", id, summary: [], content: [], startedAtMs, completedAtMs: null });
    return open;
  }

  /** A hosted web search began: its item starts with no query yet (the done item names it). */
  private webSearchStarted(raw: ResponseOutputItem): OpenWebSearch {
    const id = this.itemId(raw.id);
    const existing = this.open.get(id);
    if (existing?.kind === "webSearch") return existing;
    const startedAtMs = this.clock.now();
    const open: OpenWebSearch = { kind: "webSearch", id, startedAtMs };
    this.open.set(id, open);
    // The added item may already say what it searches (the reference shows that at once).
    this.listener.itemStarted(webSearchItem(id, raw as { action?: unknown }, startedAtMs, null));
    return open;
  }

  /** Plan mode: visible text goes out as agent-message deltas, the plan block's lines as plan deltas. */
  private planSegments(open: OpenAgentMessage, segments: PlanSegment[]): void {
    const plan = open.plan!;
    const planItemId = this.options.planItemId!;
    for (const segment of segments) {
      if (segment.kind === "normal") {
        if (open.announced) {
          this.listener.agentMessageDelta(open.id, segment.text);
          continue;
        }
        plan.heldVisible += segment.text;
        if (plan.heldVisible.trim() === "") continue;
        this.announce(open);
        this.listener.agentMessageDelta(open.id, plan.heldVisible);
        plan.heldVisible = "";
      } else if (segment.kind === "start") {
        plan.chunks.length = 0;
        if (plan.startedAtMs === null) {
          plan.startedAtMs = this.clock.now();
          this.listener.itemStarted({ type: "plan", id: planItemId, text: "", startedAtMs: plan.startedAtMs, completedAtMs: null });
        }
      } else if (segment.kind === "delta") {
        plan.chunks.push(segment.text);
        this.listener.planDelta(planItemId, segment.text);
      }
    }
  }

  private onItemDone(item: ResponseOutputItem): void {
    switch (item.type) {
      case "message": {
        const open = this.open.get(item.id) ?? this.startAgentMessage(item.id, phaseOf(item));
        if (open.kind === "agentMessage") {
          open.phase = phaseOf(item) ?? open.phase;
          this.completeOpen(open, item);
        }
        return;
      }
      case "reasoning": {
        const open = this.open.get(item.id) ?? this.reasoningItem(item.id);
        this.completeOpen(open, item);
        return;
      }
      case "web_search_call": {
        const open = this.open.get(item.id);
        const started = open?.kind === "webSearch" ? open : this.webSearchStarted(item);
        this.open.delete(started.id);
        const completed: WebSearchItem = webSearchItem(started.id, item, started.startedAtMs, this.clock.now());
        // Replayed in the reference's own shape of the call, not byte for byte as received.
        this.listener.itemCompleted(completed, [webSearchCallForReplay(item as unknown as { [key: string]: unknown }) as JsonValue]);
        return;
      }
      case "function_call":
        this.calls.push({
          kind: "function",
          callId: item.call_id,
          name: item.name,
          namespace: (item as { namespace?: string | null }).namespace ?? null,
          arguments: item.arguments,
          raw: item as unknown as JsonValue,
        });
        return;
      case "custom_tool_call":
        this.calls.push({
          kind: "custom",
          callId: item.call_id,
          name: item.name,
          namespace: null,
          arguments: item.input,
          raw: item as unknown as JsonValue,
        });
        return;
      default: {
        const raw = item as unknown as { type: string; call_id?: unknown; arguments?: unknown };
        if (raw.type === "tool_search_call" && typeof raw.call_id === "string") {
          this.calls.push({
            kind: "tool_search",
            callId: raw.call_id,
            name: "tool_search",
            namespace: null,
            arguments: JSON.stringify(raw.arguments ?? {}),
            raw: item as unknown as JsonValue,
          });
        }
        return;
      }
    }
  }

  /** Ends an open item; `done` is the model's final version when known. */
  private completeOpen(open: OpenItem, done: ResponseOutputItem | undefined): void {
    this.open.delete(open.id);
    const completedAtMs = this.clock.now();
    let item: ThreadItem;
    let context: JsonValue[];
    if (open.kind === "webSearch") {
      // Cut off before its done item: nothing the model could use is replayed.
      this.listener.itemCompleted(webSearchItem(open.id, undefined, open.startedAtMs, completedAtMs), []);
      return;
    }
    if (open.kind === "agentMessage") {
      let text = open.chunks.join("");
      if (done?.type === "message") {
        const parts = done.content.map((part) => (part.type === "output_text" ? part.text : part.refusal));
        if (parts.length > 0) text = parts.join("");
      }
      // The model gets the message verbatim; the item shows it without the plan block.
      context = [done?.type === "message" ? (done as unknown as JsonValue) : partialAssistantMessage(text, open.phase)];
      if (open.plan) {
        const visible = this.completePlan(open, open.plan, text, completedAtMs, context);
        if (visible === null) return;
        if (!open.announced) this.announce(open);
        item = agentMessage(open, visible, this.clock.now());
      } else {
        item = agentMessage(open, text, completedAtMs);
      }
    } else {
      let summary = open.summary;
      let content = open.content;
      if (done?.type === "reasoning") {
        if (done.summary.length > 0) summary = done.summary.map((part) => part.text);
        if (done.content && done.content.length > 0) content = done.content.map((part) => part.text);
      }
      item = { type: "reasoning", id: open.id, summary, content, startedAtMs: open.startedAtMs, completedAtMs };
      // Replayed as received (encrypted content untouched, `content` explicitly null when absent);
      // reasoning cut off before its done event has nothing the model could use.
      context = done?.type === "reasoning" ? [{ ...(done as unknown as { [key: string]: JsonValue }), content: (done.content ?? null) as JsonValue }] : [];
    }
    this.listener.itemCompleted(item, context);
  }

  /**
   * Plan mode, at the end of an assistant message: completes its plan item
   * (if it has a plan) and returns the visible text, or null when the message
   * shows nothing but blanks: then it has no item and `context` (the message
   * as the model sent it) goes with the plan item, or alone.
   */
  private completePlan(open: OpenAgentMessage, plan: OpenPlan, text: string, completedAtMs: number, context: JsonValue[]): string | null {
    this.planSegments(open, plan.parser.finish());
    const split = splitProposedPlan(text);
    const shown = open.announced || split.visible.trim() !== "";
    const planText = split.plan ?? (plan.startedAtMs !== null ? plan.chunks.join("") : null);
    if (planText === null) {
      if (!shown) this.listener.contextOnly(context);
      return shown ? split.visible : null;
    }
    const planItemId = this.options.planItemId!;
    if (plan.startedAtMs === null) {
      // The plan arrived only in the done item: it starts and completes with no delta.
      plan.startedAtMs = completedAtMs;
      this.listener.itemStarted({ type: "plan", id: planItemId, text: "", startedAtMs: completedAtMs, completedAtMs: null });
    }
    this.listener.itemCompleted({ type: "plan", id: planItemId, text: planText, startedAtMs: plan.startedAtMs, completedAtMs }, shown ? [] : context);
    return shown ? split.visible : null;
  }
}

/** An assistant message the stream never completed: what arrived, without the model's id. */
function partialAssistantMessage(text: string, phase: AgentMessageItem["phase"]): JsonValue {
  const assistant: { [key: string]: JsonValue } = { type: "message", role: "assistant", content: [{ type: "output_text", text }] };
  if (phase === "commentary" || phase === "final_answer") assistant.phase = phase;
  return assistant;
}

function agentMessage(open: OpenAgentMessage, text: string, completedAtMs: number | null): AgentMessageItem {
  return {
    type: "agentMessage",
    moderation: null,
    id: open.id,
    text,
    phase: open.phase,
    memoryCitation: null,
    delivery: null,
    questions: null,
    startedAtMs: open.startedAtMs,
    completedAtMs,
  };
}
