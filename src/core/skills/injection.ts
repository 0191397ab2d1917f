import { readFile } from "node:fs/promises";
import path from "node:path";
import type { JsonValue } from "../../protocol/common.js";
import type { UserInput } from "../../protocol/item.js";
import type { Skill } from "../context/skills.js";

/** Names that look like `$NAME` mentions but are shell variables. */
const ENV_VARS = new Set(["PATH", "HOME", "USER", "SHELL", "PWD", "TMPDIR", "TEMP", "TMP", "LANG", "TERM", "XDG_CONFIG_HOME"]);

function isNameChar(char: string): boolean {
  return /[A-Za-z0-9_:-]/.test(char);
}

/** `$name` mentions and `[$name](path)` links in one text input. */
export function extractMentions(text: string): { names: Set<string>; paths: Set<string> } {
  const names = new Set<string>();
  const paths = new Set<string>();
  let index = 0;
  while (index < text.length) {
    const linked = /^\[\$([A-Za-z0-9_:-]+)\]\s*\(([^)]*)\)/.exec(text.slice(index));
    if (linked && linked[2]!.trim() !== "") {
      if (!ENV_VARS.has(linked[1]!.toUpperCase())) paths.add(linked[2]!.trim().replace(/^skill:\/\//, ""));
      index += linked[0].length;
      continue;
    }
    if (text[index] === "$" && index + 1 < text.length && isNameChar(text[index + 1]!)) {
      let end = index + 1;
      while (end < text.length && isNameChar(text[end]!)) end++;
      const name = text.slice(index + 1, end);
      if (!ENV_VARS.has(name.toUpperCase())) names.add(name);
      index = end;
      continue;
    }
    index++;
  }
  return { names, paths };
}

/**
 * The enabled skills the user selected in `input`: `skill` items (by path)
 * first, then `[$name](path)` links, then plain `$name` mentions of a name
 * exactly one enabled skill has. Each skill once, in that order.
 */
export function mentionedSkills(input: readonly UserInput[], skills: readonly Skill[], cwd: string): Skill[] {
  const selected: Skill[] = [];
  const seen = new Set<string>();
  const blockedNames = new Set<string>();
  const take = (skill: Skill): void => {
    if (seen.has(skill.path)) return;
    seen.add(skill.path);
    selected.push(skill);
  };
  for (const item of input) {
    if (item.type !== "skill") continue;
    blockedNames.add(item.name);
    const file = path.resolve(cwd, item.path);
    const skill = skills.find((candidate) => candidate.path === file);
    if (skill) take(skill);
  }
  const counts = new Map<string, number>();
  for (const skill of skills) counts.set(skill.name, (counts.get(skill.name) ?? 0) + 1);
  for (const item of input) {
    if (item.type !== "text") continue;
    const mentions = extractMentions(item.text);
    for (const skill of skills) if (mentions.paths.has(skill.path)) take(skill);
    for (const skill of skills) {
      if (blockedNames.has(skill.name) || !mentions.names.has(skill.name) || counts.get(skill.name) !== 1) continue;
      if (selected.some((other) => other.name === skill.name)) continue;
      take(skill);
    }
  }
  return selected;
}

/**
 * The model-context messages carrying the selected skills' `SKILL.md`
 * bodies (one user message each, after the user's own message), and a
 * warning for each that could not be read.
 */
export async function skillInjections(skills: readonly Skill[]): Promise<{ items: JsonValue[]; warnings: string[] }> {
  const items: JsonValue[] = [];
  const warnings: string[] = [];
  for (const skill of skills) {
    try {
      const contents = await readFile(skill.path, "utf8");
      items.push({
        type: "message",
        role: "user",
        content: [{ type: "input_text", text: `<skill>\n<name>${skill.name}</name>\n<path>${skill.path}</path>\n${contents}\n</skill>` }],
      });
    } catch (error) {
      warnings.push(`Failed to load skill ${skill.name} at ${skill.path}: ${(error as Error).message}`);
    }
  }
  return { items, warnings };
}
