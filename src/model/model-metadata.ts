import { readFileSync } from "node:fs";
import path from "node:path";
import type { TomlTable } from "../config/json-value.js";
import { fallbackModelInfo, findModelInfo, parseModelsResponse, type ModelInfo } from "./catalog-entry.js";

/** The metadata a model's requests are built from, and whether a catalogue entry supplied it. */
export interface ModelMetadata {
  info: ModelInfo;
  /** False when the slug fell back to default metadata (the reference then warns). */
  known: boolean;
}

/**
 * Entries of the config's `model_catalog_json` file (`{"models": [...]}`, the
 * `/models` contract); none when unset. An unreadable or invalid file counts
 * as no catalogue, as a `/models` body that fails to decode does.
 */
export function configuredCatalogEntries(values: TomlTable): ModelInfo[] {
  const file = values.model_catalog_json;
  if (typeof file !== "string" || file === "") return [];
  try {
    const parsed = parseModelsResponse(JSON.parse(readFileSync(path.resolve(file), "utf8")));
    return parsed.ok ? parsed.models : [];
  } catch {
    return [];
  }
}

/** The metadata for `slug`: the matching entry of `entries` (longest slug prefix, §9), else fallback metadata. */
export function resolveModelMetadata(slug: string, entries: readonly ModelInfo[]): ModelMetadata {
  const found = findModelInfo(entries, slug);
  return found ? { info: found, known: true } : { info: fallbackModelInfo(slug), known: false };
}

/**
 * The metadata for `slug` under the effective config: its `model_catalog_json`
 * entries first, then `catalog` (the bundled or fetched model catalogue).
 */
export function modelMetadataFor(slug: string, values: TomlTable, catalog: readonly ModelInfo[]): ModelMetadata {
  return resolveModelMetadata(slug, [...configuredCatalogEntries(values), ...catalog]);
}
