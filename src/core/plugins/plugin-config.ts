/**
 * The plugin state config.toml holds: `[marketplaces.<name>]` (added
 * marketplaces: `source_type` local|git, `source`, optional `ref`) and
 * `[plugins."<plugin>@<marketplace>"] enabled`.
 */
import { existsSync } from "node:fs";
import { applyConfigEdits, readConfigFile } from "../../config/edit/index.js";
import { isTable } from "../../config/json-value.js";

export interface ConfiguredMarketplace {
  name: string;
  sourceType: "local" | "git";
  source: string;
  ref: string | null;
  sparsePaths: string[];
}

function readConfig(configFile: string): Record<string, unknown> {
  if (!existsSync(configFile)) return {};
  return readConfigFile(configFile).config;
}

/** The added marketplaces, sorted by name. */
export function configuredMarketplaces(configFile: string): ConfiguredMarketplace[] {
  const table = readConfig(configFile).marketplaces;
  if (!isTable(table)) return [];
  const out: ConfiguredMarketplace[] = [];
  for (const [name, entry] of Object.entries(table)) {
    if (!isTable(entry) || typeof entry.source !== "string") continue;
    out.push({
      name,
      sourceType: entry.source_type === "git" ? "git" : "local",
      source: entry.source,
      ref: typeof entry.ref === "string" ? entry.ref : null,
      sparsePaths: Array.isArray(entry.sparse_paths) ? entry.sparse_paths.filter((item): item is string => typeof item === "string") : [],
    });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function pluginEnabled(configFile: string, pluginId: string): boolean {
  const plugins = readConfig(configFile).plugins;
  if (!isTable(plugins)) return false;
  const entry = plugins[pluginId];
  return isTable(entry) && entry.enabled === true;
}

/** The ids of the plugins `[plugins."<id>"] enabled = true` turns on. */
export function enabledPluginIds(configFile: string): string[] {
  const plugins = readConfig(configFile).plugins;
  if (!isTable(plugins)) return [];
  return Object.entries(plugins)
    .filter(([, entry]) => isTable(entry) && entry.enabled === true)
    .map(([id]) => id);
}

export function writeMarketplace(configFile: string, marketplace: ConfiguredMarketplace): void {
  const entry: Record<string, unknown> = { source_type: marketplace.sourceType, source: marketplace.source };
  if (marketplace.ref !== null) entry.ref = marketplace.ref;
  if (marketplace.sparsePaths.length > 0) entry.sparse_paths = marketplace.sparsePaths;
  applyConfigEdits(configFile, [{ keyPath: ["marketplaces", marketplace.name], value: entry, mergeStrategy: "replace" }]);
}

/** Removes `[marketplaces.<name>]` (and an emptied `[marketplaces]`); false when it was not there. */
export function removeMarketplace(configFile: string, name: string): boolean {
  const table = readConfig(configFile).marketplaces;
  if (!isTable(table) || !(name in table)) return false;
  const keyPath = Object.keys(table).length === 1 ? ["marketplaces"] : ["marketplaces", name];
  applyConfigEdits(configFile, [{ keyPath, value: null, mergeStrategy: "replace" }]);
  return true;
}

export function enablePlugin(configFile: string, pluginId: string): void {
  applyConfigEdits(configFile, [{ keyPath: ["plugins", pluginId, "enabled"], value: true, mergeStrategy: "replace" }]);
}

/** Removes `[plugins."<id>"]` (and an emptied `[plugins]`) when present. */
export function removePlugin(configFile: string, pluginId: string): void {
  const plugins = readConfig(configFile).plugins;
  if (!isTable(plugins) || !(pluginId in plugins)) return;
  const keyPath = Object.keys(plugins).length === 1 ? ["plugins"] : ["plugins", pluginId];
  applyConfigEdits(configFile, [{ keyPath, value: null, mergeStrategy: "replace" }]);
}
