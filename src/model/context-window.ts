import type { TomlTable } from "../config/json-value.js";

/**
 * The reference's fallback model metadata: a 272,000-token context window of
 * which 95 % is usable, reported as `modelContextWindow: 258400` (stdio
 * transcript, unknown model `gpt-5.1-codex`).
 */
export const FALLBACK_CONTEXT_WINDOW = 272_000;
const EFFECTIVE_CONTEXT_WINDOW_PERCENT = 95;

/** `ThreadTokenUsage.modelContextWindow` for a model: `model_context_window` when configured, else the fallback. */
export function modelContextWindow(config: TomlTable, _model: string): number | null {
  const configured = config.model_context_window;
  const window = typeof configured === "number" && configured > 0 ? configured : FALLBACK_CONTEXT_WINDOW;
  return Math.floor((window * EFFECTIVE_CONTEXT_WINDOW_PERCENT) / 100);
}
