import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "smol-toml";
import { afterEach, describe, expect, it } from "vitest";
import { ServerProcess } from "../helpers/server-process.js";

const servers: ServerProcess[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A user's home holding Claude Code's settings, with `$CODEX_HOME` at `~/.codex`. */
function claudeHome(): { home: string; codexHome: string; repo: string } {
  const home = realpathSync(mkdtempSync(path.join(os.tmpdir(), "aas-external-agent-")));
  const codexHome = path.join(home, ".codex");
  const repo = path.join(home, "project");
  const write = (relative: string, text: string) => {
    mkdirSync(path.dirname(path.join(home, relative)), { recursive: true });
    writeFileSync(path.join(home, relative), text);
  };
  write(
    ".claude/settings.json",
    JSON.stringify({
      env: { API_BASE: "https://example.test", RETRIES: 3 },
      sandbox: { enabled: true },
      hooks: {
        PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "echo pre", statusMessage: "Claude checks" }] }],
        Stop: [{ hooks: [{ type: "command", command: "echo stop", timeout: 5 }] }],
        Notification: [{ hooks: [{ type: "command", command: "echo unsupported" }] }],
      },
    }),
  );
  write(
    ".claude.json",
    JSON.stringify({
      mcpServers: {
        docs: { command: "node", args: ["docs.js"], env: { A: "1", TOKEN: "${TOKEN}" } },
        web: { type: "http", url: "https://mcp.example.test/mcp", headers: { Authorization: "Bearer ${WEB_TOKEN}" } },
        expands: { command: "${TOOLS}/bin/server" },
      },
    }),
  );
  write(".claude/CLAUDE.md", "# Notes for Claude\nClaude Code reads CLAUDE.md.\n");
  write(".claude/skills/lint/SKILL.md", "---\nname: lint\ndescription: Lint like Claude\n---\nRun the linter, Claude.\n");
  write(".claude/skills/lint/scripts/run.sh", "#!/bin/sh\necho lint\n");
  write(".claude/agents/reviewer.md", "---\nname: reviewer\ndescription: Reviews code\neffort: max\npermissionMode: acceptEdits\n---\nYou review diffs.\n");
  write(".claude/commands/tidy.md", "---\ndescription: Tidy the tree\n---\nTidy up the working tree.\n");
  write(".claude/commands/greet.md", "---\ndescription: Greet\n---\nSay hi to $ARGUMENTS\n");
  write(".codex/config.toml", '# my settings\nmodel = "gpt-5.4" # pinned\n\n[tui]\nanimations = false\n');
  write("project/CLAUDE.md", "Project rules for claude.\n");
  write("project/.claude/settings.json", JSON.stringify({ env: { PROJECT: "1" } }));
  write("project/.mcp.json", JSON.stringify({ mcpServers: { repoTools: { command: "repo-mcp" } } }));
  write("project/.claude/skills/deploy/SKILL.md", "---\nname: deploy\ndescription: Deploy\n---\nDeploy it.\n");
  mkdirSync(path.join(repo, ".git"));
  return { home, codexHome, repo };
}

async function start(home: string, codexHome: string): Promise<ServerProcess> {
  const server = new ServerProcess({ codexHome, env: { HOME: home } });
  servers.push(server);
  await server.initialize();
  return server;
}

const emptyDetails = { plugins: [], skills: [], sessions: [], mcpServers: [], hooks: [], subagents: [], commands: [] };

describe("externalAgentConfig", () => {
  it("detects Claude Code's settings at home and in a repository, imports them with progress and completion, and detects nothing afterwards", async () => {
    const { home, codexHome, repo } = claudeHome();
    const server = await start(home, codexHome);
    const configFile = path.join(codexHome, "config.toml");

    const detected = await server.call("externalAgentConfig/detect", { includeHome: true, cwds: [repo] });
    expect(detected.connectors).toEqual([]);
    expect(detected.items).toEqual([
      { itemType: "CONFIG", description: `Migrate ${home}/.claude/settings.json into ${configFile}`, cwd: null, details: null },
      {
        itemType: "MCP_SERVER_CONFIG",
        description: `Migrate MCP servers from ${home} into ${configFile}`,
        cwd: null,
        details: { ...emptyDetails, mcpServers: [{ name: "docs" }, { name: "web" }] },
      },
      {
        itemType: "HOOKS",
        description: `Migrate hooks from ${home}/.claude to ${codexHome}/hooks.json`,
        cwd: null,
        details: { ...emptyDetails, hooks: [{ name: "PreToolUse" }, { name: "Stop" }] },
      },
      {
        itemType: "SKILLS",
        description: `Migrate skills from ${home}/.claude/skills to ${home}/.agents/skills`,
        cwd: null,
        details: { ...emptyDetails, skills: [{ name: "lint" }] },
      },
      {
        itemType: "COMMANDS",
        description: `Migrate commands from ${home}/.claude/commands to ${home}/.agents/skills`,
        cwd: null,
        details: { ...emptyDetails, commands: [{ name: "source-command-tidy" }] },
      },
      {
        itemType: "SUBAGENTS",
        description: `Migrate subagents from ${home}/.claude/agents to ${codexHome}/agents`,
        cwd: null,
        details: { ...emptyDetails, subagents: [{ name: "reviewer" }] },
      },
      { itemType: "AGENTS_MD", description: `Migrate ${home}/.claude/CLAUDE.md to ${codexHome}/AGENTS.md`, cwd: null, details: null },
      { itemType: "CONFIG", description: `Migrate ${repo}/.claude/settings.json into ${repo}/.codex/config.toml`, cwd: repo, details: null },
      {
        itemType: "MCP_SERVER_CONFIG",
        description: `Migrate MCP servers from ${repo} into ${repo}/.codex/config.toml`,
        cwd: repo,
        details: { ...emptyDetails, mcpServers: [{ name: "repoTools" }] },
      },
      {
        itemType: "SKILLS",
        description: `Migrate skills from ${repo}/.claude/skills to ${repo}/.agents/skills`,
        cwd: repo,
        details: { ...emptyDetails, skills: [{ name: "deploy" }] },
      },
      { itemType: "AGENTS_MD", description: `Migrate ${repo}/CLAUDE.md to ${repo}/AGENTS.md`, cwd: repo, details: null },
    ]);

    const { importId } = await server.call("externalAgentConfig/import", { migrationItems: detected.items });
    expect(importId).toMatch(/^[0-9a-f-]{36}$/);
    const completed = await server.waitForNotification("externalAgentConfig/import/completed", (p) => p.importId === importId);
    const progress = server.notifications("externalAgentConfig/import/progress").map((m) => m.params as any);
    expect(progress.map((p) => p.itemTypeResults.map((r: any) => r.itemType))).toEqual(detected.items.map((item: any) => [item.itemType]));
    expect(progress.every((p) => p.importId === importId)).toBe(true);
    const ok = (itemType: string, cwd: string | null, source: string, target = source) => ({ itemType, cwd, source, target, title: null });
    expect(completed.itemTypeResults).toEqual([
      {
        itemType: "CONFIG",
        successes: [ok("CONFIG", null, `${home}/.claude/settings.json`, configFile), ok("CONFIG", repo, `${repo}/.claude/settings.json`, `${repo}/.codex/config.toml`)],
        failures: [],
      },
      { itemType: "SKILLS", successes: [ok("SKILLS", null, "lint"), ok("SKILLS", repo, "deploy")], failures: [] },
      {
        itemType: "AGENTS_MD",
        successes: [ok("AGENTS_MD", null, `${home}/.claude/CLAUDE.md`, `${codexHome}/AGENTS.md`), ok("AGENTS_MD", repo, `${repo}/CLAUDE.md`, `${repo}/AGENTS.md`)],
        failures: [],
      },
      {
        itemType: "MCP_SERVER_CONFIG",
        successes: [ok("MCP_SERVER_CONFIG", null, "docs"), ok("MCP_SERVER_CONFIG", null, "web"), ok("MCP_SERVER_CONFIG", repo, "repoTools")],
        failures: [],
      },
      { itemType: "SUBAGENTS", successes: [ok("SUBAGENTS", null, "reviewer")], failures: [] },
      { itemType: "HOOKS", successes: [ok("HOOKS", null, "PreToolUse"), ok("HOOKS", null, "Stop")], failures: [] },
      { itemType: "COMMANDS", successes: [ok("COMMANDS", null, "source-command-tidy")], failures: [] },
    ]);

    // The user's config.toml keeps its comments and values; only what was missing is added.
    const config = readFileSync(configFile, "utf8");
    expect(config.startsWith('# my settings\nmodel = "gpt-5.4" # pinned\n')).toBe(true);
    expect(parse(config)).toEqual({
      model: "gpt-5.4",
      sandbox_mode: "workspace-write",
      tui: { animations: false },
      shell_environment_policy: { inherit: "core", set: { API_BASE: "https://example.test", RETRIES: "3" } },
      mcp_servers: {
        docs: { command: "node", args: ["docs.js"], env_vars: ["TOKEN"], env: { A: "1" } },
        web: { url: "https://mcp.example.test/mcp", bearer_token_env_var: "WEB_TOKEN" },
      },
    });
    expect(parse(readFileSync(path.join(repo, ".codex", "config.toml"), "utf8"))).toEqual({
      shell_environment_policy: { inherit: "core", set: { PROJECT: "1" } },
      mcp_servers: { repoTools: { command: "repo-mcp" } },
    });
    expect(JSON.parse(readFileSync(path.join(codexHome, "hooks.json"), "utf8"))).toEqual({
      hooks: {
        PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "echo pre", statusMessage: "Codex checks" }] }],
        Stop: [{ hooks: [{ type: "command", command: "echo stop", timeout: 5 }] }],
      },
    });
    expect(readFileSync(path.join(codexHome, "AGENTS.md"), "utf8")).toBe("# Notes for Codex\nCodex reads AGENTS.md.\n");
    expect(readFileSync(path.join(repo, "AGENTS.md"), "utf8")).toBe("Project rules for Codex.\n");
    expect(readFileSync(path.join(home, ".agents/skills/lint/SKILL.md"), "utf8")).toBe("---\nname: lint\ndescription: Lint like Codex\n---\nRun the linter, Codex.\n");
    expect(readFileSync(path.join(home, ".agents/skills/lint/scripts/run.sh"), "utf8")).toBe("#!/bin/sh\necho lint\n");
    expect(existsSync(path.join(repo, ".agents/skills/deploy/SKILL.md"))).toBe(true);
    expect(readFileSync(path.join(home, ".agents/skills/source-command-tidy/SKILL.md"), "utf8")).toBe(
      '---\nname: "source-command-tidy"\ndescription: "Tidy the tree"\n---\n\n# source-command-tidy\n\n' +
        "Use this skill when the user asks to run the migrated source command `tidy`.\n\n## Command Template\n\nTidy up the working tree.\n",
    );
    expect(parse(readFileSync(path.join(codexHome, "agents/reviewer.toml"), "utf8"))).toEqual({
      name: "reviewer",
      description: "Reviews code",
      model_reasoning_effort: "xhigh",
      sandbox_mode: "workspace-write",
      developer_instructions: "You review diffs.",
    });

    // The imported settings are in effect for what comes next.
    const read = await server.call("config/read", {});
    expect(read.config.sandbox_mode).toBe("workspace-write");
    // Everything migrated: nothing is left to offer.
    expect((await server.call("externalAgentConfig/detect", { includeHome: true, cwds: [repo] })).items).toEqual([]);
  });

  it("a config.toml that does not parse: detect answers the reason, import reports a failure, and the file is untouched", async () => {
    const { home, codexHome } = claudeHome();
    const configFile = path.join(codexHome, "config.toml");
    const broken = 'model = "gpt-5.4"\n[tui\nanimations = false\n';
    writeFileSync(configFile, broken);
    const server = await start(home, codexHome);

    const error = await server.callError("externalAgentConfig/detect", { includeHome: true });
    expect(error.code).toBe(-32603);
    expect(error.message).toMatch(/^invalid existing config\.toml: /);
    expect(error.message).toContain(configFile);

    const { importId } = await server.call("externalAgentConfig/import", {
      migrationItems: [
        { itemType: "CONFIG", description: "settings", cwd: null },
        { itemType: "AGENTS_MD", description: "instructions" },
      ],
    });
    const completed = await server.waitForNotification("externalAgentConfig/import/completed", (p) => p.importId === importId);
    expect(completed.itemTypeResults[0]).toEqual({
      itemType: "CONFIG",
      successes: [],
      failures: [
        {
          itemType: "CONFIG",
          errorType: "invalid_existing_config",
          subErrorType: null,
          failureStage: "import_request_failed",
          message: expect.stringMatching(/^invalid existing config\.toml: /),
          cwd: null,
          source: null,
        },
      ],
    });
    // The other item still goes through.
    expect(completed.itemTypeResults[1].successes).toHaveLength(1);
    expect(readFileSync(configFile, "utf8")).toBe(broken);
  });

  it("broken other-agent files: a settings.json that is not JSON fails detection; a skill with bad frontmatter fails the skills import and copies nothing", async () => {
    const { home, codexHome } = claudeHome();
    writeFileSync(path.join(home, ".claude/skills/lint/SKILL.md"), "---\nname: [unclosed\n---\nbody\n");
    const server = await start(home, codexHome);
    const { importId } = await server.call("externalAgentConfig/import", { migrationItems: [{ itemType: "SKILLS", description: "skills" }] });
    const completed = await server.waitForNotification("externalAgentConfig/import/completed", (p) => p.importId === importId);
    expect(completed.itemTypeResults).toEqual([
      {
        itemType: "SKILLS",
        successes: [],
        failures: [expect.objectContaining({ errorType: "external_agent_config_import_error", message: expect.stringContaining(`invalid skills: ${home}/.claude/skills/lint/SKILL.md`) })],
      },
    ]);
    expect(existsSync(path.join(home, ".agents/skills/lint"))).toBe(false);

    writeFileSync(path.join(home, ".claude/settings.json"), "{ not json");
    const error = await server.callError("externalAgentConfig/detect", { includeHome: true });
    expect(error.code).toBe(-32603);
  });
});
