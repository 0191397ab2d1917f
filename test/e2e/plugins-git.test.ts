import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { parse } from "smol-toml";
import { afterEach, describe, expect, it } from "vitest";
import { pluginHome, writeLocalMarketplace } from "../helpers/plugin-fixtures.js";
import { ServerProcess } from "../helpers/server-process.js";

const servers: ServerProcess[] = [];
const httpServers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await Promise.all(httpServers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd, encoding: "utf8" });
}

/** Serves `dir` read-only over loopback HTTP: git's "dumb" protocol needs nothing more. */
async function serveDirectory(dir: string): Promise<string> {
  const server = createServer((req, res) => {
    const file = path.join(dir, decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    try {
      res.writeHead(200).end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  httpServers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A git marketplace `gitmp` published as a bare repository; `publish` commits and pushes the working copy. */
async function gitMarketplace(write: (relative: string, text: string) => string, home: string): Promise<{ url: string; publish: () => void }> {
  const { root } = writeLocalMarketplace(write, "src", "gitmp");
  git(root, "init", "-q", "-b", "main");
  const bare = path.join(home, "srv/mp.git");
  const publish = (): void => {
    git(root, "add", "-A");
    git(root, "commit", "-qm", "publish");
    if (!existsSync(bare)) git(home, "clone", "-q", "--bare", root, bare);
    else git(root, "push", "-q", bare, "main");
    git(bare, "update-server-info");
  };
  publish();
  return { url: `${await serveDirectory(path.join(home, "srv"))}/mp.git`, publish };
}

describe("git plugin marketplaces", () => {
  it("clones a git marketplace into .tmp/marketplaces, upgrades it when the remote moves, and removes the clone", async () => {
    const { home, codexHome, write } = pluginHome();
    const { url, publish } = await gitMarketplace(write, home);
    const server = new ServerProcess({ codexHome, env: { HOME: home } });
    servers.push(server);
    await server.initialize();

    const installedRoot = path.join(codexHome, ".tmp/marketplaces/gitmp");
    expect(await server.call("marketplace/add", { source: url })).toEqual({ marketplaceName: "gitmp", installedRoot, alreadyAdded: false });
    expect(await server.call("marketplace/add", { source: url })).toEqual({ marketplaceName: "gitmp", installedRoot, alreadyAdded: true });
    expect(parse(readFileSync(path.join(codexHome, "config.toml"), "utf8"))).toEqual({ marketplaces: { gitmp: { source_type: "git", source: url } } });
    expect(await server.callError("marketplace/add", { source: url, refName: "main" })).toEqual({
      code: -32600,
      message: "marketplace 'gitmp' is already added from a different source; remove it before adding this source",
    });

    const listed = await server.call("plugin/list", {});
    expect(listed.marketplaces.map((m: any) => [m.name, m.path, m.plugins.map((p: any) => p.source.path)])).toEqual([
      ["gitmp", path.join(installedRoot, ".agents/plugins/marketplace.json"), [path.join(installedRoot, "plugins/alpha"), path.join(installedRoot, "plugins/beta")]],
    ]);
    const file = listed.marketplaces[0].path;
    await server.call("plugin/install", { pluginName: "alpha", marketplacePath: file });
    expect(existsSync(path.join(codexHome, "plugins/cache/gitmp/alpha/1.2.3/.codex-plugin/plugin.json"))).toBe(true);

    expect(await server.call("marketplace/upgrade", {})).toEqual({ selectedMarketplaces: ["gitmp"], upgradedRoots: [], errors: [] });
    write("src/plugins/gamma/.codex-plugin/plugin.json", JSON.stringify({ name: "gamma" }));
    write("src/.agents/plugins/marketplace.json", JSON.stringify({ name: "gitmp", plugins: [{ name: "gamma", source: "./plugins/gamma" }] }));
    publish();
    expect(await server.call("marketplace/upgrade", { marketplaceName: "gitmp" })).toEqual({
      selectedMarketplaces: ["gitmp"],
      upgradedRoots: [installedRoot],
      errors: [],
    });
    expect((await server.call("plugin/list", {})).marketplaces[0].plugins.map((p: any) => p.id)).toEqual(["gamma@gitmp"]);

    expect(await server.call("marketplace/remove", { marketplaceName: "gitmp" })).toEqual({ marketplaceName: "gitmp", installedRoot });
    expect(existsSync(installedRoot)).toBe(false);
  });

  it("reports a failed clone as an internal error with git's output", async () => {
    const { home, codexHome } = pluginHome();
    const url = `${await serveDirectory(home)}/missing.git`;
    const server = new ServerProcess({ codexHome, env: { HOME: home } });
    servers.push(server);
    await server.initialize();
    const error = await server.callError("marketplace/add", { source: url });
    expect(error.code).toBe(-32603);
    expect(error.message).toMatch(new RegExp(`^git clone ${url.replace(/[.]/g, "\\.")} \\S+/\\.tmp/marketplaces/\\.staging/marketplace-linux-\\w+/checkout failed with status exit status: 128\\nstdout:\\n\\nstderr:\\n`));
    expect(existsSync(path.join(codexHome, "config.toml"))).toBe(false);
  });
});
