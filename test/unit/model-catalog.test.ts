import { describe, expect, it } from "vitest";
import bundledModels from "../../src/model/bundled-models.json" with { type: "json" };
import { CatalogEntrySchema, findModelInfo, type ModelInfo } from "../../src/model/catalog-entry.js";
import { DEFAULT_MODEL, bundledModelCatalog, defaultModelOf, isKnownModel, listModels } from "../../src/model/catalog.js";
import { effectiveCatalog } from "../../src/model/catalog-service.js";
import { modelContextWindow } from "../../src/model/context-window.js";

/** Every field of the `/models` contract (fact sheet §10); `base_instructions` is optional there. */
const CONTRACT_FIELDS = [
  "slug", "display_name", "description", "priority", "visibility", "supported_in_api", "minimal_client_version",
  "available_in_plans", "availability_nux", "upgrade", "default_reasoning_level", "supported_reasoning_levels",
  "supports_reasoning_effort_updates", "supports_reasoning_summaries", "supports_reasoning_summary_parameter",
  "default_reasoning_summary", "support_verbosity", "default_verbosity", "model_messages", "shell_type",
  "apply_patch_tool_type", "web_search_tool_type", "truncation_policy", "supports_parallel_tool_calls",
  "supports_image_detail_original", "input_modalities", "context_window", "max_context_window",
  "auto_compact_token_limit", "comp_hash", "experimental_supported_tools", "supports_search_tool",
  "supports_experimental_context", "tool_mode", "multi_agent_version", "multi_agent_reasoning_effort",
  "use_responses_lite", "prefer_websockets", "include_skills_usage_instructions", "include_apps_usage_instructions",
  "include_plugin_usage_instructions", "guardian", "node_repl_auto_review_required", "node_repl_disabled",
  "requires_sandboxed_review", "auto_review_model_override", "model_specialty", "default_service_tier",
  "service_tiers", "additional_speed_tiers",
];

const SLUGS = [
  "gpt-6-astra", "gpt-6.1-sol", "gpt-6.1-terra", "gpt-6-sol", "gpt-6-luna", "gpt-5.6-sol", "gpt-5.6-terra",
  "gpt-5.6-luna", "gpt-daybreak-blue-latest", "gpt-daybreak-red-latest", "gpt-5.5", "codex-auto-review",
];

function entry(slug: string, priority: number, visibility: "list" | "hide" = "list"): ModelInfo {
  return { ...findModelInfo(bundledModelCatalog(), "gpt-5.5")!, slug, display_name: slug, priority, visibility };
}

describe("the bundled model catalogue", () => {
  it("has the reference's 12 entries, each with every contract field, each accepted by the /models schema", () => {
    const raw = bundledModels.models as Array<Record<string, unknown>>;
    expect(raw.map((e) => e.slug)).toEqual(SLUGS);
    for (const e of raw) {
      expect(Object.keys(e).sort(), String(e.slug)).toEqual([...CONTRACT_FIELDS].sort());
      expect(CatalogEntrySchema.safeParse(e).success, String(e.slug)).toBe(true);
    }
    expect(bundledModelCatalog().map((e) => e.slug)).toEqual(SLUGS);
  });

  it("carries no prompt text: no base_instructions, every model_messages piece null (our own prompt applies)", () => {
    for (const e of bundledModelCatalog()) {
      expect(e.base_instructions).toBeUndefined();
      expect(Object.values(e.model_messages ?? {}).every((piece) => piece === null)).toBe(true);
    }
  });

  it("lists the visible models by priority with gpt-6.1-sol first and default; hidden ones only on request", () => {
    const visible = listModels(bundledModelCatalog(), { configuredModel: null, includeHidden: false });
    expect(visible.map((m) => m.id)).toEqual([
      "gpt-6.1-sol", "gpt-6-astra", "gpt-6-sol", "gpt-6-luna", "gpt-5.6-sol", "gpt-6.1-terra", "gpt-5.6-terra",
      "gpt-5.6-luna", "gpt-5.5",
    ]);
    expect(visible.filter((m) => m.isDefault).map((m) => m.id)).toEqual(["gpt-6.1-sol"]);
    const all = listModels(bundledModelCatalog(), { configuredModel: null, includeHidden: true });
    expect(all.filter((m) => m.hidden).map((m) => m.id)).toEqual(["gpt-daybreak-blue-latest", "gpt-daybreak-red-latest", "codex-auto-review"]);
    expect(DEFAULT_MODEL).toBe("gpt-6.1-sol");
    expect(defaultModelOf(bundledModelCatalog())).toBe("gpt-6.1-sol");
  });

  it("knows models by the reference's lookup (longest slug prefix, then after one namespace/)", () => {
    const catalog = bundledModelCatalog();
    expect(isKnownModel(catalog, "codex-auto-review")).toBe(true);
    expect(isKnownModel(catalog, "gpt-5.5-2026-01-01")).toBe(true);
    expect(isKnownModel(catalog, "openai/gpt-6-luna")).toBe(true);
    expect(isKnownModel(catalog, "gpt-5.1-codex")).toBe(false);
  });

  it("reports the usable context window: catalogue window x 95 %, fallback 272000 -> 258400, config override", () => {
    const catalog = bundledModelCatalog();
    expect(modelContextWindow({}, catalog, "gpt-6.1-sol")).toBe(258_400);
    expect(modelContextWindow({}, catalog, "gpt-6.1-terra")).toBe(475_000);
    expect(modelContextWindow({}, catalog, "gpt-daybreak-red-latest")).toBe(353_400);
    expect(modelContextWindow({}, catalog, "gpt-5.1-codex")).toBe(258_400);
    expect(modelContextWindow({ model_context_window: 100_000 }, catalog, "gpt-6.1-terra")).toBe(95_000);
    expect(modelContextWindow({}, [{ ...entry("tiny", 1), context_window: 100_000 }], "tiny")).toBe(95_000);
  });
});

describe("a fetched catalogue over the bundled one", () => {
  it("replaces it when the response lists at least one model", () => {
    const fetched = [entry("remote-b", 2), entry("remote-a", 1), entry("remote-hidden", 0, "hide")];
    const effective = effectiveCatalog(bundledModelCatalog(), fetched);
    expect(effective.map((e) => e.slug)).toEqual(["remote-b", "remote-a", "remote-hidden"]);
    const listed = listModels(effective, { configuredModel: null, includeHidden: false });
    expect(listed.map((m) => [m.id, m.isDefault])).toEqual([
      ["remote-a", true],
      ["remote-b", false],
    ]);
  });

  it("is merged into it by slug when the response lists nothing", () => {
    const fetched = [{ ...entry("gpt-5.5", 13, "hide"), context_window: 100_000 }, entry("remote-hidden", 50, "hide")];
    const effective = effectiveCatalog(bundledModelCatalog(), fetched);
    expect(effective.map((e) => e.slug)).toEqual([...SLUGS, "remote-hidden"]);
    expect(findModelInfo(effective, "gpt-5.5")!.context_window).toBe(100_000);
    expect(listModels(effective, { configuredModel: null, includeHidden: false }).map((m) => m.id)).not.toContain("gpt-5.5");
  });
});
