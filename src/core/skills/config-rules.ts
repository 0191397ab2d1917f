import { realpathSync } from "node:fs";
import type { TomlTable } from "../../config/json-value.js";

/** One `[[skills.config]]` entry: a skill chosen by path or by name, and whether it is enabled. */
export type SkillRule = { kind: "path"; path: string; enabled: boolean } | { kind: "name"; name: string; enabled: boolean };

/**
 * The `[[skills.config]]` entries of the effective config, in file order.
 * An entry needs exactly one selector (`path` or `name`) and a boolean
 * `enabled`; a later entry for the same selector replaces an earlier one.
 */
export function skillRules(values: TomlTable): SkillRule[] {
  const skills = values.skills;
  if (!skills || typeof skills !== "object" || Array.isArray(skills)) return [];
  const entries = (skills as TomlTable).config;
  if (!Array.isArray(entries)) return [];
  const rules: SkillRule[] = [];
  for (const entry of entries) {
    if (!entry || typeof entry !== "object" || Array.isArray(entry)) continue;
    const { path, name, enabled } = entry as TomlTable;
    if (typeof enabled !== "boolean") continue;
    let rule: SkillRule;
    if (typeof path === "string" && name === undefined) rule = { kind: "path", path: canonical(path), enabled };
    else if (typeof name === "string" && path === undefined && name.trim() !== "") rule = { kind: "name", name: name.trim(), enabled };
    else continue;
    const same = rules.findIndex((other) => (other.kind === "path" ? rule.kind === "path" && other.path === rule.path : rule.kind === "name" && other.name === rule.name));
    if (same >= 0) rules.splice(same, 1);
    rules.push(rule);
  }
  return rules;
}

/** The `SKILL.md` paths the rules disable, applied in order (a later rule wins). */
export function disabledSkillPaths(skills: readonly { name: string; path: string }[], rules: readonly SkillRule[]): Set<string> {
  const disabled = new Set<string>();
  for (const rule of rules) {
    const paths = rule.kind === "path" ? [rule.path] : skills.filter((skill) => skill.name === rule.name).map((skill) => skill.path);
    for (const target of paths) {
      if (rule.enabled) disabled.delete(target);
      else disabled.add(target);
    }
  }
  return disabled;
}

function canonical(target: string): string {
  try {
    return realpathSync(target);
  } catch {
    return target;
  }
}
