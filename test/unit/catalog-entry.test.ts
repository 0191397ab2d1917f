import { describe, expect, it } from "vitest";
import {
  CatalogEntrySchema,
  effectiveTruncationPolicy,
  fallbackMetadataWarning,
  fallbackModelInfo,
  findModelInfo,
  parseModelsResponse,
  reasoningParameter,
  textParameter,
  usableContextWindow,
} from "../../src/model/catalog-entry.js";

/** A complete entry as the reference's catalogue writes one (every contract field present). */
const FULL_ENTRY = {
  slug: "gpt-5.5",
  display_name: "GPT-5.5",
  description: "Legacy coding model.",
  priority: 11,
  visibility: "list",
  supported_in_api: true,
  minimal_client_version: "0.1.0",
  available_in_plans: ["plus", "pro"],
  availability_nux: null,
  upgrade: { model: "gpt-6-sol", migration_markdown: "Meet", retirement_at: null },
  default_reasoning_level: "medium",
  supported_reasoning_levels: [
    { effort: "low", description: "l" },
    { effort: "ultra", description: "u" },
  ],
  supports_reasoning_effort_updates: true,
  supports_reasoning_summaries: true,
  supports_reasoning_summary_parameter: true,
  default_reasoning_summary: "detailed",
  support_verbosity: true,
  default_verbosity: "low",
  base_instructions: "You are a coding agent.",
  model_messages: {
    instructions_template: "T {{ personality }}",
    instructions_variables: null,
    approvals: { on_request: "ask", on_request_auto_review: null, never: null, unless_trusted: null },
    collaboration_modes: { default: "d", plan: null },
    multi_agent: { role: { root: "r", subagent: null }, mode: null },
  },
  shell_type: "shell_command",
  apply_patch_tool_type: "freeform",
  web_search_tool_type: "text_and_image",
  truncation_policy: { mode: "tokens", limit: 10000 },
  supports_parallel_tool_calls: true,
  supports_image_detail_original: true,
  input_modalities: ["text", "image"],
  context_window: 100000,
  max_context_window: 400000,
  auto_compact_token_limit: null,
  comp_hash: "abc",
  experimental_supported_tools: ["send_user_message_async", "clock"],
  supports_search_tool: true,
  supports_experimental_context: false,
  tool_mode: null,
  multi_agent_version: null,
  multi_agent_reasoning_effort: null,
  use_responses_lite: false,
  prefer_websockets: false,
  include_skills_usage_instructions: true,
  include_apps_usage_instructions: true,
  include_plugin_usage_instructions: false,
  guardian: null,
  node_repl_auto_review_required: false,
  node_repl_disabled: false,
  requires_sandboxed_review: false,
  auto_review_model_override: null,
  model_specialty: null,
  default_service_tier: null,
  service_tiers: [{ id: "priority", name: "Fast", description: "1.5x speed" }],
  additional_speed_tiers: ["fast"],
};

describe("catalog entry schema (fact sheet §10)", () => {
  it("parses a complete entry and ignores unknown fields", () => {
    const parsed = CatalogEntrySchema.parse({ ...FULL_ENTRY, brand_new_field: 1 });
    expect(parsed.truncation_policy).toEqual({ mode: "tokens", limit: 10000 });
    expect(parsed.apply_patch_tool_type).toBe("freeform");
    expect("brand_new_field" in parsed).toBe(false);
  });

  it("one invalid entry rejects the whole response", () => {
    const result = parseModelsResponse({ models: [FULL_ENTRY, { ...FULL_ENTRY, slug: "bad", apply_patch_tool_type: "function" }] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.startsWith("failed to decode models response")).toBe(true);
    expect(parseModelsResponse({ models: [FULL_ENTRY] }).ok).toBe(true);
  });

  it("model_messages: null only together with base_instructions", () => {
    expect(CatalogEntrySchema.safeParse({ ...FULL_ENTRY, model_messages: null }).success).toBe(true);
    const { base_instructions: _ignored, ...withoutBase } = FULL_ENTRY;
    expect(CatalogEntrySchema.safeParse({ ...withoutBase, model_messages: null }).success).toBe(false);
    expect(CatalogEntrySchema.safeParse(withoutBase).success).toBe(true);
  });

  it("fills the reference's defaults for fields a backend may omit", () => {
    const minimal = CatalogEntrySchema.parse({
      slug: "m",
      display_name: "M",
      priority: 1,
      visibility: "list",
      supported_in_api: true,
      supported_reasoning_levels: [],
      support_verbosity: false,
      base_instructions: "",
      shell_type: "default",
      truncation_policy: { mode: "bytes", limit: 3000 },
      supports_parallel_tool_calls: false,
    });
    expect(minimal.effective_context_window_percent).toBe(95);
    expect(minimal.default_reasoning_summary).toBe("auto");
    expect(minimal.web_search_tool_type).toBe("text");
    expect(minimal.input_modalities).toEqual(["text", "image"]);
    expect(minimal.include_apps_usage_instructions).toBe(true);
    expect(minimal.tool_mode).toBeNull();
  });

  it("reads unknown tool_mode / multi_agent_version values as null", () => {
    const parsed = CatalogEntrySchema.parse({ ...FULL_ENTRY, tool_mode: "future_mode", multi_agent_version: "v9" });
    expect(parsed.tool_mode).toBeNull();
    expect(parsed.multi_agent_version).toBeNull();
    expect(CatalogEntrySchema.parse({ ...FULL_ENTRY, tool_mode: "code_mode_only" }).tool_mode).toBe("code_mode_only");
  });

  it("context window reported at 95 %: fallback 272000 → 258400, catalogue 100000 → 95000", () => {
    expect(usableContextWindow(fallbackModelInfo("gpt-5.1-codex"))).toBe(258_400);
    expect(usableContextWindow(CatalogEntrySchema.parse(FULL_ENTRY))).toBe(95_000);
  });

  it("fallback metadata as the fact sheet lists it", () => {
    const info = fallbackModelInfo("gpt-5.1-codex");
    expect(info).toMatchObject({
      shell_type: "default",
      apply_patch_tool_type: null,
      truncation_policy: { mode: "bytes", limit: 10_000 },
      supports_reasoning_summaries: false,
      default_reasoning_summary: "auto",
      support_verbosity: false,
      web_search_tool_type: "text",
      context_window: 272_000,
      tool_mode: null,
      use_responses_lite: false,
      multi_agent_version: null,
    });
    expect(fallbackMetadataWarning("gpt-5.1-codex")).toBe(
      "Model metadata for `gpt-5.1-codex` not found. Defaulting to fallback metadata; this can degrade performance and cause issues.",
    );
  });

  it("lookup by longest slug prefix, then after one namespace/ prefix", () => {
    const entries = [CatalogEntrySchema.parse({ ...FULL_ENTRY, slug: "gpt-5" }), CatalogEntrySchema.parse(FULL_ENTRY)];
    expect(findModelInfo(entries, "gpt-5.5-2026")?.slug).toBe("gpt-5.5");
    expect(findModelInfo(entries, "gpt-5-mini")?.slug).toBe("gpt-5");
    expect(findModelInfo(entries, "openai/gpt-5.5")?.slug).toBe("gpt-5.5");
    expect(findModelInfo(entries, "claude")).toBeUndefined();
  });

  it("truncation policy with tool_output_token_limit", () => {
    expect(effectiveTruncationPolicy({ truncation_policy: { mode: "tokens", limit: 10_000 } }, 500)).toEqual({ mode: "tokens", limit: 500 });
    expect(effectiveTruncationPolicy({ truncation_policy: { mode: "bytes", limit: 10_000 } }, 500)).toEqual({ mode: "bytes", limit: 2000 });
    expect(effectiveTruncationPolicy({ truncation_policy: { mode: "bytes", limit: 10_000 } })).toEqual({ mode: "bytes", limit: 10_000 });
  });

  it("reasoning and text parameters", () => {
    expect(reasoningParameter(fallbackModelInfo("x"), { fallback: true })).toEqual({ summary: "auto" });
    const entry = CatalogEntrySchema.parse({ ...FULL_ENTRY, default_reasoning_level: "high" });
    expect(reasoningParameter(entry)).toEqual({ effort: "high", summary: "detailed" });
    expect(reasoningParameter(CatalogEntrySchema.parse({ ...FULL_ENTRY, default_reasoning_summary: "none" }))).toEqual({ effort: "medium" });
    expect(reasoningParameter(CatalogEntrySchema.parse({ ...FULL_ENTRY, default_reasoning_level: "low", use_responses_lite: true, supports_reasoning_summaries: false }))).toEqual({
      effort: "low",
      context: "all_turns",
    });
    expect(textParameter(entry)).toEqual({ verbosity: "low" });
    expect(textParameter(fallbackModelInfo("x"))).toBeUndefined();
  });
});
