import { realpathSync } from "node:fs";
import { applyConfigEdits, readConfigFile } from "../../config/edit/index.js";
import { isTable } from "../../config/json-value.js";
import { invalidRequest } from "../../protocol/errors.js";

export type SkillSelector = { path: string; name?: undefined } | { name: string; path?: undefined };

/** The selector of `skills/config/write`: exactly one of an absolute `path` or a non-empty `name`. */
export function skillSelector(params: { path?: string | null; name?: string | null }): SkillSelector {
  const hasPath = typeof params.path === "string";
  const hasName = typeof params.name === "string";
  if (hasPath === hasName) throw invalidRequest("skills/config/write requires exactly one of `path` or `name`");
  if (hasPath) {
    if (!params.path!.startsWith("/")) throw invalidRequest(`path must be absolute: ${params.path}`);
    return { path: canonical(params.path!) };
  }
  const name = params.name!.trim();
  if (name === "") throw invalidRequest("name must not be empty");
  return { name };
}

/**
 * Records a skill's enabled state in the user's config.toml as the
 * reference does: earlier `[[skills.config]]` entries for the same selector
 * go, and a disabled skill gets `{ path|name, enabled = false }` (enabled is
 * the default, so enabling only removes). Everything else in the file stays
 * as the user wrote it.
 */
export function writeSkillConfig(configFile: string, selector: SkillSelector, enabled: boolean): void {
  const { config, version } = readConfigFile(configFile);
  const skills = isTable(config.skills) ? config.skills : {};
  const entries = Array.isArray(skills.config) ? (skills.config as unknown[]) : [];
  const kept = entries.filter((entry) => !(isTable(entry) && sameSelector(entry, selector)));
  const next = enabled ? kept : [...kept, selector.path !== undefined ? { path: selector.path, enabled: false } : { name: selector.name, enabled: false }];
  if (next.length === entries.length && next.every((entry, index) => entry === entries[index])) return;
  // The version read above guards the gap between reading the entries and writing them back.
  // An emptied `[skills]` table goes too, so enabling again gives back the file as it was.
  const edit =
    next.length > 0
      ? { keyPath: "skills.config", value: next }
      : Object.keys(skills).every((key) => key === "config")
        ? { keyPath: "skills", value: null }
        : { keyPath: "skills.config", value: null };
  applyConfigEdits(configFile, [{ ...edit, mergeStrategy: "replace" }], { expectedVersion: version });
}

function sameSelector(entry: Record<string, unknown>, selector: SkillSelector): boolean {
  if (selector.path !== undefined) return typeof entry.path === "string" && entry.name === undefined && canonical(entry.path) === selector.path;
  return typeof entry.name === "string" && entry.path === undefined && entry.name.trim() === selector.name;
}

function canonical(target: string): string {
  try {
    return realpathSync(target);
  } catch {
    return target;
  }
}
