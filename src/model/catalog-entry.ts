import { z } from "zod";

/**
 * One entry of the model catalogue as the reference's `/models` contract
 * writes it (`{"models": [ModelInfo, …]}`, snake_case). The bundled catalogue
 * and a backend-fetched one parse through the same schema, so both drive the
 * request (prompt, tools, truncation, reasoning, verbosity) the same way.
 *
 * Acceptance follows what the reference does with a `/models` response:
 * unknown fields are ignored; `apply_patch_tool_type` other than
 * `"freeform"`/null fails; `model_messages: null` is accepted only together
 * with `base_instructions`. Fields the reference fills in when absent get the
 * same defaults here; the rest are required.
 */

export const ReasoningEffortLevel = z.enum(["none", "minimal", "low", "medium", "high", "xhigh", "max", "ultra"]);
export type ReasoningEffortLevel = z.infer<typeof ReasoningEffortLevel>;

export const ReasoningSummaryLevel = z.enum(["none", "auto", "concise", "detailed"]);
export type ReasoningSummaryLevel = z.infer<typeof ReasoningSummaryLevel>;

export const VerbosityLevel = z.enum(["low", "medium", "high"]);
export type VerbosityLevel = z.infer<typeof VerbosityLevel>;

export const ShellType = z.enum(["default", "local", "unified_exec", "disabled", "shell_command"]);
export type ShellType = z.infer<typeof ShellType>;

export const TruncationPolicy = z.object({ mode: z.enum(["bytes", "tokens"]), limit: z.number().int().nonnegative() });
export type TruncationPolicy = z.infer<typeof TruncationPolicy>;

const nullableString = z.string().nullable().optional();

/** Every piece is optional: a catalogue entry replaces only the pieces it names. */
export const ModelMessages = z
  .object({
    instructions_template: nullableString,
    instructions_variables: z
      .object({ personality_default: nullableString, personality_friendly: nullableString, personality_pragmatic: nullableString })
      .passthrough()
      .nullable()
      .optional(),
    persistent_instructions: nullableString,
    tools: z.record(z.unknown()).nullable().optional(),
    approvals: z
      .object({ on_request: nullableString, on_request_auto_review: nullableString, never: nullableString, unless_trusted: nullableString })
      .passthrough()
      .nullable()
      .optional(),
    collaboration_modes: z.object({ default: nullableString, plan: nullableString }).passthrough().nullable().optional(),
    auto_review: z.record(z.unknown()).nullable().optional(),
    multi_agent: z
      .object({
        role: z.object({ root: nullableString, subagent: nullableString }).passthrough().nullable().optional(),
        mode: z.record(z.unknown()).nullable().optional(),
      })
      .passthrough()
      .nullable()
      .optional(),
    permissions: z
      .object({ danger_full_access: nullableString, workspace_write: nullableString, read_only: nullableString })
      .passthrough()
      .nullable()
      .optional(),
    token_budget: z.record(z.unknown()).nullable().optional(),
    guardian_v2: z.record(z.unknown()).nullable().optional(),
    confirmation_policies: z.record(z.unknown()).nullable().optional(),
  })
  .passthrough();
export type ModelMessages = z.infer<typeof ModelMessages>;

/** Unknown selector values read as null, as the reference does for `tool_mode` and `multi_agent_version`. */
function selector<T extends [string, ...string[]]>(values: T) {
  return z
    .unknown()
    .optional()
    .transform((value): T[number] | null => ((values as readonly unknown[]).includes(value) ? (value as T[number]) : null));
}

export const CatalogEntrySchema = z
  .object({
    slug: z.string(),
    display_name: z.string(),
    description: z.string().nullable().optional(),
    /** Lower sorts first; the first visible entry is the default model. */
    priority: z.number().int(),
    visibility: z.enum(["list", "hide", "none"]),
    supported_in_api: z.boolean(),
    minimal_client_version: z.union([z.string(), z.array(z.number().int())]).nullable().optional(),
    available_in_plans: z.array(z.string()).default([]),
    availability_nux: z.object({ message: z.string() }).passthrough().nullable().optional(),
    upgrade: z
      .object({ model: z.string(), migration_markdown: nullableString, retirement_at: z.unknown().optional() })
      .passthrough()
      .nullable()
      .optional(),
    default_reasoning_level: ReasoningEffortLevel.nullable().optional(),
    supported_reasoning_levels: z.array(z.object({ effort: ReasoningEffortLevel, description: z.string() }).passthrough()),
    supports_reasoning_effort_updates: z.boolean().default(false),
    supports_reasoning_summaries: z.boolean().default(false),
    supports_reasoning_summary_parameter: z.boolean().default(true),
    default_reasoning_summary: ReasoningSummaryLevel.default("auto"),
    support_verbosity: z.boolean(),
    default_verbosity: VerbosityLevel.nullable().optional(),
    base_instructions: z.string().optional(),
    model_messages: ModelMessages.nullable().optional(),
    shell_type: ShellType,
    apply_patch_tool_type: z.literal("freeform").nullable().optional(),
    web_search_tool_type: z.enum(["text", "text_and_image"]).default("text"),
    truncation_policy: TruncationPolicy,
    supports_parallel_tool_calls: z.boolean(),
    supports_image_detail_original: z.boolean().default(false),
    input_modalities: z.array(z.enum(["text", "image", "audio"])).default(["text", "image"]),
    context_window: z.number().int().nullable().optional(),
    max_context_window: z.number().int().nullable().optional(),
    auto_compact_token_limit: z.number().int().nullable().optional(),
    /** Share of the context window reported as usable (`modelContextWindow`). */
    effective_context_window_percent: z.number().int().default(95),
    comp_hash: z.string().nullable().optional(),
    experimental_supported_tools: z.array(z.string()).default([]),
    supports_search_tool: z.boolean().default(false),
    supports_experimental_context: z.boolean().default(false),
    tool_mode: selector(["direct", "code_mode", "code_mode_only"]),
    multi_agent_version: selector(["v1", "v2"]),
    multi_agent_reasoning_effort: ReasoningEffortLevel.nullable().optional(),
    use_responses_lite: z.boolean().default(false),
    prefer_websockets: z.boolean().default(false),
    include_skills_usage_instructions: z.boolean().default(false),
    include_apps_usage_instructions: z.boolean().default(true),
    include_plugin_usage_instructions: z.boolean().default(false),
    guardian: z.unknown().optional(),
    node_repl_auto_review_required: z.boolean().default(false),
    node_repl_disabled: z.boolean().default(false),
    requires_sandboxed_review: z.boolean().default(false),
    auto_review_model_override: z.string().nullable().optional(),
    model_specialty: z.string().nullable().optional(),
    default_service_tier: z.string().nullable().optional(),
    service_tiers: z.array(z.object({ id: z.string(), name: z.string(), description: z.string() }).passthrough()).default([]),
    additional_speed_tiers: z.array(z.string()).default([]),
  })
  .superRefine((entry, ctx) => {
    if ((entry.model_messages === null || entry.model_messages === undefined) && entry.base_instructions === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["model_messages"],
        message: "model_messages may only be null or absent when base_instructions is given",
      });
    }
  });

/** A parsed catalogue entry (defaults filled in). */
export type ModelInfo = z.output<typeof CatalogEntrySchema>;
/** A catalogue entry as written in JSON (defaults may be absent). */
export type ModelInfoInput = z.input<typeof CatalogEntrySchema>;

/** The `/models` response: one invalid entry rejects the whole response. */
export const ModelsResponseSchema = z.object({ models: z.array(CatalogEntrySchema) });
export type ModelsResponse = z.output<typeof ModelsResponseSchema>;

/** The reference's error text when a `/models` body does not decode. */
export const MODELS_DECODE_ERROR = "failed to decode models response";

export function parseModelsResponse(body: unknown): { ok: true; models: ModelInfo[] } | { ok: false; error: string } {
  const parsed = ModelsResponseSchema.safeParse(body);
  if (parsed.success) return { ok: true, models: parsed.data.models };
  return { ok: false, error: `${MODELS_DECODE_ERROR}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` };
}

export const FALLBACK_CONTEXT_WINDOW = 272_000;
export const DEFAULT_EFFECTIVE_CONTEXT_WINDOW_PERCENT = 95;

/**
 * The metadata the reference uses for a slug no catalogue entry matches
 * (fact sheet §9): unified exec, no apply_patch tool, bytes-10000
 * truncation, summaries `auto`, no verbosity, a 272,000-token window.
 */
export function fallbackModelInfo(slug: string): ModelInfo {
  return CatalogEntrySchema.parse({
    slug,
    display_name: slug,
    priority: 99,
    visibility: "none",
    supported_in_api: true,
    supported_reasoning_levels: [],
    supports_reasoning_summaries: false,
    default_reasoning_summary: "auto",
    support_verbosity: false,
    default_verbosity: null,
    base_instructions: "",
    model_messages: null,
    shell_type: "default",
    apply_patch_tool_type: null,
    web_search_tool_type: "text",
    truncation_policy: { mode: "bytes", limit: 10_000 },
    supports_parallel_tool_calls: false,
    context_window: FALLBACK_CONTEXT_WINDOW,
    tool_mode: null,
    use_responses_lite: false,
    multi_agent_version: null,
  });
}

/** The reference's JSON-RPC `warning` when a slug falls back to default metadata. */
export function fallbackMetadataWarning(slug: string): string {
  return `Model metadata for \`${slug}\` not found. Defaulting to fallback metadata; this can degrade performance and cause issues.`;
}

/**
 * The catalogue entry for `slug`: the entry whose slug is the longest prefix
 * of it, else the same lookup for the part after one `namespace/` prefix;
 * undefined when nothing matches (the caller then uses `fallbackModelInfo`).
 */
export function findModelInfo(entries: readonly ModelInfo[], slug: string): ModelInfo | undefined {
  const byPrefix = (name: string) => {
    let best: ModelInfo | undefined;
    for (const entry of entries) {
      if (name.startsWith(entry.slug) && (best === undefined || entry.slug.length > best.slug.length)) best = entry;
    }
    return best;
  };
  const direct = byPrefix(slug);
  if (direct) return direct;
  const slash = slug.indexOf("/");
  return slash > 0 ? byPrefix(slug.slice(slash + 1)) : undefined;
}

/**
 * `modelContextWindow` as reported in `thread/tokenUsage/updated`: the
 * window (`context_window`, else `max_context_window`) times
 * `effective_context_window_percent` / 100, rounded down; null without a window.
 */
export function usableContextWindow(info: Pick<ModelInfo, "context_window" | "max_context_window" | "effective_context_window_percent">): number | null {
  const window = info.context_window ?? info.max_context_window ?? null;
  if (window === null) return null;
  return Math.floor((window * info.effective_context_window_percent) / 100);
}

/**
 * The model's tool-output truncation policy, with the config's
 * `tool_output_token_limit` replacing the limit when set (tokens mode: that
 * many tokens; bytes mode: four bytes per token).
 */
export function effectiveTruncationPolicy(info: Pick<ModelInfo, "truncation_policy">, toolOutputTokenLimit?: number | null): TruncationPolicy {
  const policy = info.truncation_policy;
  if (toolOutputTokenLimit === undefined || toolOutputTokenLimit === null) return policy;
  return policy.mode === "tokens" ? { mode: "tokens", limit: toolOutputTokenLimit } : { mode: "bytes", limit: toolOutputTokenLimit * 4 };
}

/** The request's `reasoning` object for a direct-mode model (fact sheet §2, §9). */
export function reasoningParameter(
  info: Pick<ModelInfo, "default_reasoning_level" | "supports_reasoning_summaries" | "default_reasoning_summary" | "use_responses_lite">,
  options: { effort?: ReasoningEffortLevel | null; summary?: ReasoningSummaryLevel | null; fallback?: boolean } = {},
): Record<string, string> {
  if (options.fallback) return { summary: options.summary ?? "auto" };
  const out: Record<string, string> = {};
  const effort = options.effort ?? info.default_reasoning_level ?? null;
  if (effort) out.effort = effort;
  const summary = options.summary ?? info.default_reasoning_summary;
  if (info.supports_reasoning_summaries && summary !== "none") out.summary = summary;
  if (info.use_responses_lite) out.context = "all_turns";
  return out;
}

/** The request's `text` object, or undefined when the model does not support verbosity. */
export function textParameter(info: Pick<ModelInfo, "support_verbosity" | "default_verbosity">, verbosity?: VerbosityLevel | null): { verbosity: VerbosityLevel } | undefined {
  if (!info.support_verbosity) return undefined;
  const value = verbosity ?? info.default_verbosity ?? null;
  return value ? { verbosity: value } : undefined;
}
