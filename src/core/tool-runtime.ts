import type { LoadedConfig } from "../config/load.js";
import type { Logger } from "../logging/logger.js";
import { effectiveTruncationPolicy, type ModelInfo } from "../model/catalog-entry.js";
import type { JsonValue } from "../protocol/common.js";
import type { SandboxPolicy } from "../protocol/policy.js";
import type { ServerRequestIds } from "./ports.js";
import { runExecCommand, runWriteStdin, type ExecCallSetup } from "./tool-calls/exec-call.js";
import { runGoalCall } from "./tool-calls/goal-calls.js";
import { runRequestUserInput, runUpdatePlan, runViewImage } from "./tool-calls/interaction-calls.js";
import { runPatchCall } from "./tool-calls/patch-call.js";
import { findMcpTool, mcpToolDefinitions, runMcpToolCall, type McpTools } from "./tool-calls/mcp-call.js";
import { callRecord, errorMessage } from "./tool-calls/records.js";
import { shellEnvironment } from "./tools/index.js";
import { toolsFor, toolName, type SandboxModeName, type ToolSettings } from "./tools/specs/index.js";
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

/**
 * The tools of a turn in direct mode (fact sheet §5): the set `toolsFor`
 * gives for the thread's model and settings, and what each call does.
 * Calls run concurrently when the model sends several (`TurnRunner` records
 * their results in call order); none of them rejects: every failure is a
 * text the model reads, and the turn goes on.
 */
export class ToolRuntime implements TurnTools {
  constructor(private readonly services: ToolRuntimeServices) {}

  private modelInfo(turn: TurnRunner): ModelInfo {
    return turn.modelMetadata().info;
  }

  private offered(turn: TurnRunner) {
    const settings = turn.effectiveSettings();
    const values = this.services.config.values;
    // Goals are stored with the thread: an ephemeral one is not offered the goal tools.
    const goals = !turn.thread.ephemeral && !(isTable(values.features) && values.features.goals === false);
    return toolsFor(this.modelInfo(turn), { ...toolSettings(values, settings.sandboxPolicy), goals });
  }

  definitions(turn: TurnRunner): JsonValue[] {
    return [...(this.offered(turn) as unknown as JsonValue[]), ...mcpToolDefinitions(this.services.mcp)];
  }

  async handle(call: FunctionCall, turn: TurnRunner): Promise<ToolCallRecord> {
    try {
      return await this.dispatch(call, turn);
    } catch (error) {
      this.services.logger.error({ err: error, tool: call.name, turnId: turn.turnId }, "tool call failed unexpectedly");
      return callRecord(call, `tool call failed: ${errorMessage(error)}`);
    }
  }

  private async dispatch(call: FunctionCall, turn: TurnRunner): Promise<ToolCallRecord> {
    const mcpTool = findMcpTool(this.services.mcp, call);
    if (mcpTool) return runMcpToolCall(this.services.mcp, mcpTool, call, turn);
    const offered = this.offered(turn);
    const match = offered.find((tool) => toolName(tool) === call.name);
    const expectedKind = match?.type === "custom" ? "custom" : "function";
    if (!match || match.type === "web_search" || match.type === "tool_search" || expectedKind !== call.kind || call.namespace !== null) {
      return callRecord(call, unsupportedCallOutput(call.name, call.kind));
    }
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
    };
  }
}
