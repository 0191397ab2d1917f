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

function tempHome(): { home: string; codexHome: string; write: (relative: string, text: string) => void } {
  const home = realpathSync(mkdtempSync(path.join(os.tmpdir(), "aas-external-agent-more-")));
  const write = (relative: string, text: string) => {
    mkdirSync(path.dirname(path.join(home, relative)), { recursive: true });
    writeFileSync(path.join(home, relative), text);
  };
  return { home, codexHome: path.join(home, ".codex"), write };
}

async function start(home: string, codexHome: string): Promise<ServerProcess> {
  const server = new ServerProcess({ codexHome, env: { HOME: home } });
  servers.push(server);
  await server.initialize();
  return server;
}

async function importAll(server: ServerProcess, migrationItems: unknown[]): Promise<{ progress: any[]; completed: any }> {
  const { importId } = await server.call("externalAgentConfig/import", { migrationItems });
  const completed = await server.waitForNotification("externalAgentConfig/import/completed", (p) => p.importId === importId, 30_000);
  const progress = server
    .notifications("externalAgentConfig/import/progress")
    .map((m) => m.params as any)
    .filter((p) => p.importId === importId);
  return { progress, completed };
}

const emptyDetails = { plugins: [], skills: [], sessions: [], mcpServers: [], hooks: [], subagents: [], commands: [] };

describe("externalAgentConfig plugins", () => {
  it("installs enabled plugins from local marketplaces into plugins/cache and config.toml, reports those it cannot install, and clones git marketplaces last", async () => {
    const { home, codexHome, write } = tempHome();
    const known = path.join(home, ".claude/plugins/marketplaces/localmp");
    write(
      ".claude/plugins/known_marketplaces.json",
      JSON.stringify({ localmp: { source: { source: "directory", path: known }, installLocation: known } }),
    );
    write(
      ".claude/plugins/marketplaces/localmp/.claude-plugin/marketplace.json",
      JSON.stringify({ name: "localmp", plugins: [{ name: "hello", source: "./plugins/hello" }, { name: "bare", source: "./plugins/bare" }] }),
    );
    write(".claude/plugins/marketplaces/localmp/plugins/hello/.claude-plugin/plugin.json", JSON.stringify({ name: "hello", version: "1.2.0" }));
    write(".claude/plugins/marketplaces/localmp/plugins/hello/skills/hi/SKILL.md", "---\nname: hi\ndescription: Say hi\n---\nSay hi.\n");
    write(".claude/plugins/marketplaces/localmp/plugins/bare/README.md", "no manifest\n");
    write("mine/.claude-plugin/marketplace.json", JSON.stringify({ name: "mine-real", plugins: [{ name: "tool", source: "./tool" }] }));
    write("mine/tool/.codex-plugin/plugin.json", JSON.stringify({ name: "tool" }));
    write(
      ".claude/settings.json",
      JSON.stringify({
        enabledPlugins: {
          "hello@localmp": true,
          "gone@localmp": true,
          "bare@localmp": true,
          "off@localmp": false,
          "tool@mine": true,
          "x@remote": true,
          "y@nowhere": true,
        },
        extraKnownMarketplaces: {
          mine: { source: { source: "directory", path: path.join(home, "mine") } },
          // A git marketplace nobody can reach: the clone fails fast.
          remote: { source: { source: "git", url: "https://127.0.0.1:1/plugins.git" } },
          nowhere: { source: { source: "directory", path: path.join(home, "missing") } },
        },
      }),
    );
    mkdirSync(path.join(home, "project/.git"), { recursive: true });
    const server = await start(home, codexHome);

    const detected = await server.call("externalAgentConfig/detect", { includeHome: true, cwds: [path.join(home, "project")] });
    const plugins = {
      itemType: "PLUGINS",
      description: `Migrate enabled plugins from ${home}/.claude/settings.json`,
      cwd: null,
      details: {
        ...emptyDetails,
        plugins: [
          { marketplaceName: "localmp", pluginNames: ["bare", "gone", "hello"] },
          { marketplaceName: "mine", pluginNames: ["tool"] },
          { marketplaceName: "remote", pluginNames: ["x"] },
        ],
      },
    };
    expect(detected.items).toEqual([plugins]);

    const { progress, completed } = await importAll(server, [
      plugins,
      { itemType: "PLUGINS", description: "from a repository", cwd: path.join(home, "project"), details: plugins.details },
    ]);
    const failure = (source: string | null, message: string, errorType: string | null = null, cwd: string | null = null) => ({
      itemType: "PLUGINS",
      errorType,
      subErrorType: null,
      failureStage: "plugin_import",
      message,
      cwd,
      source,
    });
    const ok = (id: string) => ({ itemType: "PLUGINS", cwd: null, source: id, target: id, title: null });
    expect(progress.map((p) => p.itemTypeResults)).toEqual([
      [
        {
          itemType: "PLUGINS",
          successes: [ok("hello@localmp"), ok("tool@mine")],
          failures: [failure("bare@localmp", "missing plugin.json"), failure("gone@localmp", "plugin `gone` was not found in marketplace `localmp`", "plugin_not_found")],
        },
      ],
      [{ itemType: "PLUGINS", successes: [], failures: [failure(null, "repository-scoped plugin migration is not allowed", null, path.join(home, "project"))] }],
      [{ itemType: "PLUGINS", successes: [], failures: [expect.objectContaining({ source: "x@remote", failureStage: "plugin_import" })] }],
    ]);
    const cloneFailure = progress[2].itemTypeResults[0].failures[0].message as string;
    expect(cloneFailure).toMatch(
      new RegExp(`^git clone https://127\\.0\\.0\\.1:1/plugins\\.git ${codexHome}/\\.tmp/marketplaces/\\.staging/marketplace-[^/]+/checkout failed with status exit status: \\d+\\nstdout:\\n.*\\nstderr:\\n`, "s"),
    );
    expect(completed.itemTypeResults).toHaveLength(1);
    expect(completed.itemTypeResults[0].successes).toHaveLength(2);
    expect(completed.itemTypeResults[0].failures).toHaveLength(4);

    expect(parse(readFileSync(path.join(codexHome, "config.toml"), "utf8"))).toEqual({
      marketplaces: {
        localmp: { source_type: "local", source: known },
        "mine-real": { source_type: "local", source: path.join(home, "mine") },
      },
      plugins: { "hello@localmp": { enabled: true }, "tool@mine-real": { enabled: true } },
    });
    expect(readFileSync(path.join(codexHome, "plugins/cache/localmp/hello/1.2.0/skills/hi/SKILL.md"), "utf8")).toContain("Say hi.");
    expect(existsSync(path.join(codexHome, "plugins/cache/mine-real/tool/local/.codex-plugin/plugin.json"))).toBe(true);
    expect(existsSync(path.join(codexHome, "plugins/cache/localmp/bare"))).toBe(false);

    // Installed plugins are no longer offered; of a configured marketplace, only what its manifest lists is.
    const again = await server.call("externalAgentConfig/detect", { includeHome: true });
    expect(again.items.map((item: any) => item.details.plugins)).toEqual([
      [
        { marketplaceName: "localmp", pluginNames: ["bare"] },
        { marketplaceName: "mine", pluginNames: ["tool"] },
        { marketplaceName: "remote", pluginNames: ["x"] },
      ],
    ]);
  });
});

describe("externalAgentConfig sessions, hooks and memory", () => {
  it("imports a recent Claude Code session as a thread with one turn per request, stops offering it, and reports a path that is not a session", async () => {
    const { home, codexHome, write } = tempHome();
    const cwd = path.join(home, "work");
    mkdirSync(cwd);
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    const line = (record: object) => JSON.stringify(record);
    const transcript = path.join(home, ".claude/projects/-work/s1.jsonl");
    write(
      ".claude/projects/-work/s1.jsonl",
      [
        line({ type: "summary", summary: "Fix the bug" }),
        line({ type: "user", cwd, timestamp: at(10), isMeta: true, message: { role: "user", content: "<command-name>/clear</command-name>" } }),
        line({ type: "user", cwd, timestamp: at(9), message: { role: "user", content: [{ type: "text", text: "Please fix the parser bug" }] } }),
        line({
          type: "assistant",
          cwd,
          timestamp: at(8),
          message: { role: "assistant", content: [{ type: "thinking", thinking: "hmm" }, { type: "text", text: "Looking." }, { type: "tool_use", id: "t1", name: "Bash", input: { command: "ls" } }] },
        }),
        line({ type: "user", cwd, timestamp: at(7), message: { role: "user", content: [{ type: "tool_result", tool_use_id: "t1", content: "a.txt" }] } }),
        line({ type: "assistant", cwd, timestamp: at(6), message: { role: "assistant", content: [{ type: "text", text: "Fixed it." }] } }),
        line({ type: "user", cwd, timestamp: at(5), isSidechain: true, message: { role: "user", content: "side" } }),
        line({ type: "user", cwd, timestamp: at(4), message: { role: "user", content: "Thanks, now add tests" } }),
        line({ type: "assistant", cwd, timestamp: at(3), message: { role: "assistant", content: [{ type: "text", text: "Tests added." }] } }),
      ].join("\n") + "\n",
    );
    write(".claude/projects/-work/nocwd.jsonl", line({ type: "user", timestamp: at(1), message: { role: "user", content: "no cwd" } }) + "\n");
    const server = await start(home, codexHome);

    const detected = await server.call("externalAgentConfig/detect", { includeHome: true });
    const sessions = {
      itemType: "SESSIONS",
      description: `Migrate recent sessions from ${home}/.claude/projects`,
      cwd: null,
      details: { ...emptyDetails, sessions: [{ path: transcript, cwd, title: "Please fix the parser bug" }] },
    };
    expect(detected.items).toEqual([sessions]);
    expect((await server.call("externalAgentConfig/detect", { includeHome: true, maxSessions: 0 })).items).toEqual([]);

    const outside = path.join(home, "elsewhere.jsonl");
    const { progress, completed } = await importAll(server, [
      { ...sessions, details: { ...sessions.details, sessions: [...sessions.details.sessions, { path: outside, cwd }] } },
    ]);
    const notDetected = {
      itemType: "SESSIONS",
      errorType: null,
      subErrorType: "session_not_detected",
      failureStage: "session_missing",
      message: `external agent session was not detected for import: ${outside}`,
      cwd: null,
      source: outside,
    };
    expect(progress.map((p) => p.itemTypeResults[0].failures)).toEqual([[notDetected], []]);
    const threadId = progress[1].itemTypeResults[0].successes[0].target as string;
    expect(progress[1].itemTypeResults[0].successes).toEqual([{ itemType: "SESSIONS", cwd, source: transcript, target: threadId, title: "Please fix the parser bug" }]);
    expect(completed.itemTypeResults).toEqual([{ itemType: "SESSIONS", successes: progress[1].itemTypeResults[0].successes, failures: [notDetected] }]);

    const read = await server.call("thread/read", { threadId, includeTurns: true });
    expect(read.thread).toMatchObject({ id: threadId, preview: "Please fix the parser bug", cwd, historyMode: "legacy", status: { type: "notLoaded" } });
    const texts = read.thread.turns.map((turn: any) => ({ id: turn.id, items: turn.items.map((item: any) => item.text ?? item.content[0].text) }));
    expect(texts).toEqual([
      {
        id: "external-import-turn-1",
        items: [
          "Please fix the parser bug",
          "Looking.\n\n[external_agent_tool_call: Bash]\ncommand: ls\n[/external_agent_tool_call]",
          "[external_agent_tool_result]\na.txt\n[/external_agent_tool_result]",
          "Fixed it.",
        ],
      },
      { id: "external-import-turn-2", items: ["Thanks, now add tests", "Tests added.", "<EXTERNAL SESSION IMPORTED>"] },
    ]);
    expect((await server.call("thread/list", {})).data.map((thread: any) => thread.id)).toContain(threadId);
    const ledger = JSON.parse(readFileSync(path.join(codexHome, "external_agent_session_imports.json"), "utf8"));
    expect(ledger.records).toEqual([expect.objectContaining({ source_path: transcript, imported_thread_id: threadId, title: "Please fix the parser bug" })]);
    expect((await server.call("externalAgentConfig/detect", { includeHome: true })).items).toEqual([]);
  });

  it("copies hook scripts and points the migrated commands at the copies; refuses memory items while the feature is off", async () => {
    const { home, codexHome, write } = tempHome();
    write(
      ".claude/settings.json",
      JSON.stringify({
        hooks: {
          PreToolUse: [
            {
              matcher: "Bash",
              hooks: [
                { type: "command", command: '"$CLAUDE_PROJECT_DIR"/.claude/hooks/check.sh --strict' },
                { type: "command", command: "python3 ~/.claude/hooks/log.py" },
                { type: "command", command: "echo $CLAUDE_PROJECT_DIR" },
              ],
            },
          ],
        },
      }),
    );
    write(".claude/hooks/check.sh", "#!/bin/sh\nexit 0\n");
    write(".claude/hooks/log.py", "print(1)\n");
    const server = await start(home, codexHome);
    const detected = await server.call("externalAgentConfig/detect", { includeHome: true });
    await importAll(server, detected.items);
    const hooks = JSON.parse(readFileSync(path.join(codexHome, "hooks.json"), "utf8"));
    expect(hooks.hooks.PreToolUse[0].hooks.map((hook: any) => hook.command)).toEqual([
      `'${codexHome}/hooks/check.sh' --strict`,
      `python3 '${codexHome}/hooks/log.py'`,
      "echo $CLAUDE_PROJECT_DIR",
    ]);
    expect(readFileSync(path.join(codexHome, "hooks/check.sh"), "utf8")).toBe("#!/bin/sh\nexit 0\n");

    const refused = await server.callError("externalAgentConfig/import", {
      migrationItems: [{ itemType: "MEMORY", description: "memory", cwd: home, details: { memory: ["a fact"] } }],
    });
    expect(refused).toMatchObject({ code: -32600, message: "external agent memory import is disabled" });
  });
});
