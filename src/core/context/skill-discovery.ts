import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Skill } from "./skills.js";

/** How deep below the skills directory a skill folder may sit (`.system/<name>` is two levels). */
const MAX_DEPTH = 3;

/**
 * The skills under `<codexHome>/skills`: every folder holding a `SKILL.md`
 * whose frontmatter names it (`name:`) and says when it applies
 * (`description:`), sorted by name. Unreadable folders and files without
 * both fields are left out: a broken skill must not break a turn.
 */
export function discoverSkills(codexHome: string): Skill[] {
  const skills: Skill[] = [];
  walk(path.join(codexHome, "skills"), 0, skills);
  return skills.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.path < b.path ? -1 : 1));
}

function walk(dir: string, depth: number, out: Skill[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.isFile() && entry.name === "SKILL.md" && depth > 0) {
      const skill = readSkill(path.join(dir, entry.name));
      if (skill) out.push(skill);
    } else if (entry.isDirectory() && depth < MAX_DEPTH) {
      walk(path.join(dir, entry.name), depth + 1, out);
    }
  }
}

function readSkill(file: string): Skill | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return null;
  }
  const fields = frontmatter(text);
  const name = fields.get("name");
  const description = fields.get("description");
  if (!name || !description) return null;
  return { name, description, path: file };
}

/** The `key: value` lines of a leading `---` block (values unquoted; no nesting). */
export function frontmatter(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  if (lines[0]?.trim() !== "---") return fields;
  for (const line of lines.slice(1)) {
    if (line.trim() === "---") return fields;
    const match = /^([A-Za-z_][\w-]*):\s*(.*)$/.exec(line);
    if (!match) continue;
    let value = match[2]!.trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) value = value.slice(1, -1);
    fields.set(match[1]!, value);
  }
  return new Map();
}
