import type { ModelInfo } from "../../../model/catalog-entry.js";
import { applyPatchFreeformTool } from "./apply-patch.js";
import { execCommandTool, writeStdinTool } from "./exec-command.js";
import { createGoalTool, getGoalTool, updateGoalTool } from "./goals.js";
import { toolSearchTool, webSearchTool } from "./hosted.js";
import { requestUserInputTool, updatePlanTool, viewImageTool } from "./interaction.js";
import { MULTI_AGENT_NAMESPACE, MULTI_AGENT_NAMESPACE_DESCRIPTION, multiAgentNamespaceTool } from "./multi-agent.js";
import type { ToolSpec } from "./types.js";

export type SandboxModeName = "read-only" | "workspace-write" | "danger-full-access";
export type ApprovalPolicyName = "untrusted" | "on-failure" | "on-request" | "never";

export interface ToolSettings {
  sandboxMode: SandboxModeName;
  /** Does not change the tool set: the escalation fields are always offered (fact sheet §5.2). */
  approvalPolicy?: ApprovalPolicyName;
  /** Does not change the tool set: `request_user_input` is offered in every mode and refused outside Plan mode. */
  collaborationMode?: "default" | "plan";
  /** `[tools.update_plan] enabled = true`. */
  updatePlan?: boolean;
  /**
   * The config's `web_search` mode. Default: `live` under danger-full-access,
   * `cached` otherwise (so `external_web_access` is true only there).
   */
  webSearch?: "disabled" | "cached" | "live";
  /** The `view_image` feature (on by default). */
  viewImage?: boolean;
  /** The `goals` feature (on by default): get_goal, create_goal, update_goal. */
  goals?: boolean;
  /** The sub-agent tools (`multi_agent_v1`): off for agents at the configured depth limit. */
  multiAgent?: boolean;
}

type ToolModel = Pick<ModelInfo, "apply_patch_tool_type" | "supports_search_tool" | "web_search_tool_type">;

/** Namespaces behind `tool_search` (listed in the `<tools>` part of developer message 1) for a model that supports it. */
export function deferredNamespacesFor(model: ToolModel, settings: ToolSettings): Array<{ name: string; description: string }> {
  if (!model.supports_search_tool || settings.multiAgent === false) return [];
  return [{ name: MULTI_AGENT_NAMESPACE, description: MULTI_AGENT_NAMESPACE_DESCRIPTION }];
}

/**
 * The direct-mode `tools` of a request, in the reference's order (fact sheet
 * §5.1): exec_command, write_stdin, update_plan (when enabled),
 * request_user_input, view_image, the `multi_agent_v1` namespace (unless the
 * model defers it behind tool_search), get_goal / create_goal / update_goal
 * (the `goals` feature), apply_patch (freeform, when the catalogue entry says
 * so), tool_search (when the entry supports it), web_search.
 *
 * Not produced here: the ChatGPT-only tools, which need runtimes of their
 * own; code-mode models (`tool_mode: code_mode_only`) are a separate request shape.
 */
export function toolsFor(model: ToolModel, settings: ToolSettings): ToolSpec[] {
  const tools: ToolSpec[] = [execCommandTool(), writeStdinTool()];
  if (settings.updatePlan) tools.push(updatePlanTool());
  tools.push(requestUserInputTool());
  if (settings.viewImage !== false) tools.push(viewImageTool());
  if (settings.multiAgent !== false && !model.supports_search_tool) tools.push(multiAgentNamespaceTool());
  if (settings.goals !== false) tools.push(getGoalTool(), createGoalTool(), updateGoalTool());
  if (model.apply_patch_tool_type === "freeform") tools.push(applyPatchFreeformTool());
  if (model.supports_search_tool) tools.push(toolSearchTool());
  const webSearch = settings.webSearch ?? (settings.sandboxMode === "danger-full-access" ? "live" : "cached");
  if (webSearch !== "disabled") {
    tools.push(webSearchTool({ externalWebAccess: webSearch === "live", textAndImage: model.web_search_tool_type === "text_and_image" }));
  }
  return tools;
}
