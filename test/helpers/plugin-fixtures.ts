import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** A temporary HOME with CODEX_HOME at `.codex`, and a writer for files under it. */
export function pluginHome(): { home: string; codexHome: string; write: (relative: string, text: string) => string } {
  const home = realpathSync(mkdtempSync(path.join(os.tmpdir(), "aas-plugins-")));
  const write = (relative: string, text: string): string => {
    const file = path.join(home, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  };
  return { home, codexHome: path.join(home, ".codex"), write };
}

/**
 * A local marketplace `localmp` under `<home>/<dir>`: `alpha` (manifest with an
 * interface, a skill and an MCP server), `beta` (no plugin.json). Returns the
 * root and the manifest file.
 */
export function writeLocalMarketplace(write: (relative: string, text: string) => string, dir: string, name = "localmp"): { root: string; file: string } {
  const file = write(
    `${dir}/.agents/plugins/marketplace.json`,
    JSON.stringify({
      name,
      interface: { displayName: "Local MP" },
      plugins: [
        { name: "alpha", source: { source: "local", path: "./plugins/alpha" }, policy: { installation: "AVAILABLE", authentication: "ON_USE" }, category: "Coding" },
        { name: "beta", source: "./plugins/beta" },
      ],
    }),
  );
  write(
    `${dir}/plugins/alpha/.codex-plugin/plugin.json`,
    JSON.stringify({
      name: "alpha",
      version: "1.2.3",
      description: "Alpha plugin",
      keywords: ["first", "letters"],
      interface: { displayName: "Alpha", shortDescription: "The first one", capabilities: ["Read"], defaultPrompt: ["do it"], logo: "./assets/logo.png" },
    }),
  );
  write(`${dir}/plugins/alpha/skills/hello/SKILL.md`, "---\nname: hello\ndescription: Says hello\n---\nHello body\n");
  write(`${dir}/plugins/alpha/.mcp.json`, JSON.stringify({ mcpServers: { docs: { command: "docs" }, calc: { command: "calc" } } }));
  write(`${dir}/plugins/beta/README.md`, "no manifest\n");
  return { root: path.dirname(path.dirname(path.dirname(file))), file };
}
