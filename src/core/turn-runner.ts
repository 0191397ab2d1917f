import type { ResponseOutputMessage, ResponseUsage } from "openai/resources/responses/responses";
import { agentMessageItem } from "./agent-message-item.js";
import { newId as uuidv7 } from "./thread-id.js";
import type { Logger } from "../logging/logger.js";
import type { ModelRequest, StreamResult } from "../model/client.js";
import { modelContextWindow } from "../model/context-window.js";
import { ModelError, TurnAbortedError } from "../model/errors.js";
import { COMPACTION_PROMPT, COMPACTION_SUMMARY_PREFIX } from "../model/instructions.js";
import { configuredCatalogEntries, modelMetadataFor, type ModelMetadata } from "../model/model-metadata.js";
import { DenialBreaker, selectReviewModel, type AutoReviewHost } from "./auto-review/index.js";
import { installationId } from "../config/installation-id.js";
import { buildUserAgent } from "../util/platform.js";
import { CODEX_PROTOCOL_VERSION } from "../version.js";
import { rateLimitUpdatesFromHeaders } from "../backend/rate-limit-headers.js";
import type { JsonValue } from "../protocol/common.js";
import type { AgentMessageItem, ThreadItem, UserInput } from "../protocol/item.js";
import type { TokenUsageBreakdown, Turn, TurnError, TurnStatus } from "../protocol/turn.js";
import type { ThreadSettings, TurnRecord } from "../store/types.js";
import type { ActiveTurnHandle, LoadedThread } from "./loaded-thread.js";
import type { Broadcast, ConfigSource, ModelCall, ModelCatalogSource, ModelStreaming, ServerLifetime } from "./ports.js";
import type { ThreadManager } from "./thread-manager.js";
import type { TurnDiffTracker } from "./tools/index.js";
import { messageText, normalizeUserInput, userMessageContext } from "./turn-input.js";
import { StreamAssembler, type FunctionCall } from "./turn/stream-assembler.js";
import { TurnBackendSignals } from "./turn/backend-signals.js";
import { isContextMessage } from "./turn/context-messages.js";
import type { Skill } from "./context/index.js";
import { mentionedSkills, skillInjections } from "./skills/injection.js";
import type { HookEngine } from "./hooks/hook-engine.js";
import { hookPromptMessage, promptHooks, sessionStartHooks } from "./hooks/prompt-hooks.js";
import { hookContext } from "./hooks/hook-context.js";
import {
  clientMetadata,
  contextItemsForTurn,
  reasoningFor,
  requestHeaders,
  threadPromptInputs,
  turnContextSettings,
  turnMetadata,
  verbosityFor,
  withOutputId,
  workspaceState,
  type TurnIdentity,
  type TurnClientMetadata,
  type TurnTrigger,
} from "./turn/request-context.js";

export type { FunctionCall } from "./turn/stream-assembler.js";

import { inProgressTurn } from "./wire-shapes.js";
import { offeredToReviewer, reviewModelContext, reviewSettings } from "./review/review-context.js";
import { REVIEW_INTERRUPTED_ANSWER, REVIEW_INTERRUPTED_MESSAGE, reviewResultsMessage } from "./review/review-instructions.js";
import { parseReviewOutput, renderReview, REVIEW_FALLBACK_MESSAGE, reviewResultsText, type ReviewOutput } from "./review/review-output.js";
import type { ReviewPlan } from "./review/review-target.js";
import { chargeGoalTokens, chargeGoalTurn } from "./thread-goals.js";

export type TurnKind = "regular" | "compact" | "review";

/** A review turn: what it reviews, on which model (the configured `review_model`, else the thread's). */
export interface ReviewTurn {
  plan: ReviewPlan;
  model: string | null;
}

/** The work of a turn that does not start by sampling the model (a user shell command); steered input is sampled after it. */
export type TurnBody = (turn: TurnRunner) => Promise<void>;

/** What a running turn needs from the server (built once by the composition root). */
export interface TurnServices extends ConfigSource, ServerLifetime {
  /** The thread registry. */
  readonly threads: ThreadManager;
  readonly models: ModelStreaming;
  readonly modelCatalog: ModelCatalogSource;
  readonly logger: Logger;
  readonly broadcast: Broadcast;
  /** `$CODEX_HOME`: where the installation id lives. */
  readonly codexHome: string;
  /** The user's trusted hooks (UserPromptSubmit runs here; the tool hooks in the tool runtime). */
  readonly hooks: HookEngine;
  /** The enabled skills a thread's cwd sees (listed to the model; a mentioned one's body is injected). */
  readonly skills: { forPrompt(cwd: string): Skill[] };
  /**
   * Told after each turn's `turn/completed` (not at shutdown), with its final
   * status and originator: the user-message queue starts its next submission.
   */
  readonly turnEnded?: (thread: LoadedThread, status: TurnStatus, originator: string | undefined) => void;
}

/** The originator (and user-agent client name) when no client named itself. */
const DEFAULT_ORIGINATOR = "codex_cli_rs";

/**
 * Tools a turn offers the model. The runtime emits its own items for a call
 * (commandExecution, fileChange, ...), records them with their model-context
 * contribution (the call and its output), and resolves when the call is done.
 */
export interface TurnTools {
  /** Settles what the tools of a regular turn depend on before its first request (MCP servers still starting); a rejection fails the turn. */
  prepare?(turn: TurnRunner): Promise<void>;
  definitions(turn: TurnRunner): JsonValue[];
  /** Namespaces reachable only through `tool_search`, listed at the end of developer message 1. */
  deferredNamespaces?(turn: TurnRunner): Array<{ name: string; description: string }>;
  /** Code mode (fact sheet §6): the `additional_tools` input item that replaces `tools`; null in direct mode. */
  additionalTools?(turn: TurnRunner): JsonValue | null;
  /** Runs one call (never rejects); what it returns is recorded in call order once every call of the response is done. */
  handle(call: FunctionCall, turn: TurnRunner): Promise<ToolCallRecord>;
}

/** What a tool call leaves in the thread: its item (if it has one) and its model context (the call and its output). */
export interface ToolCallRecord {
  item: ThreadItem | null;
  context: JsonValue[];
}

interface PendingInput {
  input: UserInput[];
  clientId: string | null;
}

const ZERO_USAGE: TokenUsageBreakdown = {
  totalTokens: 0,
  inputTokens: 0,
  cachedInputTokens: 0,
  cacheWriteInputTokens: 0,
  outputTokens: 0,
  reasoningOutputTokens: 0,
};

function breakdownOf(usage: ResponseUsage): TokenUsageBreakdown {
  const details = usage.input_tokens_details as Partial<ResponseUsage.InputTokensDetails> | undefined;
  return {
    totalTokens: usage.total_tokens ?? usage.input_tokens + usage.output_tokens,
    inputTokens: usage.input_tokens ?? 0,
    cachedInputTokens: details?.cached_tokens ?? 0,
    cacheWriteInputTokens: details?.cache_write_tokens ?? 0,
    outputTokens: usage.output_tokens ?? 0,
    reasoningOutputTokens: usage.output_tokens_details?.reasoning_tokens ?? 0,
  };
}

function addUsage(a: TokenUsageBreakdown, b: TokenUsageBreakdown): TokenUsageBreakdown {
  return {
    totalTokens: a.totalTokens + b.totalTokens,
    inputTokens: a.inputTokens + b.inputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    cacheWriteInputTokens: a.cacheWriteInputTokens + b.cacheWriteInputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    reasoningOutputTokens: a.reasoningOutputTokens + b.reasoningOutputTokens,
  };
}

function nowSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/** Outbound bytes queued towards a subscriber above which the model stream is paused. */
const OUTPUT_HIGH_WATER = 16 * 1024;
/** Longest pause for one slow subscriber; the transport handles clients that stop reading. */
const OUTPUT_DRAIN_WAIT_MS = 2_000;

function nextTick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A finished output message's text (refusals left out), as compaction and approval reviews read the model's answer. */
function outputText(message: ResponseOutputMessage): string {
  return message.content.map((part) => (part.type === "output_text" ? part.text : "")).join("");
}

/**
 * One running turn: the model sampling loop, the mapping of Responses
 * streaming events onto `item/*` notifications, persistence (turn row at
 * start and end, each completed item with its model-context contribution —
 * never per delta) and the turn's end in one of completed / interrupted /
 * failed. Installed as the thread's `activeTurn` for turn/steer and
 * turn/interrupt.
 */
export class TurnRunner implements ActiveTurnHandle {
  readonly turnId = uuidv7();
  /** Automatic approval reviews denied in this turn: too many interrupt it. */
  private readonly autoReviewDenials = new DenialBreaker(() => this.modelMetadata().info.model_specialty ?? null);
  readonly startedAtMs = Date.now();
  /** Set once the turn started finishing: it can no longer be steered or interrupted. */
  finishing = false;
  readonly done: Promise<void>;
  private resolveDone!: () => void;
  private readonly controller = new AbortController();
  private readonly pending: PendingInput[] = [];
  private readonly interruptWaiters: Array<() => void> = [];
  /** Responses stream events → items; what it assembles becomes `item/*` notifications and records. */
  private readonly assembly: StreamAssembler;
  /** What the backend says about the turn's requests besides their output (rerouting, verifications, moderation, buffering). */
  private readonly backendSignals: TurnBackendSignals;
  /**
   * Model context of tool calls that produce no item (update_plan, malformed
   * or unknown calls): sent with the next requests and stored with the next
   * recorded item, so the call and its output stay paired and in order.
   */
  private readonly contextCarry: JsonValue[] = [];
  private lastAgentMessage: AgentMessageItem | undefined;
  /** A Stop hook already sent the model back to work in this turn. */
  private stopHookActive = false;
  /** Whether the thread's goal was active when the turn started: the turn's time is then charged to it. */
  private goalActiveAtStart = false;
  /** What the model must be told about its goal (budget spent), added to the context once the response's calls are in. */
  private goalNotice: JsonValue | undefined;
  /** Headers of a response still streaming: an interrupt still reports their rate limits. */
  private unreportedHeaders: Headers | undefined;
  /** The model's call items of this turn as received, by call id: the history replays them verbatim (§7.1). */
  private readonly receivedCalls = new Map<string, JsonValue>();
  private shutDown = false;
  /** Run once when the turn ends (not on shutdown), after its last items and before its record. */
  private readonly endHooks: Array<() => void> = [];
  private readonly onShutdown = () => this.abortForShutdown();
  /** The turn's model metadata and request identity, settled before its first request. */
  private requestIdentity: TurnIdentity | undefined;
  private metadata: ModelMetadata | undefined;
  /** The model `metadata` was resolved for (a catalogue entry may carry a shorter slug). */
  private metadataModel: string | undefined;
  /** What this turn's patches changed, for `turn/diff/updated` (kept by the tool runtime). */
  diffTracker: TurnDiffTracker | undefined;
  /** Set before `run` for a turn whose work is not a model request (see `TurnBody`). */
  body: TurnBody | undefined;
  /** Set when the user-message queue started this turn (reported in the turn metadata). */
  trigger: TurnTrigger | undefined;
  /** turn/start's, or the queued submission's, client metadata (reported in the turn metadata). */
  clientMetadata: TurnClientMetadata | undefined;
  /** turn/settings/update: changes for this turn's later requests only, over the thread's settings. */
  turnSettings: Partial<Pick<ThreadSettings, "model" | "reasoningEffort" | "reasoningSummary" | "serviceTier">> = {};
  /**
   * A review turn's own model context (the reviewer never sees the thread's
   * history, and the thread keeps only the review's outcome): requests are
   * built from it and the turn's items add their context to it.
   */
  private isolatedContext: JsonValue[] | undefined;
  /** The reviewer's last answer (its agent messages are not shown: the rendered review is). */
  private reviewAnswer: string | undefined;
  private reviewExited = false;

  constructor(
    private readonly services: TurnServices,
    readonly thread: LoadedThread,
    readonly kind: TurnKind,
    private readonly initialInput: PendingInput | null,
    /** JSON Schema for the final message of this turn only. */
    readonly outputSchema: JsonValue | null,
    private readonly tools: TurnTools | undefined,
    /** Value of the `originator` header (the client's name). */
    readonly originator: string | undefined,
    /** Set for review turns (kind `review`). */
    private readonly review?: ReviewTurn,
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.assembly = this.streamAssembler();
    this.backendSignals = new TurnBackendSignals(thread.id, this.turnId, (method, params) => thread.emit(method, params));
    // An interrupt or a shutdown ends the thread's running commands (exec sessions) too.
    this.controller.signal.addEventListener(
      "abort",
      () => {
        void thread.execSessions.closeAll();
        thread.codeMode.endTurn(this.turnId);
      },
      { once: true },
    );
    services.shutdownSignal.addEventListener("abort", this.onShutdown, { once: true });
    // A shutdown waits (briefly) for the aborted turn to record its last tool item.
    services.trackWork(this.done);
  }

  get threadId(): string {
    return this.thread.id;
  }

  /** What the turn's stream assembles becomes `item/*` notifications and records; in Plan mode proposed plans become the turn's plan item. */
  private streamAssembler(): StreamAssembler {
    const emitDelta = (method: "item/agentMessage/delta" | "item/plan/delta", itemId: string, delta: string) => {
      this.thread.emit(method, { threadId: this.threadId, turnId: this.turnId, itemId, delta });
    };
    const planMode = this.kind === "regular" && this.thread.collaborationMode?.mode === "plan";
    return new StreamAssembler(
      {
        itemStarted: (item) => {
          if (!(this.review && item.type === "agentMessage")) this.itemStarted(item);
        },
        agentMessageDelta: (itemId, delta) => {
          if (!this.review) emitDelta("item/agentMessage/delta", itemId, delta);
        },
        planDelta: (itemId, delta) => emitDelta("item/plan/delta", itemId, delta),
        reasoningSummaryDelta: (itemId, delta, summaryIndex) => {
          this.thread.emit("item/reasoning/summaryTextDelta", { threadId: this.threadId, turnId: this.turnId, itemId, delta, summaryIndex });
        },
        reasoningSummaryPartAdded: (itemId, summaryIndex) => {
          this.thread.emit("item/reasoning/summaryPartAdded", { threadId: this.threadId, turnId: this.turnId, itemId, summaryIndex });
        },
        reasoningTextDelta: (itemId, delta, contentIndex) => {
          this.thread.emit("item/reasoning/textDelta", { threadId: this.threadId, turnId: this.turnId, itemId, delta, contentIndex });
        },
        itemCompleted: (item, context) => {
          if (item.type === "agentMessage" && this.review) {
            this.reviewAnswer = item.text;
            this.isolatedContext?.push(...context);
            return;
          }
          if (item.type === "agentMessage") this.lastAgentMessage = item;
          this.itemCompleted(item, context);
        },
        contextOnly: (context) => {
          if (this.isolatedContext) this.isolatedContext.push(...context);
          else this.persist(() => this.threads.injectContext(this.thread, context));
        },
      },
      undefined,
      planMode ? { planItemId: `${this.turnId}-plan` } : {},
    );
  }

  /** Persistence and model context (turn rows at start and end, completed items, never deltas). */
  private get threads(): ThreadManager {
    return this.services.threads;
  }

  /** The thread registry, for tools that change what is stored with the thread (the goal tools). */
  get threadRegistry(): ThreadManager {
    return this.services.threads;
  }

  /** Aborted when the turn is interrupted or the server shuts down. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  record(status: TurnStatus, error: TurnError | null = null, endedAtMs: number | null = null): TurnRecord {
    return {
      id: this.turnId,
      threadId: this.threadId,
      rootTurnId: this.turnId,
      status,
      error,
      startedAt: nowSeconds(this.startedAtMs),
      completedAt: endedAtMs === null ? null : nowSeconds(endedAtMs),
      durationMs: endedAtMs === null ? null : endedAtMs - this.startedAtMs,
    };
  }


  // ---------------------------------------------------------------------------
  // ActiveTurnHandle

  /** turn/steer (and turn/start merged into this turn): the input goes to the model at the next request. */
  steer(input: unknown[], clientId: string | null = null): void {
    this.pending.push({ input: input as UserInput[], clientId });
  }

  /** Stops the turn; resolves once it has stopped (before `thread/status/changed` and `turn/completed`). */
  interrupt(): Promise<void> {
    const stopped = new Promise<void>((resolve) => this.interruptWaiters.push(resolve));
    this.controller.abort();
    return stopped;
  }

  // ---------------------------------------------------------------------------
  // The turn

  /** Runs the turn to its end; never rejects. */
  async run(): Promise<void> {
    if (this.shutDown) return this.resolveDone();
    this.goalActiveAtStart = this.thread.goal?.status === "active";
    this.thread.agent?.set("running");
    // A review announces review mode first, before the thread turns active and the turn starts (reference order).
    if (this.review) this.enterReview(this.review.plan);
    this.thread.publishStatus();
    this.thread.emit("turn/started", {
      threadId: this.threadId,
      turn: { ...inProgressTurn(this.turnId), startedAt: nowSeconds(this.startedAtMs) },
    });
    try {
      await this.prepareRequests();
      if (this.kind === "regular") await this.tools?.prepare?.(this);
      this.checkAborted();
      if (this.kind === "compact") {
        await this.compact();
      } else if (this.review) {
        await this.runReview(this.review.plan);
      } else if (this.body) {
        await this.body(this);
        this.checkAborted();
        if (this.pending.length > 0) await this.sampleUntilDone();
      } else {
        const proceed = this.initialInput ? await this.addUserMessage(this.initialInput, true) : true;
        if (proceed) await this.sampleUntilDone();
      }
      await this.finish("completed", null);
    } catch (error) {
      if (error instanceof TurnAbortedError || this.controller.signal.aborted) {
        if (this.review && !this.shutDown) this.persist(() => this.exitReview(null));
        await this.finish("interrupted", null);
        return;
      }
      // A failed review still leaves review mode, so clients do not stay in it.
      if (this.review) this.persist(() => this.exitReview(null));
      let failure: ModelError;
      if (error instanceof ModelError) {
        failure = error;
      } else {
        this.services.logger.error({ err: error, threadId: this.threadId, turnId: this.turnId }, "turn failed unexpectedly");
        failure = new ModelError(`internal error: ${error instanceof Error ? error.message : String(error)}`, "other");
      }
      await this.finish("failed", failure.toTurnError());
    }
  }

  private checkAborted(): void {
    if (this.controller.signal.aborted) throw new TurnAbortedError();
  }

  /**
   * Emits and records a userMessage item for `input`. The turn's first user
   * message carries, before it, the context items the model has not seen yet
   * (the initial context of a thread, or what changed since the last turn).
   */
  private async addUserMessage({ input, clientId }: PendingInput, withContext = false): Promise<boolean> {
    const hooks = hookContext(this.threadId, this.turnId, this.settings(), (method, params) => this.thread.emit(method, params));
    // A thread's first turn here runs the SessionStart hooks first; their context goes before the prompt.
    // (Sub-agents have SubagentStart in the reference, not SessionStart.)
    const source = withContext && !this.thread.agent ? this.thread.sessionStartSource : null;
    const session = source !== null ? await sessionStartHooks(this.services.hooks, hooks, source) : { proceed: true, context: [] };
    if (source !== null) this.thread.sessionStartSource = null;
    // The turn's prompt goes through the UserPromptSubmit hooks next; a stop keeps only their context.
    const hooked = withContext && session.proceed ? await promptHooks(this.services.hooks, hooks, input) : { proceed: session.proceed, context: [] };
    if (!hooked.proceed) {
      const kept = [...session.context, ...hooked.context];
      if (kept.length > 0) this.persist(() => this.threads.injectContext(this.thread, kept));
      return false;
    }
    const startedAtMs = Date.now();
    const item: ThreadItem = {
      type: "userMessage",
      id: uuidv7(),
      clientId,
      content: normalizeUserInput(input),
      startedAtMs,
      completedAtMs: null,
    };
    this.itemStarted(item);
    const message = await userMessageContext(input, this.thread.record.settings.cwd);
    const context: JsonValue[] = withContext ? this.turnContextItems() : [];
    context.push(...session.context);
    context.push(typeof message === "object" && message !== null && !Array.isArray(message) ? { ...message, id: `msg_${uuidv7()}` } : message);
    const cwd = this.thread.record.settings.cwd;
    const injected = await skillInjections(mentionedSkills(input, this.services.skills.forPrompt(cwd), cwd));
    context.push(...injected.items);
    for (const warning of injected.warnings) this.services.logger.warn({ threadId: this.threadId }, warning);
    context.push(...hooked.context);
    const completed = { ...item, completedAtMs: Date.now() };
    this.emitItemCompleted(completed);
    this.recordItem(completed, context);
    return true;
  }

  /** Pending steered input that never reached the model still becomes part of the history. */
  private async flushPendingInput(): Promise<void> {
    while (this.pending.length > 0) await this.addUserMessage(this.pending.shift()!);
  }

  /** Sampling requests until the model answers without tool calls and no steered input is waiting. */
  private async sampleUntilDone(): Promise<void> {
    for (;;) {
      this.checkAborted();
      this.flushGoalNotice();
      await this.flushPendingInput();
      this.checkAborted();
      const result = await this.sample(this.buildRequest());
      await this.afterResponse(result);
      const calls = this.assembly.takeFunctionCalls();
      for (const call of calls) this.receivedCalls.set(call.callId, call.raw);
      if (calls.length > 0 && this.tools) {
        this.checkAborted();
        // Parallel calls run concurrently; their outputs go back to the model in call order.
        const tools = this.tools;
        const records = await Promise.all(calls.map((call) => tools.handle(call, this)));
        for (const record of records) this.recordToolCall(record);
        continue;
      }
      if (calls.length > 0) {
        this.services.logger.warn({ calls: calls.map((c) => c.name) }, "model called tools but none are available; ignoring");
      }
      if (this.pending.length > 0) continue;
      if (!(await this.stopHooksContinue())) return;
    }
  }

  /**
   * The Stop hooks, when the model has answered: a block turns their reasons
   * into a `hookPrompt` item (a user message for the model) and the turn goes
   * on; otherwise it ends. Reviews and sub-agents have no Stop hooks here.
   */
  private async stopHooksContinue(): Promise<boolean> {
    if (this.kind !== "regular" || this.review || this.thread.agent) return false;
    const context = hookContext(this.threadId, this.turnId, this.settings(), (method, params) => this.thread.emit(method, params));
    const outcome = await this.services.hooks.stop(context, this.stopHookActive, this.lastAgentMessage?.text ?? null);
    this.checkAborted();
    if (outcome.stopped || outcome.blocks.length === 0) return false;
    this.stopHookActive = true;
    const fragments = outcome.blocks.map((block) => ({ text: block.reason, hookRunId: block.runId }));
    const startedAtMs = Date.now();
    const item: ThreadItem = { type: "hookPrompt", id: `msg_${uuidv7()}`, fragments, startedAtMs, completedAtMs: null };
    this.itemStarted(item);
    const completed: ThreadItem = { ...item, completedAtMs: Date.now() };
    this.emitItemCompleted(completed);
    this.recordItem(completed, [hookPromptMessage(fragments)]);
    return true;
  }

  private settings(): ThreadSettings {
    return this.effectiveSettings();
  }

  /**
   * The settings this turn runs under: the thread's with turn/settings/update's
   * changes, or for a review their read-only variant.
   */
  effectiveSettings(): ThreadSettings {
    const settings = { ...this.thread.record.settings, ...this.turnSettings };
    return this.review ? reviewSettings(settings, this.review.model) : settings;
  }

  /** The model's metadata (catalogue entry or fallback) for the thread's current model; drives the request and the tools. */
  modelMetadata(): ModelMetadata {
    const model = this.settings().model;
    if (this.metadataModel !== model || !this.metadata) {
      this.metadata = modelMetadataFor(model, this.services.config.values, this.services.modelCatalog.currentModelCatalog());
      this.metadataModel = model;
    }
    return this.metadata;
  }

  /** Settles what every request of the turn carries: metadata, installation id, workspace state. */
  private async prepareRequests(): Promise<void> {
    const settings = this.settings();
    const config = this.services.config;
    const { info } = this.modelMetadata();
    const effort = settings.reasoningEffort ?? config.settings.modelReasoningEffort ?? info.default_reasoning_level ?? null;
    const analytics = config.values.analytics;
    this.requestIdentity = {
      installationId: installationId(this.services.codexHome),
      threadId: this.threadId,
      turnId: this.turnId,
      turnStartedAtMs: this.startedAtMs,
      contextWindowId: this.thread.contextWindowId,
      historyOrigin: this.thread.historyOrigin,
      model: settings.model,
      reasoningEffort: effort,
      settings,
      info,
      workspace: await workspaceState(settings.cwd),
      analyticsEnabled: !(typeof analytics === "object" && analytics !== null && (analytics as { enabled?: unknown }).enabled === false),
      ...(this.trigger ? { trigger: this.trigger } : {}),
      ...(this.clientMetadata ? { clientMetadata: this.clientMetadata } : {}),
    };
  }

  /** Context items for this turn's first user message; remembers the settings they describe. */
  private turnContextItems(): JsonValue[] {
    const settings = this.settings();
    const { info, known } = this.modelMetadata();
    const agentsMd = this.threads.instructionsOf(this.thread).contents;
    const next = turnContextSettings(settings, agentsMd, this.thread.collaborationMode);
    const prompt = threadPromptInputs(settings, info, known, this.services.skills.forPrompt(settings.cwd));
    const deferred = this.kind === "regular" ? (this.tools?.deferredNamespaces?.(this) ?? []) : [];
    if (deferred.length > 0) prompt.deferredToolNamespaces = deferred;
    const items = contextItemsForTurn(this.threads.firstContextItem(this.thread), this.thread.lastContextSettings, prompt, next);
    this.threads.setLastContextSettings(this.thread, next);
    return items as unknown as JsonValue[];
  }

  /** The request for the thread's current settings and model context (fact sheet §2, §3). */
  buildRequest(extraInput: JsonValue[] = []): ModelRequest {
    const settings = this.settings();
    const config = this.services.config;
    const { info, known } = this.modelMetadata();
    const identity = this.requestIdentity;
    const summary = settings.reasoningSummary ?? config.settings.modelReasoningSummary;
    const effort = settings.reasoningEffort ?? config.settings.modelReasoningEffort;
    const request: ModelRequest = {
      model: settings.model,
      input: [...(this.isolatedContext ?? this.threads.requestContext(this.thread)), ...this.contextCarry, ...extraInput],
      tools: this.offeredTools(),
      parallelToolCalls: true,
      reasoning: reasoningFor(info, known, effort, summary),
      verbosity: verbosityFor(info, config.values.model_verbosity),
      outputSchema: this.outputSchema,
      promptCacheKey: this.threadId,
    };
    // The compaction request of a code-mode thread carries the same `additional_tools` item as the turns before it.
    const additionalTools = this.kind !== "review" ? (this.tools?.additionalTools?.(this) ?? null) : null;
    if (additionalTools !== null) {
      request.tools = undefined;
      request.input.unshift(additionalTools);
      request.parallelToolCalls = false;
    }
    if (identity) {
      Object.assign(request, this.requestEnvelope(identity));
      if (info.use_responses_lite) request.headers!["x-openai-internal-codex-responses-lite"] = "true";
    }
    return request;
  }

  /** The turn's `client_metadata` and request headers (originator, user agent, session and turn metadata). */
  private requestEnvelope(identity: TurnIdentity): Pick<ModelRequest, "clientMetadata" | "headers"> {
    const metadata = turnMetadata(identity);
    const originator = this.originator ?? DEFAULT_ORIGINATOR;
    const userAgent = this.requester()?.userAgent ?? buildUserAgent(originator, CODEX_PROTOCOL_VERSION);
    return { clientMetadata: clientMetadata(identity, metadata), headers: requestHeaders(identity, metadata, originator, userAgent) };
  }

  /**
   * The turn as an automatic approval review sees it: its notifications, its
   * thread's transcript, and one-off model requests on the turn's provider
   * (over HTTP, outside the thread's response chain) with the turn's headers.
   */
  autoReviewHost(): AutoReviewHost {
    return {
      threadId: this.threadId,
      turnId: this.turnId,
      signal: this.controller.signal,
      emit: (method, params) => this.thread.emit(method, params),
      denials: this.autoReviewDenials,
      interrupt: () => void this.interrupt(),
      history: () => this.threads.modelContext(this.thread),
      reviewModel: () => {
        const settings = this.settings();
        const effort = settings.reasoningEffort ?? this.services.config.settings.modelReasoningEffort ?? null;
        const catalog = [...configuredCatalogEntries(this.services.config.values), ...this.services.modelCatalog.currentModelCatalog()];
        return selectReviewModel(this.modelMetadata().info, effort, catalog);
      },
      sample: async (review, signal) => {
        const envelope = this.requestIdentity ? this.requestEnvelope(this.requestIdentity) : {};
        const request: ModelRequest = {
          model: review.model,
          input: review.input,
          reasoning: review.effort ? { effort: review.effort } : null,
          outputSchema: review.outputSchema,
          clientMetadata: envelope.clientMetadata,
          // The reference's reviewer is a sub-agent session labelled "guardian", which its requests name.
          headers: { ...envelope.headers, "x-openai-subagent": "guardian" },
        };
        let finalText: string | undefined;
        await this.services.models.stream(request, { ...this.modelCall(), signal, session: undefined }, {
          onAttempt: () => (finalText = undefined),
          onEvent: (event) => {
            if (event.type === "response.output_item.done" && event.item.type === "message") finalText = outputText(event.item);
          },
        });
        return finalText;
      },
    };
  }

  private offeredTools(): JsonValue[] | undefined {
    if (this.kind === "regular") return this.tools?.definitions(this);
    if (this.kind === "review") return this.tools?.definitions(this).filter(offeredToReviewer);
    return undefined;
  }

  private requester() {
    return this.thread.subscribers.values().next().value ?? null;
  }

  /** Where model requests go; a 401 with ChatGPT tokens refreshes them once (see `streamModel`). */
  private modelCall(): ModelCall {
    return {
      providerId: this.settings().modelProvider,
      signal: this.controller.signal,
      requester: this.requester(),
      session: this.thread.modelSession,
    };
  }

  private async sample(request: ModelRequest): Promise<StreamResult> {
    // Review turns included: the reference forwards what its reviewer's requests are told to the reviewed thread.
    const signals = this.backendSignals;
    signals.requestStarted(request.model);
    return this.services.models.stream(request, this.modelCall(), {
      onAttempt: (attempt) => {
        // A re-issued request starts its output from scratch; drop the broken attempt's partial items.
        if (attempt > 0) this.assembly.restart();
      },
      onEvent: (event) => {
        signals.onEvent(event);
        this.assembly.onEvent(event);
      },
      beforeRead: () => this.outputBackpressure(),
      onHeaders: (headers) => (this.unreportedHeaders = headers),
      onStreamStart: (headers) => signals.onStreamStart(headers),
      onWarning: (message) => this.thread.emit("warning", { threadId: this.threadId, message }),
      onRetry: (error, retry, max) => {
        this.thread.emit("error", {
          error: {
            message: `Reconnecting... ${retry}/${max}`,
            codexErrorInfo: error.info,
            additionalDetails: error.message,
            misalignment: null,
          },
          willRetry: true,
          threadId: this.threadId,
          turnId: this.turnId,
        });
      },
    });
  }

  /**
   * When a subscriber's outbound buffer is over the high-water mark, the model
   * stream waits until it drains (at most OUTPUT_DRAIN_WAIT_MS per read): a
   * client that reads slowly does not make the server buffer the whole reply.
   */
  private outputBackpressure(): Promise<void> | undefined {
    let waits: Promise<void>[] | undefined;
    for (const session of this.thread.subscribers) {
      if (session.outboundBacklog() > OUTPUT_HIGH_WATER) (waits ??= []).push(session.outboundDrained());
    }
    if (!waits) return undefined;
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.controller.signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, OUTPUT_DRAIN_WAIT_MS);
      this.controller.signal.addEventListener("abort", done, { once: true });
      void Promise.all(waits!).then(done);
    });
  }

  /** Token usage and rate limits after each model response (reference order: usage, then limits). */
  private async afterResponse({ response, headers }: StreamResult): Promise<void> {
    this.unreportedHeaders = undefined;
    this.completeOpenItems();
    // The reviewer's usage is its own, not the thread's: the reference reports neither usage nor limits during a review.
    if (!this.review) this.reportUsage(response, headers);
    const modelsEtag = headers.get("x-models-etag");
    if (modelsEtag) {
      const userAgent = this.modelCall().requester?.userAgent;
      this.services.modelCatalog.onModelsEtag(modelsEtag, { userAgent, originator: this.originator });
    }
  }

  /** The thread's token usage after a response, then the rate limits its headers carry (reference order). */
  private reportUsage(response: StreamResult["response"], headers: Headers): void {
    if (response.usage) {
      const last = breakdownOf(response.usage);
      const previous = this.thread.record.tokenUsage?.total ?? ZERO_USAGE;
      const tokenUsage = {
        total: addUsage(previous, last),
        last,
        modelContextWindow: modelContextWindow(
          this.services.config.values,
          this.services.modelCatalog.currentModelCatalog(),
          this.settings().model,
        ),
      };
      this.threads.updateTokenUsage(this.thread, tokenUsage);
      this.thread.emit("thread/tokenUsage/updated", { threadId: this.threadId, turnId: this.turnId, tokenUsage });
      this.goalNotice ??= this.persistValue(() => chargeGoalTokens(this.threads, this.thread, last.totalTokens));
    }
    for (const update of rateLimitUpdatesFromHeaders(headers)) this.services.broadcast("account/rateLimits/updated", update);
  }

  /** As the reference does after an interrupt: the thread's token usage and the cut response's rate limits. */
  private reportUsageAfterInterrupt(): void {
    const tokenUsage = this.thread.record.tokenUsage;
    if (tokenUsage) this.thread.emit("thread/tokenUsage/updated", { threadId: this.threadId, turnId: this.turnId, tokenUsage });
    const headers = this.unreportedHeaders;
    this.unreportedHeaders = undefined;
    if (headers) for (const update of rateLimitUpdatesFromHeaders(headers)) this.services.broadcast("account/rateLimits/updated", update);
  }

  /** Items the stream never marked done end now, with what arrived. */
  private completeOpenItems(): void {
    this.assembly.completeOpenItems();
  }

  /** Items the stream never marked done are dropped unannounced, with the calls of the unfinished response. */
  private discardOpenItems(): void {
    this.assembly.restart();
  }

  /** Stores a completed item with its model context (and any carried tool-call context before it). */
  private recordItem(item: ThreadItem, context: JsonValue[]): void {
    const own = context.map((entry) => this.asReceived(entry));
    const full = this.contextCarry.length > 0 ? [...this.contextCarry.splice(0), ...own] : own;
    if (this.isolatedContext) {
      this.isolatedContext.push(...full);
      this.threads.recordItem(this.thread, { threadId: this.threadId, turnId: this.turnId, item, context: [] });
      return;
    }
    this.threads.recordItem(this.thread, { threadId: this.threadId, turnId: this.turnId, item, context: full });
  }

  // ---------------------------------------------------------------------------
  // For tool runtimes (`TurnTools.handle`)

  /** Announces an item of this turn (`item/started`); `startedAtMs` is taken from the item. */
  itemStarted(item: ThreadItem): void {
    this.thread.emit("item/started", {
      item,
      threadId: this.threadId,
      turnId: this.turnId,
      startedAtMs: item.startedAtMs ?? Date.now(),
    });
  }

  /**
   * Completes an item of this turn (`item/completed`) and records it with its
   * model-context contribution — for a tool call, the model's call item
   * (`FunctionCall.raw`) followed by its `function_call_output`.
   */
  itemCompleted(item: ThreadItem, context: JsonValue[]): void {
    this.emitItemCompleted(item);
    this.persist(() => this.recordItem(item, context));
  }

  /**
   * A recorded item of this turn reached its final state later (a command
   * that exited after its call returned, during a later write_stdin or in the
   * background): the stored item follows. Its notification is the caller's.
   */
  updateRecordedItem(item: ThreadItem): void {
    this.persist(() => this.threads.updateItem(this.thread, this.turnId, item));
  }

  /** The item of a tool an `exec` script called: stored with the thread, while the model only sees the script's output. */
  recordNestedItem(item: ThreadItem): void {
    this.persist(() => this.recordItem(item, []));
  }

  /** A finished tool call: its item with its context, or its context alone (sent and stored with the next item). */
  private recordToolCall(record: ToolCallRecord): void {
    if (record.item) this.persist(() => this.recordItem(record.item!, record.context));
    else this.addContext(record.context);
  }

  /** `hook` runs when this turn ends (completed, failed or interrupted), before `turn/completed`. */
  onEnd(hook: () => void): void {
    this.endHooks.push(hook);
  }

  /** `item/completed` alone: callers record the item in the way their failure handling needs. */
  emitItemCompleted(item: ThreadItem): void {
    const completedAtMs = item.completedAtMs ?? Date.now();
    this.thread.emit("item/completed", { item, threadId: this.threadId, turnId: this.turnId, completedAtMs, contentTokenCount: null });
  }

  /**
   * Model context of a tool call that has no item of its own (update_plan, a
   * malformed or unknown call): part of the next requests of this turn, and
   * stored with the next item recorded.
   */
  addContext(context: JsonValue[]): void {
    this.contextCarry.push(...context.map((entry) => this.asReceived(entry)));
  }

  /**
   * A model-context entry as the history keeps it: the model's own call
   * items exactly as received (id and status included), the outputs the
   * server adds with their `fco_` / `ctco_` ids.
   */
  private asReceived(entry: JsonValue): JsonValue {
    if (typeof entry === "object" && entry !== null && !Array.isArray(entry) && typeof entry.call_id === "string") {
      if (entry.type === "function_call" || entry.type === "custom_tool_call" || entry.type === "tool_search_call") {
        const raw = this.receivedCalls.get(entry.call_id);
        if (raw !== undefined) return raw;
      }
    }
    return withOutputId(entry);
  }

  /** The goal notice joins the thread's model context (stored with the next item), after this response's calls. */
  private flushGoalNotice(): void {
    const notice = this.goalNotice;
    this.goalNotice = undefined;
    if (notice !== undefined) this.persist(() => this.threads.injectContext(this.thread, [notice]));
  }

  private persistValue<T>(write: () => T): T | undefined {
    try {
      return write();
    } catch (error) {
      this.services.logger.error({ err: error, turnId: this.turnId }, "failed to persist a turn's item or state");
      return undefined;
    }
  }

  /** Persistence from the streaming path: a failed write is logged, the stream goes on. */
  private persist(write: () => void): void {
    try {
      write();
    } catch (error) {
      this.services.logger.error({ err: error, turnId: this.turnId }, "failed to persist a turn's item or state");
    }
  }

  // ---------------------------------------------------------------------------
  // Compaction

  /**
   * A compaction turn: one request asking the model to summarise the history;
   * the thread's model context is then replaced by the user messages and the
   * summary. Emits a contextCompaction item and `thread/compacted`.
   */
  private async compact(): Promise<void> {
    const startedAtMs = Date.now();
    const id = uuidv7();
    this.itemStarted({ type: "contextCompaction", id, startedAtMs, completedAtMs: null });
    const history = this.threads.modelContext(this.thread);
    const request = this.buildRequest([
      { type: "message", id: `msg_${uuidv7()}`, role: "user", content: [{ type: "input_text", text: COMPACTION_PROMPT }] },
    ]);
    request.tools = undefined;
    request.outputSchema = null;
    const chunks: string[] = [];
    let finalText: string | undefined;
    const result = await this.services.models.stream(request, this.modelCall(), {
      onAttempt: () => {
        chunks.length = 0;
        finalText = undefined;
      },
      onEvent: (event) => {
        if (event.type === "response.output_text.delta") chunks.push(event.delta);
        else if (event.type === "response.output_item.done" && event.item.type === "message") finalText = outputText(event.item);
      },
    });
    const summary = (finalText ?? chunks.join("")).trim();
    const replacement: JsonValue[] = [];
    for (const item of history) {
      if (isContextMessage(item)) continue;
      if (item && typeof item === "object" && !Array.isArray(item) && item.type === "message" && item.role === "user") {
        const text = messageText(item);
        if (text !== undefined && text.trim() !== "") replacement.push(item);
      }
    }
    replacement.push({
      type: "message",
      id: `msg_${uuidv7()}`,
      role: "user",
      content: [{ type: "input_text", text: `${COMPACTION_SUMMARY_PREFIX}\n\n${summary}` }],
    });
    // As the reference: the compacted history starts with the full initial context again (the kept
    // user messages and the summary follow it), and in code mode later requests carry a new
    // `additional_tools` item (a new id).
    this.threads.replaceModelContext(this.thread, replacement);
    this.threads.setLastContextSettings(this.thread, null);
    const context = this.turnContextItems();
    this.threads.replaceModelContext(this.thread, [...context, ...replacement]);
    this.thread.renewAdditionalToolsId();
    const item: ThreadItem = { type: "contextCompaction", id, startedAtMs, completedAtMs: Date.now() };
    this.emitItemCompleted(item);
    this.threads.recordItem(this.thread, { threadId: this.threadId, turnId: this.turnId, item, context: [] });
    this.thread.emit("thread/compacted", { threadId: this.threadId, turnId: this.turnId });
    await this.afterResponse(result);
  }

  // ---------------------------------------------------------------------------
  // Review

  /**
   * A review turn (after `enterReview`): the review request as a user message,
   * the reviewer's sampling loop on its own context (its tool calls and
   * reasoning are shown, its messages are not), then the outcome.
   */
  private enterReview(plan: ReviewPlan): void {
    const now = Date.now();
    const entered: ThreadItem = { type: "enteredReviewMode", id: this.turnId, review: plan.hint, startedAtMs: now, completedAtMs: now };
    this.itemStarted(entered);
    this.emitItemCompleted(entered);
    this.persist(() => this.recordItem(entered, []));
  }

  private async runReview(plan: ReviewPlan): Promise<void> {
    const { info, known } = this.modelMetadata();
    this.isolatedContext = reviewModelContext(this.settings(), info, known, plan);
    const startedAtMs = Date.now();
    const request: ThreadItem = {
      type: "userMessage",
      id: uuidv7(),
      clientId: null,
      content: [{ type: "text", text: plan.prompt, text_elements: [] }],
      startedAtMs,
      completedAtMs: null,
    };
    this.itemStarted(request);
    const requested = { ...request, completedAtMs: Date.now() };
    this.emitItemCompleted(requested);
    this.persist(() => this.recordItem(requested, []));
    await this.sampleUntilDone();
    this.exitReview(this.reviewAnswer === undefined ? null : parseReviewOutput(this.reviewAnswer));
  }

  /**
   * `exitedReviewMode` with the rendered review and the closing agent
   * message; the thread's own context gets the outcome (the results, or that
   * the review was interrupted) so later turns can act on the findings.
   */
  private exitReview(output: ReviewOutput | null): void {
    if (this.reviewExited) return;
    this.reviewExited = true;
    this.isolatedContext = undefined;
    this.contextCarry.length = 0;
    const rendered = output ? renderReview(output) : REVIEW_FALLBACK_MESSAGE;
    const exitedAtMs = Date.now();
    const exited: ThreadItem = { type: "exitedReviewMode", id: this.turnId, review: rendered, startedAtMs: exitedAtMs, completedAtMs: exitedAtMs };
    const note = output ? reviewResultsMessage(reviewResultsText(output)) : REVIEW_INTERRUPTED_MESSAGE;
    this.itemStarted(exited);
    this.emitItemCompleted(exited);
    this.recordItem(exited, [{ type: "message", id: `msg_${uuidv7()}`, role: "user", content: [{ type: "input_text", text: note }] }]);
    const text = output ? rendered : REVIEW_INTERRUPTED_ANSWER;
    const now = Date.now();
    const answer = agentMessageItem(`msg_${uuidv7()}`, text, { startedAtMs: now, completedAtMs: now });
    this.itemStarted(answer);
    this.emitItemCompleted(answer);
    this.lastAgentMessage = answer;
    this.recordItem(answer, [{ type: "message", id: answer.id, role: "assistant", content: [{ type: "output_text", text, annotations: [] }] }]);
  }

  // ---------------------------------------------------------------------------
  // The end

  private async finish(status: TurnStatus, error: TurnError | null): Promise<void> {
    if (this.finishing) return;
    this.finishing = true;
    this.thread.codeMode.endTurn(this.turnId);
    this.services.shutdownSignal.removeEventListener("abort", this.onShutdown);
    if (this.shutDown) return this.resolveDone();
    try {
      // As the reference does: an interrupted turn drops what was still streaming (no item/completed, nothing stored).
      if (status === "interrupted") {
        this.discardOpenItems();
        this.reportUsageAfterInterrupt();
      } else this.completeOpenItems();
      await this.flushPendingInput();
      // Calls with no item of their own that ended with the turn (an interrupted request_user_input, a cancelled
      // command) stay in the history the model sees next, as in the reference.
      if (this.contextCarry.length > 0 && !this.isolatedContext) {
        const carried = this.contextCarry.splice(0);
        this.persist(() => this.threads.injectContext(this.thread, carried));
      }
    } catch (flushError) {
      this.services.logger.warn({ err: flushError, turnId: this.turnId }, "could not record the turn's last items");
    }
    for (const hook of this.endHooks.splice(0)) hook();
    const endedAtMs = Date.now();
    const record = this.record(status, error, endedAtMs);
    this.persist(() => this.threads.recordTurnEnded(this.thread, record));
    this.flushGoalNotice();
    this.persist(() => chargeGoalTurn(this.threads, this.thread, this.turnId, endedAtMs - this.startedAtMs, this.goalActiveAtStart));
    if (status === "failed" && error) {
      this.thread.emit("error", { error, willRetry: false, threadId: this.threadId, turnId: this.turnId });
    }
    if (this.interruptWaiters.length > 0) {
      // turn/interrupt is answered first; the answer is written once its handler's promise settles.
      for (const resolve of this.interruptWaiters.splice(0)) resolve();
      await nextTick();
    }
    this.announceEnd(record);
    this.resolveDone();
  }

  /** The thread is free for its next turn: status and `turn/completed` for the turn's final record. */
  private announceEnd(record: TurnRecord): void {
    if (this.thread.activeTurn === this) this.thread.activeTurn = undefined;
    this.thread.agent?.set(
      record.status === "completed"
        ? { completed: this.lastAgentMessage?.text ?? null }
        : record.status === "failed"
          ? { errored: record.error?.message ?? "turn failed" }
          : "interrupted",
    );
    this.thread.publishStatus();
    this.thread.emit("turn/completed", { threadId: this.threadId, turn: this.completedTurn(record) });
    this.thread.turnCompleted();
    if (!this.shutDown) this.services.turnEnded?.(this.thread, record.status, this.originator);
  }

  /** The `turn/completed` payload for the turn's final record. */
  private completedTurn(record: TurnRecord): Turn {
    return {
      id: this.turnId,
      rootTurnId: this.turnId,
      items: this.lastAgentMessage ? [this.lastAgentMessage] : [],
      itemsView: "summary",
      status: record.status,
      error: record.error,
      startedAt: record.startedAt,
      completedAt: record.completedAt,
      durationMs: record.durationMs,
    };
  }

  /**
   * Server shutdown (or end of input): stop the model stream and record the
   * turn as interrupted synchronously — the process exits right after. Items
   * still streaming are dropped (as an interrupt does), and connections still open are told (`turn/completed`, interrupted).
   * A tool call in flight is killed by the abort and records its item when
   * it returns, if the process is still there.
   */
  private abortForShutdown(): void {
    if (this.finishing) return;
    this.shutDown = true;
    this.controller.abort();
    this.discardOpenItems();
    if (this.pending.length > 0) {
      this.services.logger.warn({ turnId: this.turnId, inputs: this.pending.length }, "steered input not yet sent to the model is dropped by the shutdown");
    }
    const record = this.record("interrupted", null, Date.now());
    this.persist(() => this.threads.recordTurnEnded(this.thread, record));
    for (const resolve of this.interruptWaiters.splice(0)) resolve();
    this.announceEnd(record);
  }
}
