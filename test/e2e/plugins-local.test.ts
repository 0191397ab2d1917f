import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { afterEach, describe, expect, it } from "vitest";
import { pluginHome, writeLocalMarketplace } from "../helpers/plugin-fixtures.js";
import { ServerProcess } from "../helpers/server-process.js";

const servers: ServerProcess[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(home: string, codexHome: string, experimentalApi = false): Promise<ServerProcess> {
  const server = new ServerProcess({ codexHome, env: { HOME: home } });
  servers.push(server);
  await server.initialize(experimentalApi ? { experimentalApi: true } : null);
  return server;
}

function config(codexHome: string): Record<string, unknown> {
  const file = path.join(codexHome, "config.toml");
  return existsSync(file) ? parse(readFileSync(file, "utf8")) : {};
}

describe("local plugin marketplaces", () => {
  it("adds a local marketplace, lists and reads its plugins, installs one into the cache and config, then uninstalls it and removes the marketplace", async () => {
    const { home, codexHome, write } = pluginHome();
    const { root, file } = writeLocalMarketplace(write, "mp");
    const server = await start(home, codexHome);

    expect(await server.call("plugin/list", {})).toEqual({ marketplaces: [], marketplaceLoadErrors: [], featuredPluginIds: [] });
    expect(await server.call("marketplace/add", { source: root })).toEqual({ marketplaceName: "localmp", installedRoot: root, alreadyAdded: false });
    expect(await server.call("marketplace/add", { source: `${root}/` })).toEqual({ marketplaceName: "localmp", installedRoot: root, alreadyAdded: true });
    expect(config(codexHome)).toEqual({ marketplaces: { localmp: { source_type: "local", source: root } } });

    const listed = await server.call("plugin/list", {});
    expect(listed.marketplaces).toHaveLength(1);
    const marketplace = listed.marketplaces[0];
    expect(marketplace).toMatchObject({ name: "localmp", path: file, interface: { displayName: "Local MP" } });
    expect(marketplace.plugins.map((p: any) => [p.id, p.localVersion, p.installed, p.enabled, p.authPolicy])).toEqual([
      ["alpha@localmp", "1.2.3", false, false, "ON_USE"],
      ["beta@localmp", null, false, false, "ON_INSTALL"],
    ]);
    const alpha = marketplace.plugins[0];
    expect(alpha.source).toEqual({ type: "local", path: path.join(root, "plugins/alpha") });
    expect(alpha.keywords).toEqual(["first", "letters"]);
    expect(alpha.interface).toMatchObject({
      displayName: "Alpha",
      shortDescription: "The first one",
      category: "Coding",
      capabilities: ["Read"],
      defaultPrompt: ["do it"],
      logo: path.join(root, "plugins/alpha/assets/logo.png"),
      screenshots: [],
    });
    expect(marketplace.plugins[1].interface).toBeNull();

    const read = await server.call("plugin/read", { pluginName: "alpha", marketplacePath: file });
    expect(read.plugin).toMatchObject({
      marketplaceName: "localmp",
      marketplacePath: file,
      description: "Alpha plugin",
      skills: [{ name: "alpha:hello", description: "Says hello", path: path.join(root, "plugins/alpha/skills/hello/SKILL.md"), enabled: true }],
      mcpServers: ["calc", "docs"],
      hooks: [],
      apps: [],
      onboardingSkill: null,
    });
    expect(read.plugin.summary).toEqual(alpha);

    expect(await server.call("plugin/install", { pluginName: "alpha", marketplacePath: file })).toEqual({ authPolicy: "ON_USE", appsNeedingAuth: [] });
    const cached = path.join(codexHome, "plugins/cache/localmp/alpha/1.2.3");
    expect(readFileSync(path.join(cached, "skills/hello/SKILL.md"), "utf8")).toContain("Hello body");
    expect(config(codexHome).plugins).toEqual({ "alpha@localmp": { enabled: true } });
    const pluginSkills = async (): Promise<unknown[]> =>
      (await server.call("skills/list", { cwds: [home] })).data[0].skills.filter((skill: any) => skill.pluginId);
    expect(await pluginSkills()).toMatchObject([
      { name: "alpha:hello", description: "Says hello", scope: "user", enabled: true, pluginId: "alpha@localmp", path: path.join(cached, "skills/hello/SKILL.md") },
    ]);
    const installed = await server.call("plugin/installed", {});
    expect(installed.marketplaceLoadErrors).toEqual([]);
    expect(installed.marketplaces.map((m: any) => [m.name, m.plugins.map((p: any) => [p.id, p.installed, p.enabled])])).toEqual([
      ["localmp", [["alpha@localmp", true, true]]],
    ]);
    const suggested = await server.call("plugin/installed", { installSuggestionPluginNames: ["beta"] });
    expect(suggested.marketplaces[0].plugins.map((p: any) => [p.id, p.installed])).toEqual([
      ["alpha@localmp", true],
      ["beta@localmp", false],
    ]);

    expect(await server.call("plugin/uninstall", { pluginId: "alpha@localmp" })).toEqual({});
    expect(await server.call("plugin/uninstall", { pluginId: "alpha@localmp" })).toEqual({});
    expect(existsSync(path.join(codexHome, "plugins/cache/localmp/alpha"))).toBe(false);
    expect(config(codexHome).plugins).toBeUndefined();
    expect((await server.call("plugin/installed", {})).marketplaces).toEqual([]);
    expect(await pluginSkills()).toEqual([]);

    expect(await server.call("marketplace/remove", { marketplaceName: "localmp" })).toEqual({ marketplaceName: "localmp", installedRoot: null });
    expect(config(codexHome)).toEqual({});
    expect(await server.callError("marketplace/remove", { marketplaceName: "localmp" })).toEqual({
      code: -32600,
      message: "marketplace `localmp` is not configured or installed",
    });
  });

  it("lists the home marketplace, configured ones and each cwd's repository, with unreadable manifests as load errors", async () => {
    const { home, codexHome, write } = pluginHome();
    write(".agents/plugins/marketplace.json", JSON.stringify({ name: "homemp", plugins: [{ name: "delta", source: "./d" }] }));
    write("repo/.git/HEAD", "ref: refs/heads/main\n");
    write("repo/sub/.keep", "");
    write("repo/.agents/plugins/marketplace.json", JSON.stringify({ name: "repomp", plugins: [{ name: "gamma", source: "./g" }] }));
    const bad = write("bad/.agents/plugins/marketplace.json", '{"plugins":[]}');
    const { root } = writeLocalMarketplace(write, "mp");
    write(".codex/config.toml", `[marketplaces.localmp]\nsource_type = "local"\nsource = "${root}"\n`);
    const server = await start(home, codexHome, true);

    const listed = await server.call("plugin/list", { cwds: [path.join(home, "repo/sub"), path.join(home, "bad")] });
    expect(listed.marketplaces.map((m: any) => [m.name, m.plugins.map((p: any) => p.id)])).toEqual([
      ["homemp", ["delta@homemp"]],
      ["localmp", ["alpha@localmp", "beta@localmp"]],
      ["repomp", ["gamma@repomp"]],
    ]);
    expect(listed.marketplaces[2].plugins[0].source).toEqual({ type: "local", path: path.join(home, "repo/g") });
    expect(listed.marketplaceLoadErrors).toEqual([
      { marketplacePath: bad, message: `invalid marketplace file \`${bad}\`: missing field \`name\` at line 1 column 14` },
    ]);

    const found = await server.call("plugin/search", { searchTerm: "LETTERS" });
    expect(found).toMatchObject({ nextCursor: null, data: [{ marketplaceName: "localmp", plugin: { id: "alpha@localmp" } }] });
  });

  it("answers bad requests with the reference's errors", async () => {
    const { home, codexHome, write } = pluginHome();
    const { root, file } = writeLocalMarketplace(write, "mp");
    write("other/.agents/plugins/marketplace.json", JSON.stringify({ name: "localmp", plugins: [] }));
    write("empty/README.md", "");
    const closed = write("closed/.agents/plugins/marketplace.json", JSON.stringify({ name: "closedmp", plugins: [{ name: "p", source: "./p", policy: { installation: "NOT_AVAILABLE" } }] }));
    write("closed/p/.codex-plugin/plugin.json", JSON.stringify({ name: "p" }));
    const server = await start(home, codexHome);
    await server.call("marketplace/add", { source: root });

    const errors: Array<[string, unknown, number, string]> = [
      ["plugin/read", { pluginName: "alpha" }, -32600, "plugin/read requires exactly one of marketplacePath or remoteMarketplaceName"],
      ["plugin/read", { pluginName: "alpha", marketplacePath: file, remoteMarketplaceName: "x" }, -32600, "plugin/read requires exactly one of marketplacePath or remoteMarketplaceName"],
      ["plugin/read", { pluginName: "alpha", marketplacePath: path.join(home, "none.json") }, -32600, `marketplace file \`${path.join(home, "none.json")}\` does not exist`],
      ["plugin/read", { pluginName: "nope", marketplacePath: file }, -32600, "plugin `nope` was not found in marketplace `localmp`"],
      ["plugin/install", { pluginName: "alpha" }, -32600, "plugin/install requires exactly one of marketplacePath or remoteMarketplaceName"],
      ["plugin/install", { pluginName: "beta", marketplacePath: file }, -32600, "missing plugin.json"],
      ["plugin/install", { pluginName: "p", marketplacePath: closed }, -32600, "plugin `p` is not available for install in marketplace `closedmp`"],
      ["plugin/list", { marketplaceKinds: ["local", "shared-with-me"] }, -32600, "list remote plugin catalog: chatgpt authentication required for remote plugin catalog"],
      ["plugin/uninstall", { pluginId: "a@b@c" }, -32600, "invalid remote plugin id"],
      ["plugin/uninstall", { pluginId: "" }, -32600, "invalid remote plugin id"],
      ["marketplace/add", { source: "" }, -32600, "marketplace source must not be empty"],
      ["marketplace/add", { source: "file:///x" }, -32600, "invalid marketplace source format; expected owner/repo, a git URL, or a local marketplace path"],
      ["marketplace/add", { source: path.join(home, "missing") }, -32600, "failed to resolve local marketplace source path: No such file or directory (os error 2)"],
      ["marketplace/add", { source: root, refName: "main" }, -32600, "--ref is only supported for git marketplace sources"],
      ["marketplace/add", { source: root, sparsePaths: ["a"] }, -32600, "--sparse is only supported for git marketplace sources"],
      ["marketplace/add", { source: path.join(home, "empty") }, -32600, `invalid marketplace file \`${path.join(home, "empty")}\`: marketplace root does not contain a supported manifest`],
      ["marketplace/add", { source: path.join(home, "other") }, -32600, "marketplace 'localmp' is already added from a different source; remove it before adding this source"],
      ["marketplace/remove", { marketplaceName: " " }, -32600, "invalid marketplace name: must not be empty"],
      ["marketplace/upgrade", { marketplaceName: "localmp" }, -32600, "marketplace `localmp` is not configured as a Git marketplace"],
    ];
    for (const [method, params, code, message] of errors) {
      expect({ method, error: await server.callError(method, params) }).toEqual({ method, error: { code, message } });
    }
    expect(await server.call("marketplace/upgrade", {})).toEqual({ selectedMarketplaces: [], upgradedRoots: [], errors: [] });
    expect(await server.call("plugin/list", { marketplaceKinds: ["vertical"] })).toEqual({ marketplaces: [], marketplaceLoadErrors: [], featuredPluginIds: [] });
    expect((await server.call("plugin/list", { marketplaceKinds: ["local"] })).marketplaces.map((m: any) => m.name)).toEqual(["localmp"]);
  });
});
