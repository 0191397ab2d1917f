import type { LoadedConfig } from "../config/load.js";
import { isFeatureEnabled } from "../config/features.js";
import type { Logger } from "../logging/logger.js";
import { effectiveTruncationPolicy, type ModelInfo } from "../model/catalog-entry.js";
import { ModelError } from "../model/errors.js";
import type { JsonValue } from "../protocol/common.js";
import type { SandboxPolicy } from "../protocol/policy.js";
import type { ServerRequestIds } from "./ports.js";
import type { HookEngine } from "./hooks/hook-engine.js";
import { withToolHooks } from "./hooks/tool-hooks.js";
import { runExecCommand, runWriteStdin, type ExecCallSetup } from "./tool-calls/exec-call.js";
import { runGoalCall } from "./tool-calls/goal-calls.js";
import { runRequestUserInput, runRequestUserInputAsync, runUpdatePlan, runViewImage } from "./tool-calls/interaction-calls.js";
import { runPatchCall } from "./tool-calls/patch-call.js";
import { runDynamicToolCall } from "./tool-calls/dynamic-call.js";
import { dynamicDeferredNamespaces, dynamicDeferredTools, dynamicNestedTools, dynamicToolDefinitions, findDynamicFunction } from "./tools/dynamic-tools.js";
import type { DynamicToolSpec } from "../protocol/dynamic-tools.js";
import { findMcpTool, insertMcpNamespaces, mcpDeferredTools, mcpNestedTools, mcpToolDefinitions, runMcpToolCall, type McpTools } from "./tool-calls/mcp-call.js";
import { runMcpResourceCall } from "./tool-calls/mcp-resource-calls.js";
import { callRecord, errorMessage } from "./tool-calls/records.js";
import { MCP_RESOURCE_TOOL_NAMES, mcpResourceTools } from "./tools/specs/mcp-resources.js";
import { shellEnvironment } from "./tools/index.js";
import {
  deferredNamespacesFor,
  MULTI_AGENT_NAMESPACE,
  MULTI_AGENT_NAMESPACE_DESCRIPTION,
  MULTI_AGENT_SEARCH_WORDS,
  multiAgentFunctions,
  TOOL_SEARCH_DEFAULT_LIMIT,
  toolsFor,
  toolName,
  codeModeNamespaces,
  nestedToolSpecs,
  type NestedToolSpec,
  type SandboxModeName,
  type ToolSettings,
} from "./tools/specs/index.js";
import { rankTools, searchOutputTools, type DeferredTool } from "./tools/tool-search.js";
import type { AgentControl } from "./agents/agent-control.js";
import { CollabCalls } from "./agents/collab-calls.js";
import { CollaborationCalls } from "./agents/collaboration-calls.js";
import { runExec, runSleep, runWait, type NestedTools } from "./tool-calls/code-mode-calls.js";
import { unsupportedCallOutput } from "./tools/unified-exec/index.js";
import type { FunctionCall, ToolCallRecord, TurnRunner, TurnTools } from "./turn-runner.js";

/** What the tool runtime needs from the server. */
export interface ToolRuntimeServices {
  readonly logger: Logger;
  /** Ids for approval and user-input requests (server → client requests). */
  readonly serverRequestIds: ServerRequestIds;
  /** The effective configuration (tool switches, catalogue file, command environment). */
  readonly config: LoadedConfig;
  /** The configured MCP servers' tools. */
  readonly mcp: McpTools;
  /** The user's trusted hooks, run around each call. */
  readonly hooks: HookEngine;
  /** Sub-agents (the `multi_agent_v1` tools); without it those tools are not offered. */
  readonly agents?: AgentControl;
  /** Aborted at server shutdown. */
  readonly shutdownSignal: AbortSignal;
}

function isTable(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function sandboxModeOf(policy: SandboxPolicy): SandboxModeName {
  if (policy.type === "dangerFullAccess" || policy.type === "externalSandbox") return "danger-full-access";
  return policy.type === "workspaceWrite" ? "workspace-write" : "read-only";
}

/** The config's tool switches: `[tools.update_plan] enabled`, `web_search`, `[tools.view_image]`. */
function toolSettings(values: Record<string, unknown>, sandbox: SandboxPolicy): ToolSettings {
  const tools = isTable(values.tools) ? values.tools : {};
  const updatePlan = isTable(tools.update_plan) && tools.update_plan.enabled === true;
  const webSearch = values.web_search === "disabled" || values.web_search === "cached" || values.web_search === "live" ? values.web_search : undefined;
  return { sandboxMode: sandboxModeOf(sandbox), updatePlan, ...(webSearch ? { webSearch } : {}) };
}

/** A `tool_search` call the model must redo: the reason as the call's output. */
function searchRefused(call: FunctionCall, reason: string): ToolCallRecord {
  return { item: null, context: [call.raw, { type: "function_call_output", call_id: call.callId, output: reason }] };
}

/**
 * The tools of a turn in direct mode (fact sheet §5): the set `toolsFor`
 * gives for the thread's model and settings, and what each call does.
 * Calls run concurrently when the model sends several (`TurnRunner` records
 * their results in call order); none of them rejects: every failure is a
 * text the model reads, and the turn goes on.
 */
export class ToolRuntime implements TurnTools {
  private readonly collab: CollabCalls | undefined;
  private readonly collaboration: CollaborationCalls | undefined;

  constructor(private readonly services: ToolRuntimeServices) {
    this.collab = services.agents ? new CollabCalls(services.agents) : undefined;
    this.collaboration = services.agents ? new CollaborationCalls(services.agents) : undefined;
  }

  private modelInfo(turn: TurnRunner): ModelInfo {
    return turn.modelMetadata().info;
  }

  private settingsFor(turn: TurnRunner): ToolSettings {
    const settings = turn.effectiveSettings();
    const config = this.services.config;
    // Goals are stored with the thread: an ephemeral one is not offered the goal tools.
    const goals = !turn.thread.ephemeral && isFeatureEnabled(config, "goals");
    const agents = this.services.agents;
    // Catalogue models on multi-agent v2 (code mode) get a different tool family, not offered here.
    const v1 = this.modelInfo(turn).multi_agent_version !== "v2";
    const multiAgent = agents !== undefined && v1 && isFeatureEnabled(config, "multi_agent") && agents.mayUseAgents(turn.thread);
    return { ...toolSettings(config.values, settings.sandboxPolicy), goals, multiAgent };
  }

  private offered(turn: TurnRunner) {
    return toolsFor(this.modelInfo(turn), this.settingsFor(turn));
  }

  /**
   * A turn waits for MCP servers still starting (each bounded by its
   * startup_timeout_sec), then fails when a `required` one did not start.
   */
  async prepare(turn: TurnRunner): Promise<void> {
    const mcp = this.services.mcp;
    await Promise.race([mcp.whenSettled(), new Promise<void>((resolve) => turn.signal.addEventListener("abort", () => resolve(), { once: true }))]);
    if (turn.signal.aborted) return;
    const failure = mcp.requiredFailure();
    if (failure) throw new ModelError(failure, "other");
  }

  /**
   * The request's `tools`. The MCP servers' namespaces follow the built-in
   * ones (after `multi_agent_v1`, before the goal tools), as the reference
   * places them; a model with tool search finds them through it instead.
   */
  definitions(turn: TurnRunner): JsonValue[] {
    if (this.codeMode(turn)) return [];
    const offered = this.withDynamicTools(turn, this.withResourceTools(this.offered(turn) as unknown as JsonValue[]));
    if (this.modelInfo(turn).supports_search_tool) return offered;
    return insertMcpNamespaces(offered, mcpToolDefinitions(this.services.mcp));
  }

  private dynamicTools(turn: TurnRunner): readonly DynamicToolSpec[] {
    return turn.thread.record.settings.dynamicTools ?? [];
  }

  /** The thread's dynamic tools go after the built-in functions, before `tool_search` and `web_search`, as the reference places them. */
  private withDynamicTools(turn: TurnRunner, tools: JsonValue[]): JsonValue[] {
    const taken = new Set(tools.map((tool) => (tool as { name?: unknown }).name).filter((name): name is string => typeof name === "string"));
    const dynamic = dynamicToolDefinitions(this.dynamicTools(turn), taken) as unknown as JsonValue[];
    if (dynamic.length === 0) return tools;
    const hosted = tools.findIndex((tool) => {
      const type = (tool as { type?: unknown }).type;
      return type === "tool_search" || type === "web_search";
    });
    const at = hosted === -1 ? tools.length : hosted;
    return [...tools.slice(0, at), ...dynamic, ...tools.slice(at)];
  }

  /** With any MCP server configured, the resource tools follow `write_stdin`. */
  private withResourceTools(tools: JsonValue[]): JsonValue[] {
    if (this.services.mcp.serverNames().length === 0) return tools;
    const at = tools.findIndex((tool) => (tool as { name?: unknown }).name === "write_stdin") + 1;
    return [...tools.slice(0, at), ...(mcpResourceTools() as unknown as JsonValue[]), ...tools.slice(at)];
  }

  /** Namespaces behind `tool_search`, sorted by name: `multi_agent_v1` and, for such a model, each MCP server's (described by its instructions, if any). */
  deferredNamespaces(turn: TurnRunner): Array<{ name: string; description: string }> {
    const info = this.modelInfo(turn);
    const builtIn = deferredNamespacesFor(info, this.settingsFor(turn));
    if (!info.supports_search_tool) return builtIn;
    const mcp = mcpDeferredTools(this.services.mcp);
    const seen = new Map<string, string>();
    for (const entry of mcp) seen.set(entry.namespace.name, entry.instructions);
    for (const entry of dynamicDeferredNamespaces(this.dynamicTools(turn))) seen.set(entry.name, entry.description);
    const all = [...builtIn, ...[...seen].map(([name, description]) => ({ name, description }))];
    return all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The tools behind `tool_search` for this turn. */
  private deferredTools(turn: TurnRunner): DeferredTool[] {
    const namespaces = this.deferredNamespaces(turn);
    const out: DeferredTool[] = [];
    if (namespaces.some((ns) => ns.name === MULTI_AGENT_NAMESPACE)) {
      const namespace = { name: MULTI_AGENT_NAMESPACE, description: MULTI_AGENT_NAMESPACE_DESCRIPTION };
      out.push(...multiAgentFunctions().map((tool) => ({ namespace, tool, keywords: MULTI_AGENT_SEARCH_WORDS[tool.name] ?? "" })));
    }
    if (this.modelInfo(turn).supports_search_tool) out.push(...mcpDeferredTools(this.services.mcp), ...dynamicDeferredTools(this.dynamicTools(turn)));
    return out;
  }

  /** `tool_search`: BM25 over the deferred tools; the matches go back as namespaces the model may call from its next request on. */
  private runToolSearch(call: FunctionCall, turn: TurnRunner): ToolCallRecord {
    let args: { query?: unknown; limit?: unknown };
    try {
      args = JSON.parse(call.arguments) as { query?: unknown; limit?: unknown };
    } catch (error) {
      return searchRefused(call, `failed to parse function arguments: ${errorMessage(error)}`);
    }
    const query = typeof args.query === "string" ? args.query.trim() : "";
    if (query === "") return searchRefused(call, "query must not be empty");
    const limit = typeof args.limit === "number" ? Math.floor(args.limit) : TOOL_SEARCH_DEFAULT_LIMIT;
    if (limit <= 0) return searchRefused(call, "limit must be greater than zero");
    const entries = this.deferredTools(turn);
    const tools = searchOutputTools(entries, rankTools(entries, query, limit));
    return callRecord(call, tools as unknown as JsonValue);
  }

  /** Catalogue models with `tool_mode: code_mode_only` (every gpt-6* / gpt-5.6*, the default) run in code mode (fact sheet §6). */
  private codeMode(turn: TurnRunner): boolean {
    const { info, known } = turn.modelMetadata();
    return known && info.tool_mode === "code_mode_only";
  }

  private hasClock(turn: TurnRunner): boolean {
    return this.modelInfo(turn).experimental_supported_tools.includes("clock");
  }

  /**
   * The tools an `exec` script reaches through `tools.*`: the direct-mode
   * functions and freeform tools, the MCP resource tools (always, as the
   * reference nests them), and, deferred (in `ALL_TOOLS`, not in the
   * `exec` description), the MCP servers' tools and, for multi-agent v1
   * models, the `multi_agent_v1` functions as `multi_agent_v1__<name>`.
   */
  private nestedSpecs(turn: TurnRunner): NestedToolSpec[] {
    const extra: NestedToolSpec[] = [
      ...mcpResourceTools().map((spec) => ({ name: spec.name, spec })),
      ...mcpNestedTools(this.services.mcp),
      ...dynamicNestedTools(this.dynamicTools(turn)),
    ];
    if (this.collab && this.settingsFor(turn).multiAgent) {
      for (const spec of multiAgentFunctions()) {
        extra.push({ name: `${MULTI_AGENT_NAMESPACE}__${spec.name}`, spec, deferred: true, target: { namespace: MULTI_AGENT_NAMESPACE, name: spec.name } });
      }
    }
    return nestedToolSpecs(this.offered(turn), this.hasClock(turn), extra);
  }

  /** `request_user_input_async` comes with catalogue entries listing `send_user_message_async`, for the thread a user talks to (not sub-agents). */
  private hasAsyncUserInput(turn: TurnRunner): boolean {
    const tools = this.modelInfo(turn).experimental_supported_tools;
    return !turn.thread.agent && (tools.includes("send_user_message_async") || tools.includes("request_user_input_async"));
  }

  /** A nested call from an `exec` script: an MCP tool, a sub-agent tool, or an offered direct-mode tool. */
  private async runNested(call: FunctionCall, turn: TurnRunner): Promise<ToolCallRecord> {
    const mcpTool = findMcpTool(this.services.mcp, call);
    if (mcpTool) {
      const { requestIds, truncationPolicy } = this.execSetup(turn);
      return runMcpToolCall({ requestIds, truncation: truncationPolicy }, this.services.mcp, mcpTool, call, turn);
    }
    if (call.namespace === MULTI_AGENT_NAMESPACE && this.collab && this.settingsFor(turn).multiAgent) return this.collab.run(call, turn, turn.originator);
    const resourceTool = call.namespace === null ? MCP_RESOURCE_TOOL_NAMES.find((name) => name === call.name) : undefined;
    if (resourceTool) return runMcpResourceCall(this.services.mcp, resourceTool, call, turn);
    // A built-in keeps its name; anything else may be one of the thread's dynamic tools.
    const builtIn = call.namespace === null && this.offered(turn).some((tool) => toolName(tool) === call.name);
    const dynamic = builtIn ? null : findDynamicFunction(this.dynamicTools(turn), call.namespace, call.name, true);
    if (dynamic && call.kind === "function") return runDynamicToolCall(this.services.serverRequestIds, dynamic, call, turn);
    return this.run(call, turn);
  }

  additionalTools(turn: TurnRunner): JsonValue | null {
    if (!this.codeMode(turn)) return null;
    const info = this.modelInfo(turn);
    const tools = codeModeNamespaces(this.nestedSpecs(turn), {
      asyncUserInput: this.hasAsyncUserInput(turn),
      clock: this.hasClock(turn),
      collaboration: info.multi_agent_version === "v2",
    });
    return { type: "additional_tools", id: turn.thread.additionalToolsId, role: "developer", tools } as unknown as JsonValue;
  }

  async handle(call: FunctionCall, turn: TurnRunner): Promise<ToolCallRecord> {
    try {
      if (this.codeMode(turn)) return await this.dispatchCodeMode(call, turn);
      return await withToolHooks(this.services.hooks, call, turn, () => this.dispatch(call, turn));
    } catch (error) {
      this.services.logger.error({ err: error, tool: call.name, turnId: turn.turnId }, "tool call failed unexpectedly");
      return callRecord(call, `tool call failed: ${errorMessage(error)}`);
    }
  }

  private async dispatch(call: FunctionCall, turn: TurnRunner): Promise<ToolCallRecord> {
    const mcpTool = findMcpTool(this.services.mcp, call);
    if (mcpTool) {
      const { requestIds, truncationPolicy } = this.execSetup(turn);
      return runMcpToolCall({ requestIds, truncation: truncationPolicy }, this.services.mcp, mcpTool, call, turn);
    }
    const resourceTool = MCP_RESOURCE_TOOL_NAMES.find((name) => name === call.name);
    if (resourceTool && call.kind === "function" && call.namespace === null && this.services.mcp.serverNames().length > 0) {
      return runMcpResourceCall(this.services.mcp, resourceTool, call, turn);
    }
    if (call.kind === "tool_search") {
      if (!this.modelInfo(turn).supports_search_tool) return callRecord(call, []);
      return this.runToolSearch(call, turn);
    }
    if (call.namespace === MULTI_AGENT_NAMESPACE && call.kind === "function" && this.collab && this.settingsFor(turn).multiAgent) {
      return this.collab.run(call, turn, turn.originator);
    }
    const offered = this.offered(turn);
    const match = offered.find((tool) => toolName(tool) === call.name);
    if (call.kind === "function" && (!match || call.namespace !== null)) {
      const dynamic = findDynamicFunction(this.dynamicTools(turn), call.namespace, call.name, this.modelInfo(turn).supports_search_tool);
      if (dynamic) return runDynamicToolCall(this.services.serverRequestIds, dynamic, call, turn);
    }
    const expectedKind = match?.type === "custom" ? "custom" : "function";
    if (!match || match.type === "web_search" || match.type === "tool_search" || expectedKind !== call.kind || call.namespace !== null) {
      // An unknown tool on an MCP namespace is reported as the reference joins it (namespace and name run together).
      const mcpNamespace = call.namespace !== null && call.namespace.startsWith("mcp__");
      return callRecord(call, unsupportedCallOutput(mcpNamespace ? `${call.namespace}${call.name}` : call.name, call.kind));
    }
    return this.run(call, turn);
  }

  /** Code mode: the model calls `exec`, `wait` and the namespaced tools; everything else runs inside `exec`. */
  private async dispatchCodeMode(call: FunctionCall, turn: TurnRunner): Promise<ToolCallRecord> {
    let namespace = call.namespace;
    let name = call.name;
    const dot = name.indexOf(".");
    if (namespace === null && dot > 0) {
      namespace = name.slice(0, dot);
      name = name.slice(dot + 1);
    }
    const inFunctions = namespace === null || namespace === "functions";
    const callAs = { ...call, name };
    if (inFunctions && name === "exec" && call.kind === "custom") {
      const nested: NestedTools = { specs: this.nestedSpecs(turn), run: (inner) => this.runNested(inner, turn) };
      return runExec(nested, callAs, turn);
    }
    if (call.kind === "function" && inFunctions) {
      if (name === "wait") return runWait(callAs, turn);
      if (name === "request_user_input") return runRequestUserInput(this.services.serverRequestIds, callAs, turn);
      if (name === "request_user_input_async" && this.hasAsyncUserInput(turn)) return runRequestUserInputAsync(callAs, turn);
    }
    if (call.kind === "function" && namespace === "clock" && name === "sleep" && this.hasClock(turn)) return runSleep(callAs, turn);
    if (call.kind === "function" && namespace === "collaboration" && this.collaboration && this.modelInfo(turn).multi_agent_version === "v2") {
      return this.collaboration.run(callAs, turn, turn.originator);
    }
    return callRecord(call, unsupportedCallOutput(call.name, call.kind));
  }

  /** Runs an offered direct-mode tool (a model's call, or a nested call from an `exec` script). */
  private async run(call: FunctionCall, turn: TurnRunner): Promise<ToolCallRecord> {
    const requestIds = this.services.serverRequestIds;
    switch (call.name) {
      case "exec_command":
        return runExecCommand(this.execSetup(turn), call, turn);
      case "write_stdin":
        return runWriteStdin(this.execSetup(turn), call, turn);
      case "apply_patch":
        return runPatchCall(requestIds, call, turn, call.arguments, turn.thread.record.settings.cwd, "freeform");
      case "update_plan":
        return runUpdatePlan(call, turn);
      case "request_user_input":
        return runRequestUserInput(requestIds, call, turn);
      case "view_image":
        return runViewImage(call, turn);
      case "get_goal":
      case "create_goal":
      case "update_goal":
        return runGoalCall(call, turn);
      default:
        return callRecord(call, unsupportedCallOutput(call.name, call.kind));
    }
  }

  private execSetup(turn: TurnRunner): ExecCallSetup {
    const values = this.services.config.values;
    const limit = values.tool_output_token_limit;
    return {
      requestIds: this.services.serverRequestIds,
      env: shellEnvironment(values),
      truncationPolicy: effectiveTruncationPolicy(this.modelInfo(turn), typeof limit === "number" ? limit : null),
      shutdownSignal: this.services.shutdownSignal,
    };
  }
}
