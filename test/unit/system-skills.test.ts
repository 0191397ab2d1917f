import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSkills, skillRootsFor } from "../../src/core/skills/loader.js";
import {
  bundledSkillsEnabled,
  installSystemSkills,
  SYSTEM_SKILL_FILES,
  SYSTEM_SKILLS_MARKER,
  systemSkillsFingerprint,
  systemSkillsRoot,
  uninstallSystemSkills,
} from "../../src/core/skills/system/index.js";

const home = () => mkdtempSync(path.join(os.tmpdir(), "aas-system-skills-"));

describe("shipped system skills", () => {
  it("are the reference's five, by name, each a valid skill; all but review-agent may be used without being named", () => {
    const codexHome = home();
    installSystemSkills(codexHome);
    const root = systemSkillsRoot(codexHome);
    expect(readdirSync(root).sort()).toEqual([SYSTEM_SKILLS_MARKER, "imagegen", "openai-docs", "review-agent", "skill-creator", "skill-installer"]);
    const outcome = loadSkills(skillRootsFor(codexHome, { codexHome, homeDir: null, systemConfigDir: null, extraRoots: [], projectRootMarkers: [".git"] }));
    expect(outcome.errors).toEqual([]);
    expect(outcome.skills.map((s) => [s.name, s.scope, s.implicitInvocation])).toEqual([
      ["imagegen", "system", true],
      ["openai-docs", "system", true],
      ["review-agent", "system", false],
      ["skill-creator", "system", true],
      ["skill-installer", "system", true],
    ]);
    for (const skill of outcome.skills) {
      expect(skill.description.length).toBeGreaterThan(40);
      expect(skill.interface?.displayName).toBeTruthy();
    }
    expect(outcome.skills.find((s) => s.name === "skill-creator")!.shortDescription).toBe("Create or update a skill");
    // Scripts are executable; icons are files under the skill's assets/.
    expect(statSync(path.join(root, "imagegen", "scripts", "image_gen.py")).mode & 0o111).not.toBe(0);
    expect(existsSync(outcome.skills[0]!.interface!.iconSmall!)).toBe(true);
  });

  it("writes a marker holding the fingerprint; a matching marker leaves the folder alone, anything else replaces it whole", () => {
    const codexHome = home();
    installSystemSkills(codexHome);
    const root = systemSkillsRoot(codexHome);
    const fingerprint = systemSkillsFingerprint();
    expect(fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(readFileSync(path.join(root, SYSTEM_SKILLS_MARKER), "utf8")).toBe(`${fingerprint}\n`);

    const skillMd = path.join(root, "imagegen", "SKILL.md");
    writeFileSync(skillMd, "edited by hand");
    writeFileSync(path.join(root, "stray.txt"), "x");
    installSystemSkills(codexHome);
    expect(readFileSync(skillMd, "utf8")).toBe("edited by hand");

    writeFileSync(path.join(root, SYSTEM_SKILLS_MARKER), "stale\n");
    installSystemSkills(codexHome);
    expect(readFileSync(skillMd, "utf8")).toBe(SYSTEM_SKILL_FILES.find((f) => f.path === "imagegen/SKILL.md")!.content);
    expect(existsSync(path.join(root, "stray.txt"))).toBe(false);

    rmSync(path.join(root, SYSTEM_SKILLS_MARKER));
    rmSync(path.join(root, "openai-docs"), { recursive: true });
    installSystemSkills(codexHome);
    expect(existsSync(path.join(root, "openai-docs", "SKILL.md"))).toBe(true);
  });

  it("the fingerprint changes with any shipped path or text", () => {
    const files = [{ path: "a/SKILL.md", content: "one" }];
    expect(systemSkillsFingerprint(files)).toBe(systemSkillsFingerprint([...files]));
    expect(systemSkillsFingerprint([{ path: "a/SKILL.md", content: "two" }])).not.toBe(systemSkillsFingerprint(files));
    expect(systemSkillsFingerprint([{ path: "b/SKILL.md", content: "one" }])).not.toBe(systemSkillsFingerprint(files));
  });

  it("[skills.bundled] enabled = false turns them off (removed), anything else keeps them", () => {
    expect(bundledSkillsEnabled({})).toBe(true);
    expect(bundledSkillsEnabled({ skills: { bundled: { enabled: true } } })).toBe(true);
    expect(bundledSkillsEnabled({ skills: { bundled: {} } })).toBe(true);
    expect(bundledSkillsEnabled({ skills: { bundled: { enabled: false } } })).toBe(false);
    const codexHome = home();
    installSystemSkills(codexHome);
    uninstallSystemSkills(codexHome);
    expect(existsSync(systemSkillsRoot(codexHome))).toBe(false);
  });
});
