import { readFileSync } from "node:fs";
import { fallbackModelInfo, findModelInfo, parseModelsResponse, type ModelInfo } from "./catalog-entry.js";

/**
 * The catalogue metadata that drives a thread's tools and truncation: the
 * entry of `model_catalog_json` (a `{"models": [...]}` file, as `/models`
 * answers) matching the slug, else the reference's fallback metadata. An
 * unreadable or invalid file counts as an empty catalogue.
 */
export function modelInfoFor(configValues: Record<string, unknown>, slug: string): ModelInfo {
  return findModelInfo(configuredCatalog(configValues), slug) ?? fallbackModelInfo(slug);
}

function configuredCatalog(configValues: Record<string, unknown>): ModelInfo[] {
  const file = configValues.model_catalog_json;
  if (typeof file !== "string" || file === "") return [];
  try {
    const parsed = parseModelsResponse(JSON.parse(readFileSync(file, "utf8")));
    return parsed.ok ? parsed.models : [];
  } catch {
    return [];
  }
}
