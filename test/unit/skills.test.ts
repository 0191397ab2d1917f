import { mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SYSTEM_SKILLS_MARKER, systemSkillsFingerprint } from "../../src/core/skills/system/index.js";
import { InProcessServer } from "../helpers/in-process-server.js";
import { parseYaml } from "../../src/core/skills/frontmatter.js";

let server: InProcessServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function tmp(prefix: string): string {
  return realpathSync(mkdtempSync(path.join(os.tmpdir(), prefix)));
}

/** Writes `<dir>/SKILL.md` with `frontmatter` between `---` lines (or the raw text when `raw`). */
function skill(dir: string, frontmatter: string, raw = false): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "SKILL.md");
  writeFileSync(file, raw ? frontmatter : `---\n${frontmatter}\n---\n\n# Body\n`);
  return file;
}

/** A project (`.git` at its root) with a nested cwd, and a CODEX_HOME. */
function layout() {
  const codexHome = tmp("aas-skills-home-");
  const project = tmp("aas-skills-repo-");
  mkdirSync(path.join(project, ".git"));
  const cwd = path.join(project, "pkg");
  mkdirSync(path.join(cwd, ".codex"), { recursive: true });
  return { codexHome, project, cwd };
}

describe("skills/list", () => {
  it("finds skills in every root with their scope, sorted repo → user → system, and reports broken ones with the reason", async () => {
    const { codexHome, project, cwd } = layout();
    const user = skill(path.join(codexHome, "skills", "notes"), 'name: notes\ndescription: "Write notes."\nmetadata:\n  short-description: Notes');
    const system = skill(path.join(codexHome, "skills", ".system", "skill-creator"), "name: skill-creator\ndescription: Create skills.");
    skill(path.join(codexHome, "skills", ".system", "broken"), "no frontmatter", true);
    const repoAgents = skill(path.join(project, ".agents", "skills", "deploy"), "name: deploy\ndescription: >\n  Deploy the\n  service.");
    const repoCodex = skill(path.join(cwd, ".codex", "skills", "group", "lint"), "name: lint\ndescription: Run the linters.");
    mkdirSync(path.join(path.dirname(repoCodex), "agents"));
    writeFileSync(
      path.join(path.dirname(repoCodex), "agents", "openai.yaml"),
      "interface:\n  display_name: Lint\n  brand_color: '#112233'\n  icon_small: ./assets/lint.png\ndependencies:\n  tools:\n    - type: mcp\n      value: eslint\n",
    );
    const noFrontmatter = skill(path.join(codexHome, "skills", "plain"), "# Just a heading\n", true);
    const badYaml = skill(path.join(codexHome, "skills", "quoted"), 'name: "unterminated\ndescription: x');
    const noDescription = skill(path.join(codexHome, "skills", "nodesc"), "name: nodesc");
    const tooLong = skill(path.join(codexHome, "skills", "long"), `name: ${"n".repeat(65)}\ndescription: x`);
    // A marker matching the shipped fingerprint: the startup install keeps this hand-made .system as it is.
    writeFileSync(path.join(codexHome, "skills", ".system", SYSTEM_SKILLS_MARKER), `${systemSkillsFingerprint()}\n`);

    server = new InProcessServer({ codexHome });
    await server.initialize();
    const { data } = await server.call("skills/list", { cwds: [cwd] });
    expect(data).toHaveLength(1);
    expect(data[0].cwd).toBe(cwd);
    expect(data[0].skills).toEqual([
      { name: "deploy", description: "Deploy the service.", shortDescription: null, interface: null, dependencies: null, path: repoAgents, scope: "repo", enabled: true, pluginId: null },
      {
        name: "lint",
        description: "Run the linters.",
        shortDescription: null,
        interface: {
          displayName: "Lint",
          shortDescription: null,
          iconSmall: path.join(path.dirname(repoCodex), "assets", "lint.png"),
          iconSmallUrl: null,
          iconLarge: null,
          iconLargeUrl: null,
          brandColor: "#112233",
          defaultPrompt: null,
        },
        dependencies: { tools: [{ type: "mcp", value: "eslint", description: null, transport: null, command: null, url: null }] },
        path: repoCodex,
        scope: "repo",
        enabled: true,
        pluginId: null,
      },
      { name: "notes", description: "Write notes.", shortDescription: "Notes", interface: null, dependencies: null, path: user, scope: "user", enabled: true, pluginId: null },
      { name: "skill-creator", description: "Create skills.", shortDescription: null, interface: null, dependencies: null, path: system, scope: "system", enabled: true, pluginId: null },
    ]);
    // Broken skills are reported with their file and the reason; a broken system skill is not (Codex writes those itself).
    expect(data[0].errors).toEqual(
      expect.arrayContaining([
        { path: noFrontmatter, message: "missing YAML frontmatter delimited by ---" },
        { path: badYaml, message: expect.stringMatching(/^invalid YAML: line 1: unterminated double-quoted string/) },
        { path: noDescription, message: "missing field `description`" },
        { path: tooLong, message: "invalid name: exceeds maximum length of 64 characters" },
      ]),
    );
    expect(data[0].errors).toHaveLength(4);
  });

  it("adds skills/extraRoots/set roots as user skills, and refuses a relative root", async () => {
    const { codexHome, cwd } = layout();
    const extra = tmp("aas-skills-extra-");
    const file = skill(path.join(extra, "pack", "review"), "name: review\ndescription: Review code.");
    server = new InProcessServer({ codexHome });
    await server.initialize();
    expect((await server.call("skills/list", { cwds: [cwd] })).data[0].skills).toEqual([]);
    expect(await server.call("skills/extraRoots/set", { extraRoots: [extra] })).toEqual({});
    const listed = (await server.call("skills/list", { cwds: [cwd] })).data[0].skills;
    expect(listed).toEqual([expect.objectContaining({ name: "review", path: file, scope: "user", enabled: true, pluginId: null })]);
    const error = await server.callError("skills/extraRoots/set", { extraRoots: ["relative/dir"] });
    expect(error.code).toBe(-32600);
    expect(error.message).toContain("relative/dir");
  });

  it("sends skills/changed when a skill file appears or changes, and forceReload sees new files at once", async () => {
    const { codexHome, cwd } = layout();
    const root = path.join(codexHome, "skills");
    const first = skill(path.join(root, "first"), "name: first\ndescription: One.");
    server = new InProcessServer({ codexHome });
    await server.initialize();
    expect((await server.call("skills/list", { cwds: [cwd] })).data[0].skills.map((s: any) => s.name)).toEqual(["first"]);

    const second = skill(path.join(root, "second"), "name: second\ndescription: Two.");
    expect((await server.call("skills/list", { cwds: [cwd], forceReload: true })).data[0].skills.map((s: any) => s.path)).toEqual([first, second]);
    expect(await server.waitForNotification("skills/changed")).toEqual({});

    // An edit inside a skill folder is seen too, and the next listing reads the new text.
    const before = server.notifications("skills/changed").length;
    writeFileSync(first, "---\nname: first\ndescription: One, edited.\n---\n");
    await server.waitFor(() => server!.notifications("skills/changed").length > before);
    const edited = (await server.call("skills/list", { cwds: [cwd] })).data[0].skills;
    expect(edited[0]).toMatchObject({ name: "first", description: "One, edited." });
  });
});

describe("skills/config/write", () => {
  it("disables and re-enables a skill in config.toml, leaving the rest of the file as written", async () => {
    const { codexHome, cwd } = layout();
    const file = skill(path.join(codexHome, "skills", "notes"), "name: notes\ndescription: Write notes.");
    const configFile = path.join(codexHome, "config.toml");
    const original = '# my settings\nmodel = "gpt-5.1-codex" # pinned\n\n[tui]\n# keep quiet\nnotifications = false\n';
    writeFileSync(configFile, original);
    server = new InProcessServer({ codexHome });
    await server.initialize();

    expect(await server.call("skills/config/write", { path: file, enabled: false })).toEqual({ effectiveEnabled: false });
    const disabledText = readFileSync(configFile, "utf8");
    expect(disabledText.startsWith(original)).toBe(true);
    expect(disabledText).toContain(file);
    expect((await server.call("skills/list", { cwds: [cwd] })).data[0].skills[0]).toMatchObject({ name: "notes", enabled: false });

    expect(await server.call("skills/config/write", { path: file, enabled: true })).toEqual({ effectiveEnabled: true });
    // The entry is gone again; only the blank line that separated the removed table may stay behind.
    expect(readFileSync(configFile, "utf8").trimEnd()).toBe(original.trimEnd());
    expect((await server.call("skills/list", { cwds: [cwd] })).data[0].skills[0]).toMatchObject({ enabled: true });

    // By name, and the disabled skill leaves the model's list.
    expect(await server.call("skills/config/write", { name: "notes", enabled: false })).toEqual({ effectiveEnabled: false });
    expect((await server.call("skills/list", { cwds: [cwd] })).data[0].skills[0]).toMatchObject({ enabled: false });
    expect(readFileSync(configFile, "utf8").startsWith(original)).toBe(true);
  });

  it("refuses a write with no selector or both, and a config.toml that is not TOML is left alone", async () => {
    const { codexHome } = layout();
    server = new InProcessServer({ codexHome });
    await server.initialize();
    expect((await server.callError("skills/config/write", { enabled: false })).code).toBe(-32600);
    expect((await server.callError("skills/config/write", { enabled: false, name: "a", path: "/a/SKILL.md" })).code).toBe(-32600);
    const configFile = path.join(codexHome, "config.toml");
    writeFileSync(configFile, "model = [unclosed\n");
    const error = await server.callError("skills/config/write", { name: "notes", enabled: false });
    expect(error.message).toContain(configFile);
    expect(readFileSync(configFile, "utf8")).toBe("model = [unclosed\n");
  });
});

describe("SKILL.md frontmatter", () => {
  it("reads the YAML skills use: quoted and plain scalars, block scalars, nested maps, lists", () => {
    expect(parseYaml("name: a\ndescription: 'it''s'\nmetadata:\n  short-description: \"x\\ty\"\ntags: [one, two]\nlist:\n  - p\n  - q\nbody: |\n  line 1\n  line 2\n")).toEqual({
      name: "a",
      description: "it's",
      metadata: { "short-description": "x\ty" },
      tags: ["one", "two"],
      list: ["p", "q"],
      body: "line 1\nline 2\n",
    });
  });
});
