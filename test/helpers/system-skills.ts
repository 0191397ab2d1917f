import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SYSTEM_SKILLS_MARKER, systemSkillsFingerprint, systemSkillsRoot } from "../../src/core/skills/system/index.js";

/**
 * Test servers start without the shipped system skills, so prompts and skill
 * lists hold only what a test puts there: an empty `skills/.system` whose
 * marker matches the shipped fingerprint makes the startup install skip, as an
 * up-to-date copy would. A CODEX_HOME that already has `.system` is left alone.
 */
export function withoutSystemSkills(codexHome: string): void {
  const root = systemSkillsRoot(codexHome);
  if (existsSync(root)) return;
  mkdirSync(root, { recursive: true });
  writeFileSync(path.join(root, SYSTEM_SKILLS_MARKER), `${systemSkillsFingerprint()}\n`);
}
