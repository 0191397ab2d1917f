import { FALLBACK_BASE_INSTRUCTIONS } from "./base-prompt.js";

/** The catalog fields that can carry a model's base instructions (`/models` `ModelInfo`). */
export interface CatalogInstructions {
  base_instructions?: string | null;
  model_messages?: { instructions_template?: string | null } | null;
}

export interface BaseInstructionsSources {
  /**
   * An explicit override: `baseInstructions` of thread/start, resume or fork,
   * or the config's `base_instructions` / `model_instructions_file` contents.
   */
  override?: string | null;
  /** The base instructions recorded when the thread was created; a resumed thread keeps them. */
  persisted?: string | null;
  /** The model's catalog entry; null for an unknown slug (fallback metadata). */
  catalog?: CatalogInstructions | null;
}

/**
 * The text of developer message 0, in the reference's order of precedence:
 * an explicit override, then what the thread was started with, then the
 * catalog's instruction template, then its `base_instructions` (both sent
 * verbatim: a `{{ personality }}` placeholder stays as it is), then our
 * fallback prompt. An empty string is a deliberate choice and is honoured;
 * only null or absent values fall through.
 */
export function chooseBaseInstructions(sources: BaseInstructionsSources): string {
  return (
    sources.override ??
    sources.persisted ??
    sources.catalog?.model_messages?.instructions_template ??
    sources.catalog?.base_instructions ??
    FALLBACK_BASE_INSTRUCTIONS
  );
}
