import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { SystemSkillFile } from "./files.js";
import { imagegenSkill } from "./imagegen.js";
import { openaiDocsSkill } from "./openai-docs.js";
import { reviewAgentSkill } from "./review-agent.js";
import { skillCreatorSkill } from "./skill-creator.js";
import { skillInstallerSkill } from "./skill-installer.js";

/**
 * The skills this server ships, installed as the reference installs its own:
 * at startup into `$CODEX_HOME/skills/.system`, with a marker file holding a
 * fingerprint of the shipped files. A matching marker skips the work; any
 * other state (no folder, no marker, older files) replaces the folder whole.
 * `[skills.bundled] enabled = false` removes it instead.
 */

export const SYSTEM_SKILLS_DIR = ".system";
export const SYSTEM_SKILLS_MARKER = ".codex-system-skills.marker";

export const SYSTEM_SKILL_FILES: readonly SystemSkillFile[] = [...imagegenSkill, ...openaiDocsSkill, ...reviewAgentSkill, ...skillCreatorSkill, ...skillInstallerSkill];

export function systemSkillsRoot(codexHome: string): string {
  return path.join(codexHome, "skills", SYSTEM_SKILLS_DIR);
}

/** 16 hex digits over every shipped path and text, so any change to them reinstalls. */
export function systemSkillsFingerprint(files: readonly SystemSkillFile[] = SYSTEM_SKILL_FILES): string {
  const hash = createHash("sha256").update("system-skills/v1\0");
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) hash.update(`${file.path}\0${file.content}\0`);
  return hash.digest("hex").slice(0, 16);
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function markerText(marker: string): string | null {
  try {
    return readFileSync(marker, "utf8").trim();
  } catch {
    return null;
  }
}

/** Writes the shipped skills unless the installed copy carries the same fingerprint. */
export function installSystemSkills(codexHome: string, files: readonly SystemSkillFile[] = SYSTEM_SKILL_FILES): void {
  const root = systemSkillsRoot(codexHome);
  const marker = path.join(root, SYSTEM_SKILLS_MARKER);
  const fingerprint = systemSkillsFingerprint(files);
  if (isDirectory(root) && markerText(marker) === fingerprint) return;
  rmSync(root, { recursive: true, force: true });
  for (const file of files) {
    const target = path.join(root, file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.content);
    if (file.path.split("/").includes("scripts")) chmodSync(target, 0o755);
  }
  writeFileSync(marker, `${fingerprint}\n`);
}

export function uninstallSystemSkills(codexHome: string): void {
  rmSync(systemSkillsRoot(codexHome), { recursive: true, force: true });
}

/** `[skills.bundled] enabled` (true unless set to false). */
export function bundledSkillsEnabled(values: Record<string, unknown>): boolean {
  const skills = values.skills;
  if (skills === null || typeof skills !== "object" || Array.isArray(skills)) return true;
  const bundled = (skills as Record<string, unknown>).bundled;
  if (bundled === null || typeof bundled !== "object" || Array.isArray(bundled)) return true;
  return (bundled as Record<string, unknown>).enabled !== false;
}
