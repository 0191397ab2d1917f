import type { ModelInfo } from "../../model/catalog-entry.js";

/** The model the reference prefers for approval reviews on OpenAI-compatible providers. */
export const DEFAULT_REVIEW_MODEL = "codex-auto-review";

export interface ReviewModelChoice {
  model: string;
  /** `reasoning.effort` of the review request; null sends none. */
  effort: string | null;
}

function supportsLow(info: ModelInfo): boolean {
  return info.supported_reasoning_levels.some((level) => level.effort === "low");
}

/**
 * The review model, as the reference picks it: the parent model's
 * `auto_review_model_override`, else the provider's review model; when the
 * catalogue lists it, that model at low effort (or its default effort when it
 * has no low one). Otherwise the override (or the parent's own model) at low
 * effort when the parent supports it, else at the parent's effort.
 */
export function selectReviewModel(parent: ModelInfo, parentEffort: string | null, catalog: readonly ModelInfo[]): ReviewModelChoice {
  const override = parent.auto_review_model_override ?? null;
  const wanted = override ?? DEFAULT_REVIEW_MODEL;
  const listed = catalog.find((entry) => entry.slug === wanted);
  if (listed) return { model: wanted, effort: supportsLow(listed) ? "low" : (listed.default_reasoning_level ?? null) };
  return {
    model: override ?? parent.slug,
    effort: supportsLow(parent) ? "low" : (parentEffort ?? parent.default_reasoning_level ?? null),
  };
}
