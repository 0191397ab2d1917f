import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MarketplaceFileError, readMarketplaceFile, rootOfManifest } from "../../src/core/plugins/marketplace-file.js";
import { parseLocalPluginId } from "../../src/core/plugins/plugin-catalog.js";
import { packageInterface, readPluginPackage } from "../../src/core/plugins/plugin-package.js";

function tempFile(relative: string, text: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "aas-plugin-files-")), relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

describe("marketplace manifests", () => {
  it("resolves local, GitHub, git and npm sources, defaults the policies and skips entries without a usable source", () => {
    const file = tempFile(
      ".claude-plugin/marketplace.json",
      JSON.stringify({
        name: "mp",
        plugins: [
          { name: "a", source: "./a" },
          { name: "b", source: { source: "github", repo: "o/r" }, policy: { installation: "INSTALLED_BY_DEFAULT", authentication: "ON_USE" } },
          { name: "c", source: { source: "url", url: "https://example.com/c.git", ref: "v1" } },
          { name: "d", source: { source: "npm", package: "@x/d" } },
          { name: "e", source: { source: "ftp" } },
          { source: "./nameless" },
        ],
      }),
    );
    const root = path.dirname(path.dirname(file));
    expect(rootOfManifest(file)).toBe(root);
    const marketplace = readMarketplaceFile(file);
    expect(marketplace).toMatchObject({ name: "mp", root, displayName: null });
    expect(marketplace.plugins).toEqual([
      { name: "a", source: { type: "local", path: path.join(root, "a") }, installPolicy: "AVAILABLE", authPolicy: "ON_INSTALL", category: null },
      {
        name: "b",
        source: { type: "git", url: "https://github.com/o/r.git", path: null, refName: null, sha: null },
        installPolicy: "INSTALLED_BY_DEFAULT",
        authPolicy: "ON_USE",
        category: null,
      },
      {
        name: "c",
        source: { type: "git", url: "https://example.com/c.git", path: null, refName: "v1", sha: null },
        installPolicy: "AVAILABLE",
        authPolicy: "ON_INSTALL",
        category: null,
      },
      { name: "d", source: { type: "npm", package: "@x/d", version: null, registry: null }, installPolicy: "AVAILABLE", authPolicy: "ON_INSTALL", category: null },
    ]);
  });

  it("reports a missing field where a JSON parser ends the object, as the reference does", () => {
    const file = tempFile(".agents/plugins/marketplace.json", '{\n  "name": "mp"\n}\n');
    expect(() => readMarketplaceFile(file)).toThrow(new MarketplaceFileError(`invalid marketplace file \`${file}\`: missing field \`plugins\` at line 3 column 1`));
  });
});

describe("plugin packages", () => {
  it("caps the starter prompts at 3 of at most 512 characters and resolves local assets against the plugin folder", () => {
    const manifest = tempFile(
      "alpha/.codex-plugin/plugin.json",
      JSON.stringify({ interface: { defaultPrompt: ["one", " ", "x".repeat(600), "three", "four"], screenshots: ["s.png"], websiteURL: "https://a.example" } }),
    );
    const dir = path.dirname(path.dirname(manifest));
    const ui = packageInterface(readPluginPackage(dir), null)!;
    expect(ui.defaultPrompt).toEqual(["one", "x".repeat(512), "three"]);
    expect(ui.screenshots).toEqual([path.join(dir, "s.png")]);
    expect(ui.websiteUrl).toBe("https://a.example");
    expect(packageInterface(readPluginPackage(path.join(dir, "missing")), "Coding")).toBeNull();
  });

  it("takes `name@marketplace` with both parts as a local plugin id", () => {
    expect(parseLocalPluginId("a@b")).toEqual({ name: "a", marketplace: "b" });
    for (const id of ["a", "@b", "a@", "a@b@c", ""]) expect(parseLocalPluginId(id)).toBeNull();
  });
});
