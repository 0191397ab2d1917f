import path from "node:path";
import type { TomlTable } from "../../config/json-value.js";
import type { JsonValue } from "../../protocol/common.js";
import type { HookEventName, HookOutputEntry, HookRunSummary, HooksListEntry } from "../../protocol/extensions.js";
import { runHookCommand, type CommandRunResult } from "./command-runner.js";
import { discoverHooks, HOOK_EVENTS, matcherMatches, type ConfiguredHandler } from "./discovery.js";

export interface HookEngineOptions {
  codexHome: string;
  /** The user config as it is now: hooks and their trust are read again for every event. */
  configValues: () => TomlTable;
}

/** Where one event happens, and where its `hook/started` / `hook/completed` go. */
export interface HookContext {
  threadId: string;
  turnId: string;
  cwd: string;
  model: string;
  permissionMode: string;
  notify(method: "hook/started" | "hook/completed", params: { threadId: string; turnId: string | null; run: HookRunSummary }): void;
}

/** What the hooks of one event decided. */
export interface HookOutcome {
  /** Set when a hook blocked the action (or stopped the turn); the reason goes to the model or the user. */
  blockReason: string | null;
  /** Text the hooks want the model to see. */
  additionalContexts: string[];
  /** Each blocking run's id and reason (a Stop hook's continuation prompts). */
  blocks: { runId: string; reason: string }[];
  /** A hook answered `continue: false`. */
  stopped: boolean;
}

const NO_OUTCOME: HookOutcome = { blockReason: null, additionalContexts: [], blocks: [], stopped: false };

interface Parsed {
  runId?: string;
  status: HookRunSummary["status"];
  entries: HookOutputEntry[];
  blockReason: string | null;
  additionalContexts: string[];
}

/**
 * Runs the trusted hooks configured for an event (hooks.json / `[hooks]`,
 * see discovery.ts): every matching handler at once, each with the event's
 * JSON on stdin, announced by `hook/started` and reported by
 * `hook/completed`. A hook that fails, hangs past its timeout or answers
 * nonsense is reported and otherwise ignored (the action goes on).
 */
export class HookEngine {
  constructor(private readonly options: HookEngineOptions) {}

  private discover(cwd: string) {
    return discoverHooks(cwd, {
      codexHome: this.options.codexHome,
      configFile: path.join(this.options.codexHome, "config.toml"),
      values: this.options.configValues(),
    });
  }

  /** `hooks/list` for one cwd. */
  list(cwd: string): HooksListEntry {
    const found = this.discover(cwd);
    return { cwd, hooks: found.hooks, warnings: found.warnings, errors: [] };
  }

  /** Before a tool runs: a hook may block it (exit 2 with a reason on stderr, or `permissionDecision: "deny"`) or add context. */
  preToolUse(context: HookContext, call: { toolName: string; toolInput: JsonValue; toolUseId: string }): Promise<HookOutcome> {
    return this.run(context, "preToolUse", call.toolName, call.toolUseId, {
      tool_name: call.toolName,
      tool_input: call.toolInput,
      tool_use_id: call.toolUseId,
    });
  }

  /** After a tool ran: a hook may replace what the model sees with its feedback (block) or add context. */
  postToolUse(
    context: HookContext,
    call: { toolName: string; toolInput: JsonValue; toolUseId: string; toolResponse: JsonValue },
  ): Promise<HookOutcome> {
    return this.run(context, "postToolUse", call.toolName, call.toolUseId, {
      tool_name: call.toolName,
      tool_input: call.toolInput,
      tool_response: call.toolResponse,
      tool_use_id: call.toolUseId,
    });
  }

  /** Before the user's prompt reaches the model: a hook may stop the turn (block, or `continue: false`) or add context. */
  userPromptSubmit(context: HookContext, prompt: string): Promise<HookOutcome> {
    return this.run(context, "userPromptSubmit", null, null, { prompt });
  }

  /**
   * When a thread's first turn here starts (`source` is `startup` for a new
   * thread, `resume` for one read back): a hook may add context (JSON
   * `additionalContext` or plain stdout) or stop the turn (`continue: false`).
   */
  sessionStart(context: HookContext, source: "startup" | "resume"): Promise<HookOutcome> {
    return this.run(context, "sessionStart", source, null, { source }, false);
  }

  /**
   * When the model has answered and the turn would end: a hook may block the
   * end (exit 2 with a reason on stderr, or `decision: "block"` with a
   * `reason`), and the reason becomes the model's next prompt; `continue:
   * false` ends the turn regardless. `stopHookActive` tells hooks the turn
   * is already continuing because of them.
   */
  stop(context: HookContext, stopHookActive: boolean, lastAssistantMessage: string | null): Promise<HookOutcome> {
    return this.run(context, "stop", null, null, { stop_hook_active: stopHookActive, last_assistant_message: lastAssistantMessage });
  }

  private async run(
    context: HookContext,
    eventName: HookEventName,
    matcherInput: string | null,
    toolUseId: string | null,
    fields: { [key: string]: JsonValue },
    /** Session-scoped events carry no `turn_id` in their input. */
    withTurnId = true,
  ): Promise<HookOutcome> {
    let handlers: ConfiguredHandler[];
    try {
      handlers = this.discover(context.cwd).handlers.filter(
        (handler) => handler.eventName === eventName && matcherMatches(handler.matcher, matcherInput),
      );
    } catch {
      return NO_OUTCOME;
    }
    if (handlers.length === 0) return NO_OUTCOME;
    const eventKey = HOOK_EVENTS.find((event) => event.wire === eventName)!.key;
    const input = JSON.stringify({
      session_id: context.threadId,
      ...(withTurnId ? { turn_id: context.turnId } : {}),
      transcript_path: null,
      cwd: context.cwd,
      hook_event_name: eventKey,
      model: context.model,
      permission_mode: context.permissionMode,
      ...fields,
    });
    const results = await Promise.all(
      handlers.map(async (handler) => {
        const started = runningSummary(handler, toolUseId);
        context.notify("hook/started", { threadId: context.threadId, turnId: context.turnId, run: started });
        const result = await runHookCommand(handler.command, input, context.cwd, handler.timeoutSec);
        const parsed = parseResult(eventName, eventKey, result);
        context.notify("hook/completed", {
          threadId: context.threadId,
          turnId: context.turnId,
          run: {
            ...started,
            status: parsed.status,
            startedAt: result.startedAt,
            completedAt: result.completedAt,
            durationMs: result.durationMs,
            entries: parsed.entries,
          },
        });
        return { ...parsed, runId: started.id };
      }),
    );
    const stopped = results.some((result) => result.status === "stopped");
    return {
      blockReason: results.find((result) => result.blockReason !== null)?.blockReason ?? null,
      additionalContexts: results.flatMap((result) => result.additionalContexts),
      blocks: stopped
        ? []
        : results.flatMap((result) => (result.status === "blocked" && result.blockReason ? [{ runId: result.runId!, reason: result.blockReason }] : [])),
      stopped,
    };
  }
}

function runningSummary(handler: ConfiguredHandler, toolUseId: string | null): HookRunSummary {
  const label = HOOK_EVENTS.find((event) => event.wire === handler.eventName)!.label;
  const id = `${label}:${handler.displayOrder}:${handler.sourcePath}`;
  return {
    id: toolUseId === null ? id : `${id}:${toolUseId}`,
    eventName: handler.eventName,
    handlerType: "command",
    executionMode: "sync",
    scope: handler.eventName === "sessionStart" ? "thread" : "turn",
    sourcePath: handler.sourcePath,
    source: handler.source,
    displayOrder: handler.displayOrder,
    status: "running",
    statusMessage: handler.statusMessage,
    startedAt: Math.floor(Date.now() / 1000),
    completedAt: null,
    durationMs: null,
    entries: [],
  };
}

/** The reference's reading of a hook's exit status and output, for the tool events. */
function parseResult(eventName: HookEventName, eventKey: string, result: CommandRunResult): Parsed {
  const parsed: Parsed = { status: "completed", entries: [], blockReason: null, additionalContexts: [] };
  const fail = (text: string): Parsed => {
    parsed.status = "failed";
    parsed.entries.push({ kind: "error", text });
    return parsed;
  };
  const block = (reason: string): void => {
    parsed.status = "blocked";
    parsed.blockReason = reason;
    parsed.entries.push({ kind: "feedback", text: reason });
  };
  if (result.error !== null) return fail(result.error);
  // Exit status 2 blocks tools and prompts; a session start cannot be blocked, so there it is a plain failure.
  if (result.exitCode === 2 && eventName !== "sessionStart") {
    const reason = result.stderr.trim();
    if (reason === "") {
      return fail(
        eventName === "stop"
          ? "Stop hook exited with code 2 but did not write a continuation prompt to stderr"
          : `${eventKey} hook exited with code 2 but did not write a blocking reason to stderr`,
      );
    }
    block(reason);
    return parsed;
  }
  if (result.exitCode === null) return fail("hook exited without a status code");
  if (result.exitCode !== 0) return fail(`hook exited with code ${result.exitCode}`);
  const stdout = result.stdout.trim();
  if (stdout === "") return parsed;
  let output: unknown;
  try {
    output = JSON.parse(stdout);
  } catch {
    // JSON-looking text that does not parse is a broken answer; plain text is context for a prompt, ignored for a tool.
    if (stdout.startsWith("{") || stdout.startsWith("[") || eventName === "stop") return fail(invalidOutput(eventName));
    if (eventName === "userPromptSubmit" || eventName === "sessionStart") addContext(parsed, stdout);
    return parsed;
  }
  if (output === null || typeof output !== "object" || Array.isArray(output)) return fail(invalidOutput(eventName));
  const fields = output as { [key: string]: unknown };
  if (typeof fields.systemMessage === "string") parsed.entries.push({ kind: "warning", text: fields.systemMessage });
  const specific = fields.hookSpecificOutput;
  let reason: string | null = null;
  if (specific !== undefined) {
    if (specific === null || typeof specific !== "object" || Array.isArray(specific)) return fail(invalidOutput(eventName));
    const own = specific as { [key: string]: unknown };
    if (own.hookEventName !== undefined && own.hookEventName !== eventKey) return fail(invalidOutput(eventName));
    if (typeof own.additionalContext === "string" && own.additionalContext.trim() !== "") addContext(parsed, own.additionalContext);
    if (eventName === "preToolUse" && own.permissionDecision === "deny") {
      reason = typeof own.permissionDecisionReason === "string" && own.permissionDecisionReason.trim() !== "" ? own.permissionDecisionReason : null;
      if (reason === null) return fail("PreToolUse hook denied the tool call without a permissionDecisionReason");
    }
  }
  if (fields.continue === false) {
    // `continue: false` stops the turn; its `stopReason` (if any) is what the user is told.
    parsed.status = "stopped";
    parsed.blockReason = typeof fields.stopReason === "string" ? fields.stopReason : "";
    if (typeof fields.stopReason === "string") parsed.entries.push({ kind: "stop", text: fields.stopReason });
    return parsed;
  }
  if (fields.decision === "block" && eventName !== "sessionStart") {
    reason = typeof fields.reason === "string" && fields.reason.trim() !== "" ? fields.reason : null;
    if (reason === null) {
      parsed.additionalContexts = [];
      parsed.entries = parsed.entries.filter((entry) => entry.kind !== "context");
      return fail(`${eventKey} hook returned decision:block without a non-empty reason`);
    }
  }
  if (reason !== null) block(reason);
  return parsed;
}

function addContext(parsed: Parsed, text: string): void {
  parsed.entries.push({ kind: "context", text });
  parsed.additionalContexts.push(text);
}

function invalidOutput(eventName: HookEventName): string {
  if (eventName === "userPromptSubmit") return "hook returned invalid user prompt submit JSON output";
  if (eventName === "sessionStart") return "hook returned invalid session start JSON output";
  if (eventName === "stop") return "hook returned invalid stop hook JSON output";
  return eventName === "preToolUse" ? "hook returned invalid pre-tool-use JSON output" : "hook returned invalid post-tool-use JSON output";
}
