import { describe, expect, it } from "vitest";
import { CatalogEntrySchema, fallbackModelInfo, type ModelInfoInput } from "../../src/model/catalog-entry.js";
import {
  APPLY_PATCH_LARK_GRAMMAR,
  applyPatchFreeformTool,
  applyPatchFunctionTool,
  deferredToolsMessage,
  execCommandTool,
  requestUserInputTool,
  toolName,
  toolSearchTool,
  toolsFor,
  deferredNamespacesFor,
  updatePlanTool,
  viewImageTool,
  webSearchTool,
  writeStdinTool,
  type JsonSchema,
  type ToolSpec,
} from "../../src/core/tools/specs/index.js";

/** The schema with every `description` removed: descriptions are ours, the rest must match the reference. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (key === "description" && typeof v === "string") continue;
      out[key] = key === "properties" ? Object.fromEntries(Object.entries(v as object).map(([k, p]) => [k, shape(p)])) : shape(v);
    }
    return out;
  }
  return value;
}

const str = { type: "string" };
const num = { type: "number" };
const bool = { type: "boolean" };

function gpt55Like(overrides: Partial<ModelInfoInput> = {}) {
  return CatalogEntrySchema.parse({
    slug: "gpt-5.5",
    display_name: "GPT-5.5",
    priority: 11,
    visibility: "list",
    supported_in_api: true,
    supported_reasoning_levels: [{ effort: "medium", description: "m" }],
    support_verbosity: true,
    default_verbosity: "low",
    base_instructions: "base",
    shell_type: "shell_command",
    apply_patch_tool_type: "freeform",
    web_search_tool_type: "text_and_image",
    truncation_policy: { mode: "tokens", limit: 10_000 },
    supports_parallel_tool_calls: true,
    supports_search_tool: true,
    ...overrides,
  });
}

describe("tool specs (fact sheet §5)", () => {
  it("exec_command: the reference's parameters, types and required list, properties in name order", () => {
    const tool = execCommandTool();
    expect(Object.keys(tool)).toEqual(["type", "name", "description", "strict", "parameters"]);
    expect(shape(tool)).toEqual({
      type: "function",
      name: "exec_command",
      strict: false,
      parameters: {
        type: "object",
        properties: {
          cmd: str,
          justification: str,
          login: bool,
          max_output_tokens: num,
          prefix_rule: { type: "array", items: str },
          sandbox_permissions: str,
          shell: str,
          tty: bool,
          workdir: str,
          yield_time_ms: num,
        },
        required: ["cmd"],
        additionalProperties: false,
      },
    });
    expect(Object.keys(tool.parameters.properties)).toEqual([...Object.keys(tool.parameters.properties)].sort());
    for (const property of Object.values(tool.parameters.properties)) expect(typeof (property as { description?: string }).description).toBe("string");
  });

  it("write_stdin: session_id required, chars optional", () => {
    expect(shape(writeStdinTool())).toEqual({
      type: "function",
      name: "write_stdin",
      strict: false,
      parameters: {
        type: "object",
        properties: { chars: str, max_output_tokens: num, session_id: num, yield_time_ms: num },
        required: ["session_id"],
        additionalProperties: false,
      },
    });
  });

  it("request_user_input: questions of {id, header, question, options[{label, description}]}, all required, closed objects", () => {
    const option = { type: "object", properties: { description: str, label: str }, required: ["label", "description"], additionalProperties: false };
    const question = {
      type: "object",
      properties: { header: str, id: str, options: { type: "array", items: option }, question: str },
      required: ["id", "header", "question", "options"],
      additionalProperties: false,
    };
    expect(shape(requestUserInputTool())).toEqual({
      type: "function",
      name: "request_user_input",
      strict: false,
      parameters: { type: "object", properties: { questions: { type: "array", items: question } }, required: ["questions"], additionalProperties: false },
    });
  });

  it("view_image and update_plan", () => {
    expect(shape(viewImageTool())).toEqual({
      type: "function",
      name: "view_image",
      strict: false,
      parameters: { type: "object", properties: { path: str }, required: ["path"], additionalProperties: false },
    });
    const step = { type: "object", properties: { status: str, step: str }, required: ["step", "status"], additionalProperties: false };
    expect(shape(updatePlanTool())).toEqual({
      type: "function",
      name: "update_plan",
      strict: false,
      parameters: { type: "object", properties: { explanation: str, plan: { type: "array", items: step } }, required: ["plan"], additionalProperties: false },
    });
  });

  it("apply_patch freeform: a custom tool with the exact Lark grammar, ending with a newline", () => {
    const tool = applyPatchFreeformTool();
    expect(Object.keys(tool)).toEqual(["type", "name", "description", "format"]);
    expect(tool.type).toBe("custom");
    expect(tool.name).toBe("apply_patch");
    expect(tool.format).toEqual({ type: "grammar", syntax: "lark", definition: APPLY_PATCH_LARK_GRAMMAR });
    expect(APPLY_PATCH_LARK_GRAMMAR).toBe(
      [
        "start: begin_patch hunk+ end_patch",
        'begin_patch: "*** Begin Patch" LF',
        'end_patch: "*** End Patch" LF?',
        "",
        "hunk: add_hunk | delete_hunk | update_hunk",
        'add_hunk: "*** Add File: " filename LF add_line+',
        'delete_hunk: "*** Delete File: " filename LF',
        'update_hunk: "*** Update File: " filename LF change_move? change?',
        "",
        "filename: /(.+)/",
        'add_line: "+" /(.*)/ LF -> line',
        "",
        'change_move: "*** Move to: " filename LF',
        "change: (change_context | change_line)+ eof_line?",
        'change_context: ("@@" | "@@ " /(.+)/) LF',
        'change_line: ("+" | "-" | " ") /(.*)/ LF',
        'eof_line: "*** End of File" LF',
        "",
        "%import common.LF",
        "",
      ].join("\n"),
    );
  });

  it("apply_patch function form: one required string `input`", () => {
    expect(shape(applyPatchFunctionTool())).toEqual({
      type: "function",
      name: "apply_patch",
      strict: false,
      parameters: { type: "object", properties: { input: str }, required: ["input"], additionalProperties: false },
    });
  });

  it("web_search is the hosted tool; image results only for text_and_image", () => {
    expect(webSearchTool({ externalWebAccess: false, textAndImage: false })).toEqual({ type: "web_search", external_web_access: false });
    expect(JSON.stringify(webSearchTool({ externalWebAccess: true, textAndImage: true }))).toBe(
      '{"type":"web_search","external_web_access":true,"search_content_types":["text","image"]}',
    );
  });

  it("tool_search: client execution, query required, limit optional", () => {
    const tool = toolSearchTool();
    expect(Object.keys(tool)).toEqual(["type", "execution", "description", "parameters"]);
    expect(JSON.stringify(tool.parameters)).toBe(
      '{"type":"object","properties":{"query":{"type":"string"},"limit":{"type":"number"}},"required":["query"],"additionalProperties":false}',
    );
    expect(deferredToolsMessage([{ name: "multi_agent_v1", description: "Sub-agent tools." }])).toBe(
      "<tools>\nDeferred tool namespaces:\n- multi_agent_v1: Sub-agent tools.\n</tools>",
    );
  });

  it("every function tool is strict:false with a closed parameters object", () => {
    const visit = (schema: JsonSchema): void => {
      if (schema.type === "object") {
        expect(schema.additionalProperties).toBe(false);
        Object.values(schema.properties).forEach(visit);
      } else if (schema.type === "array") visit(schema.items);
    };
    for (const tool of [execCommandTool(), writeStdinTool(), requestUserInputTool(), viewImageTool(), updatePlanTool(), applyPatchFunctionTool()]) {
      expect(tool.strict).toBe(false);
      visit(tool.parameters);
    }
  });
});

describe("toolsFor (fact sheet §5.1)", () => {
  const names = (tools: ToolSpec[]) => tools.map(toolName);

  it("fallback model (gpt-5.1-codex): no apply_patch, no tool_search; web search cached outside danger-full-access", () => {
    const tools = toolsFor(fallbackModelInfo("gpt-5.1-codex"), { sandboxMode: "workspace-write", approvalPolicy: "on-request" });
    expect(names(tools)).toEqual(["exec_command", "write_stdin", "request_user_input", "view_image", "multi_agent_v1", "get_goal", "create_goal", "update_goal", "web_search"]);
    expect(tools.at(-1)).toEqual({ type: "web_search", external_web_access: false });
  });

  it("gpt-5.5-like catalog entry: freeform apply_patch, tool_search, web_search with images", () => {
    const tools = toolsFor(gpt55Like(), { sandboxMode: "danger-full-access", approvalPolicy: "never" });
    expect(names(tools)).toEqual(["exec_command", "write_stdin", "request_user_input", "view_image", "get_goal", "create_goal", "update_goal", "apply_patch", "tool_search", "web_search"]);
    expect(tools.find((t) => toolName(t) === "apply_patch")?.type).toBe("custom");
    expect(tools.at(-1)).toEqual({ type: "web_search", external_web_access: true, search_content_types: ["text", "image"] });
  });

  it("the goal tools (§5.7) after view_image and the sub-agent namespace unless the goals feature is off; update_goal's status is an enum", () => {
    const tools = toolsFor(fallbackModelInfo("x"), { sandboxMode: "read-only" });
    expect(names(tools).slice(3, 8)).toEqual(["view_image", "multi_agent_v1", "get_goal", "create_goal", "update_goal"]);
    const create = tools.find((t) => toolName(t) === "create_goal") as any;
    expect(create.parameters).toEqual({
      type: "object",
      properties: { objective: expect.objectContaining({ type: "string" }), token_budget: expect.objectContaining({ type: "integer" }) },
      required: ["objective"],
      additionalProperties: false,
    });
    const update = tools.find((t) => toolName(t) === "update_goal") as any;
    expect(update.parameters.properties.status.enum).toEqual(["complete", "blocked", "paused"]);
    expect((tools.find((t) => toolName(t) === "get_goal") as any).parameters).toEqual({ type: "object", properties: {}, required: [], additionalProperties: false });
    expect(names(toolsFor(fallbackModelInfo("x"), { sandboxMode: "read-only", goals: false })).filter((n) => n.endsWith("_goal"))).toEqual([]);
  });

  it("update_plan only when enabled, right after write_stdin", () => {
    const tools = toolsFor(fallbackModelInfo("x"), { sandboxMode: "read-only", updatePlan: true });
    expect(names(tools).slice(0, 3)).toEqual(["exec_command", "write_stdin", "update_plan"]);
  });

  it("the exec_command parameters are the same in every sandbox × approval combination", () => {
    const seen = new Set<string>();
    for (const sandboxMode of ["read-only", "workspace-write", "danger-full-access"] as const) {
      for (const approvalPolicy of ["untrusted", "on-request", "never"] as const) {
        for (const collaborationMode of ["default", "plan"] as const) {
          const tools = toolsFor(fallbackModelInfo("x"), { sandboxMode, approvalPolicy, collaborationMode });
          seen.add(JSON.stringify(tools.slice(0, 4)));
        }
      }
    }
    expect(seen.size).toBe(1);
  });

  it("web_search can be disabled or forced live by config", () => {
    expect(names(toolsFor(fallbackModelInfo("x"), { sandboxMode: "read-only", webSearch: "disabled" }))).not.toContain("web_search");
    expect(toolsFor(fallbackModelInfo("x"), { sandboxMode: "read-only", webSearch: "live" }).at(-1)).toEqual({ type: "web_search", external_web_access: true });
  });
});

describe("the multi_agent_v1 namespace (fact sheet §5.1, §5.6)", () => {
  const names = (tools: ToolSpec[]) => tools.map(toolName);

  it("is in `tools` for a model without tool search, and absent when switched off (an agent at the depth limit)", () => {
    const tools = toolsFor(fallbackModelInfo("x"), { sandboxMode: "read-only" });
    const namespace = tools.find((t) => t.type === "namespace") as any;
    expect(namespace.name).toBe("multi_agent_v1");
    expect(namespace.tools.map((t: any) => t.name)).toEqual(["close_agent", "resume_agent", "send_input", "spawn_agent", "wait_agent"]);
    expect(namespace.tools.find((t: any) => t.name === "spawn_agent").parameters.properties).toHaveProperty("fork_context");
    expect(names(toolsFor(fallbackModelInfo("x"), { sandboxMode: "read-only", multiAgent: false }))).not.toContain("multi_agent_v1");
    expect(deferredNamespacesFor(fallbackModelInfo("x"), { sandboxMode: "read-only" })).toEqual([]);
  });

  it("is deferred behind tool_search for a model that supports it", () => {
    expect(names(toolsFor(gpt55Like(), { sandboxMode: "read-only" }))).not.toContain("multi_agent_v1");
    expect(deferredNamespacesFor(gpt55Like(), { sandboxMode: "read-only" }).map((ns) => ns.name)).toEqual(["multi_agent_v1"]);
    expect(deferredNamespacesFor(gpt55Like(), { sandboxMode: "read-only", multiAgent: false })).toEqual([]);
  });
});
