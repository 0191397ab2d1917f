import type { TomlTable } from "../config/json-value.js";
import { fallbackModelInfo, findModelInfo, usableContextWindow, type ModelInfo } from "./catalog-entry.js";

/**
 * `ThreadTokenUsage.modelContextWindow` for `model`: its catalogue entry's
 * `context_window` (the fallback metadata's 272,000 when the catalogue has no
 * entry), replaced by `model_context_window` when configured, times the
 * entry's `effective_context_window_percent` (95 by default): 258,400 for
 * the fallback, as the reference reports.
 */
export function modelContextWindow(config: TomlTable, catalog: readonly ModelInfo[], model: string): number | null {
  const info = findModelInfo(catalog, model) ?? fallbackModelInfo(model);
  const configured = config.model_context_window;
  const window = typeof configured === "number" && configured > 0 ? { context_window: configured, max_context_window: null } : info;
  return usableContextWindow({ ...window, effective_context_window_percent: info.effective_context_window_percent });
}
