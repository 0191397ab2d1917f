/**
 * The model catalogue as data: the bundled entries (`bundled-models.json`,
 * the reference's 0.169.0 catalogue in the `/models` shape, without its
 * prompt texts) and what `model/list` makes of any catalogue, bundled or
 * fetched. A catalogue is a list of `ModelInfo` entries; the per-server
 * effective one lives in `ModelCatalogService`.
 */
import bundledModels from "./bundled-models.json" with { type: "json" };
import type { Model } from "../protocol/model.js";
import { ModelsResponseSchema, findModelInfo, type ModelInfo } from "./catalog-entry.js";

let bundled: readonly ModelInfo[] | undefined;

/** The bundled catalogue, parsed (defaults filled in) on first use. */
export function bundledModelCatalog(): readonly ModelInfo[] {
  bundled ??= Object.freeze(ModelsResponseSchema.parse(bundledModels).models);
  return bundled;
}

/** `entries` in display order: by `priority`, lower first (stable for equal priorities). */
export function byPriority(entries: readonly ModelInfo[]): ModelInfo[] {
  return [...entries].sort((a, b) => a.priority - b.priority);
}

/** Whether `model/list` shows the entry without `includeHidden`. */
export function isListed(entry: ModelInfo): boolean {
  return entry.visibility === "list";
}

/** The model used when none is configured: the first listed entry by priority. */
export function defaultModelOf(entries: readonly ModelInfo[]): string | undefined {
  return byPriority(entries).find(isListed)?.slug;
}

function toModel(entry: ModelInfo, isDefault: boolean): Model {
  const upgrade = entry.upgrade ?? null;
  const retirementAt = typeof upgrade?.retirement_at === "number" ? upgrade.retirement_at : null;
  return {
    id: entry.slug,
    model: entry.slug,
    upgrade: upgrade?.model ?? null,
    upgradeInfo: upgrade
      ? {
          model: upgrade.model,
          upgradeCopy: null,
          modelLink: null,
          migrationMarkdown: upgrade.migration_markdown ?? null,
          retirementAt,
        }
      : null,
    availabilityNux: entry.availability_nux ? { message: entry.availability_nux.message } : null,
    displayName: entry.display_name,
    description: entry.description ?? "",
    modelSpecialty: entry.model_specialty ?? null,
    hidden: !isListed(entry),
    supportedReasoningEfforts: entry.supported_reasoning_levels.map((level) => ({
      reasoningEffort: level.effort,
      description: level.description,
    })),
    defaultReasoningEffort: entry.default_reasoning_level ?? "medium",
    inputModalities: entry.input_modalities,
    supportsPersonality: false,
    multiAgentVersion: entry.multi_agent_version === "v1" || entry.multi_agent_version === "v2" ? entry.multi_agent_version : null,
    additionalSpeedTiers: entry.additional_speed_tiers,
    serviceTiers: entry.service_tiers.map((tier) => ({ id: tier.id, name: tier.name, description: tier.description })),
    defaultServiceTier: entry.default_service_tier ?? null,
    availableAccessPrograms: null,
    isDefault,
  };
}

/**
 * `model/list`'s models for catalogue `entries`, sorted by priority. The
 * configured model is marked `isDefault` when the catalogue has it; otherwise
 * the first listed model is. Hidden models are included only with `includeHidden`.
 */
export function listModels(
  entries: readonly ModelInfo[],
  options: { configuredModel: string | null; includeHidden: boolean },
): Model[] {
  const sorted = byPriority(entries);
  const defaultSlug = sorted.some((entry) => entry.slug === options.configuredModel)
    ? options.configuredModel
    : defaultModelOf(sorted);
  return sorted
    .filter((entry) => options.includeHidden || isListed(entry))
    .map((entry) => toModel(entry, entry.slug === defaultSlug));
}

/**
 * Whether the catalogue has metadata for `slug` (hidden models included),
 * by the reference's lookup: longest slug prefix, then after one `namespace/`.
 */
export function isKnownModel(entries: readonly ModelInfo[], slug: string): boolean {
  return findModelInfo(entries, slug) !== undefined;
}

/**
 * The model used when none is configured: the bundled catalogue's default
 * (its first listed entry by priority), read from the raw data so that
 * loading this module does not parse the whole catalogue.
 */
export const DEFAULT_MODEL: string = [...bundledModels.models]
  .filter((entry) => entry.visibility === "list")
  .sort((a, b) => a.priority - b.priority)[0]!.slug;
