/**
 * The other agent's enabled plugins: which ones Codex could install
 * (detection), and installing them as the reference does: the marketplace is
 * added to `config.toml` (`[marketplaces.<name>]`; a git marketplace is cloned
 * under `$CODEX_HOME/.tmp/marketplaces` first), each plugin folder is copied
 * to `$CODEX_HOME/plugins/cache/<marketplace>/<plugin>/<version>` and enabled
 * (`[plugins."<plugin>@<marketplace>"]`). Plugins are user-wide: only the home
 * scope migrates them.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { gitCloneUrl, marketplaceImportSources, marketplaceKind, parsePluginId, enabledPluginIds, type MarketplaceSource } from "./plugin-sources.js";
import { isDir, isFile, isObject, readJsonFile } from "./files.js";
import { readExistingConfig, writeMissingValues, type Table } from "./settings.js";

/** One marketplace's plugins to migrate (the wire's `PluginsMigration`). */
export interface PluginsMigration {
  marketplaceName: string;
  pluginNames: string[];
}

export interface PluginFailure {
  pluginId: string;
  message: string;
  errorType: string | null;
}

/** What installing one group of plugins did, plugin ids as `plugin@marketplace` (the other agent's marketplace name). */
export interface PluginOutcome {
  succeeded: string[];
  failed: PluginFailure[];
}

interface MarketplaceManifest {
  name: string;
  plugins: Array<{ name: string; source: unknown }>;
}

const MANIFEST_PATHS = [".claude-plugin/marketplace.json", ".agents/plugins/marketplace.json"];
const PLUGIN_MANIFEST_PATHS = [".codex-plugin/plugin.json", ".claude-plugin/plugin.json"];

function readManifest(root: string, fallbackName: string): MarketplaceManifest | null {
  for (const relative of MANIFEST_PATHS) {
    const file = path.join(root, relative);
    if (!isFile(file)) continue;
    let json: unknown;
    try {
      json = readJsonFile(file);
    } catch {
      return null;
    }
    if (!isObject(json)) return null;
    const plugins = Array.isArray(json.plugins) ? json.plugins.filter(isObject) : [];
    return {
      name: typeof json.name === "string" && json.name.trim() !== "" ? json.name.trim() : fallbackName,
      plugins: plugins.filter((p) => typeof p.name === "string").map((p) => ({ name: p.name as string, source: p.source })),
    };
  }
  return null;
}

/** A marketplace entry's plugin folder, when it lives inside the marketplace. */
function localPluginDir(root: string, source: unknown): string | null {
  let relative: unknown = source;
  if (isObject(source) && (source.source === "local" || source.source === "directory")) relative = source.path;
  if (typeof relative !== "string" || relative.trim() === "") return null;
  const trimmed = relative.trim();
  if (!(trimmed === "." || trimmed.startsWith("./") || trimmed.startsWith("../"))) return null;
  return path.resolve(root, trimmed);
}

/** Marketplaces already in Codex's config: name → the plugins its manifest offers. */
function configuredMarketplaces(config: Table): Map<string, { root: string; plugins: Set<string> }> {
  const out = new Map<string, { root: string; plugins: Set<string> }>();
  const marketplaces = config.marketplaces;
  if (!isObject(marketplaces)) return out;
  for (const [name, entry] of Object.entries(marketplaces)) {
    if (!isObject(entry) || typeof entry.source !== "string" || !isDir(entry.source)) continue;
    const manifest = readManifest(entry.source, name);
    out.set(name, { root: entry.source, plugins: new Set(manifest?.plugins.map((p) => p.name) ?? []) });
  }
  return out;
}

/** The enabled plugins Codex could install and does not have yet, by marketplace (both sorted); empty when none. */
export function detectPlugins(settings: unknown, agentHome: string, configFile: string): PluginsMigration[] {
  const sources = marketplaceImportSources(settings, agentHome);
  const config = readExistingConfig(configFile);
  const configuredIds = new Set(isObject(config.plugins) ? Object.keys(config.plugins) : []);
  const configured = configuredMarketplaces(config);
  const groups = new Map<string, string[]>();
  for (const id of enabledPluginIds(settings)) {
    if (configuredIds.has(id)) continue;
    const { plugin, marketplace } = parsePluginId(id)!;
    const known = configured.get(marketplace);
    if (known ? !known.plugins.has(plugin) : !sourceIsLoadable(sources.get(marketplace))) continue;
    groups.set(marketplace, [...(groups.get(marketplace) ?? []), plugin]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([marketplaceName, names]) => ({ marketplaceName, pluginNames: [...names].sort() }));
}

function sourceIsLoadable(source: MarketplaceSource | undefined): boolean {
  return source !== undefined && marketplaceKind(source.source) !== null;
}

/**
 * Splits the groups into those installable now (the marketplace is a local
 * folder, or already configured) and those whose marketplace must be cloned.
 */
export function partitionPluginGroups(
  groups: readonly PluginsMigration[],
  settings: unknown,
  agentHome: string,
): { local: PluginsMigration[]; remote: PluginsMigration[] } {
  const sources = marketplaceImportSources(settings, agentHome);
  const local: PluginsMigration[] = [];
  const remote: PluginsMigration[] = [];
  for (const group of groups) {
    const source = sources.get(group.marketplaceName);
    if (source && marketplaceKind(source.source) === "local") local.push(group);
    else remote.push(group);
  }
  return { local, remote };
}

export class PluginInstaller {
  constructor(
    private readonly codexHome: string,
    private readonly configFile: string,
    private readonly sources: Map<string, MarketplaceSource>,
  ) {}

  static forHome(codexHome: string, settings: unknown, agentHome: string): PluginInstaller {
    return new PluginInstaller(codexHome, path.join(codexHome, "config.toml"), marketplaceImportSources(settings, agentHome));
  }

  /** Installs groups whose marketplace is a local folder or already configured. */
  installLocal(groups: readonly PluginsMigration[], outcome: PluginOutcome): void {
    const configured = configuredMarketplaces(readExistingConfig(this.configFile));
    for (const group of groups) {
      const ids = group.pluginNames.map((name) => `${name}@${group.marketplaceName}`);
      const known = configured.get(group.marketplaceName);
      const source = this.sources.get(group.marketplaceName);
      if (known) {
        this.installFrom(known.root, null, group, outcome);
      } else if (!source) {
        failAll(outcome, ids, `external agent plugin marketplace source was not found: ${group.marketplaceName}`);
      } else {
        this.installFrom(source.source, { source_type: "local", source: source.source }, group, outcome);
      }
    }
  }

  /** Clones each group's git marketplace, then installs from the clone. */
  async installRemote(groups: readonly PluginsMigration[], outcome: PluginOutcome): Promise<void> {
    for (const group of groups) {
      const ids = group.pluginNames.map((name) => `${name}@${group.marketplaceName}`);
      const source = this.sources.get(group.marketplaceName);
      if (!source) {
        failAll(outcome, ids, `external agent plugin marketplace source was not found: ${group.marketplaceName}`);
        continue;
      }
      const url = gitCloneUrl(source.source);
      const marketplacesDir = path.join(this.codexHome, ".tmp", "marketplaces");
      const stagingParent = path.join(marketplacesDir, ".staging");
      mkdirSync(stagingParent, { recursive: true });
      const staging = mkdtempSync(path.join(stagingParent, `marketplace-${process.platform}-`));
      const checkout = path.join(staging, "checkout");
      try {
        const args = ["clone", ...(source.ref ? ["--branch", source.ref] : []), url, checkout];
        const failure = await run("git", args);
        if (failure !== null) {
          failAll(outcome, ids, `git ${args.join(" ")} failed with status ${failure}`);
          continue;
        }
        const manifest = readManifest(checkout, group.marketplaceName);
        if (manifest === null) {
          failAll(outcome, ids, `plugin marketplace manifest was not found after install: ${group.marketplaceName}`);
          continue;
        }
        const installed = path.join(marketplacesDir, manifest.name);
        rmSync(installed, { recursive: true, force: true });
        renameSync(checkout, installed);
        const entry: Table = { source_type: "git", source: url };
        if (source.ref) entry.ref = source.ref;
        this.installFrom(installed, entry, group, outcome);
      } finally {
        rmSync(staging, { recursive: true, force: true });
      }
    }
  }

  /** Adds the marketplace to the config (when `marketplaceEntry` is given) and installs the group's plugins from `root`. */
  private installFrom(root: string, marketplaceEntry: Table | null, group: PluginsMigration, outcome: PluginOutcome): void {
    const ids = group.pluginNames.map((name) => `${name}@${group.marketplaceName}`);
    const manifest = readManifest(root, group.marketplaceName);
    if (manifest === null) {
      failAll(outcome, ids, `plugin marketplace manifest was not found after install: ${group.marketplaceName}`);
      return;
    }
    if (marketplaceEntry !== null) this.writeConfig({ marketplaces: { [manifest.name]: marketplaceEntry } }, [["marketplaces", manifest.name]]);
    for (const name of group.pluginNames) {
      const pluginId = `${name}@${group.marketplaceName}`;
      const entry = manifest.plugins.find((plugin) => plugin.name === name);
      const dir = entry ? localPluginDir(root, entry.source) : null;
      if (dir === null) {
        outcome.failed.push({ pluginId, message: `plugin \`${name}\` was not found in marketplace \`${manifest.name}\``, errorType: "plugin_not_found" });
        continue;
      }
      const pluginManifest = PLUGIN_MANIFEST_PATHS.map((relative) => path.join(dir, relative)).find(isFile);
      if (pluginManifest === undefined) {
        outcome.failed.push({ pluginId, message: "missing plugin.json", errorType: null });
        continue;
      }
      try {
        const json = readJsonFile(pluginManifest);
        const version = isObject(json) && typeof json.version === "string" && json.version.trim() !== "" ? json.version.trim() : "local";
        const target = path.join(this.codexHome, "plugins", "cache", manifest.name, name, version);
        rmSync(target, { recursive: true, force: true });
        mkdirSync(path.dirname(target), { recursive: true });
        cpSync(dir, target, { recursive: true });
        const key = `${name}@${manifest.name}`;
        this.writeConfig({ plugins: { [key]: { enabled: true } } }, [["plugins", key]]);
        outcome.succeeded.push(pluginId);
      } catch (error) {
        outcome.failed.push({ pluginId, message: (error as Error).message, errorType: null });
      }
    }
  }

  private writeConfig(values: Table, paths: string[][]): void {
    const existing = readExistingConfig(this.configFile);
    const missing = paths.filter((segments) => !hasPath(existing, segments));
    writeMissingValues(this.configFile, values, missing);
  }
}

function hasPath(table: Table, segments: readonly string[]): boolean {
  let current: unknown = table;
  for (const segment of segments) {
    if (!isObject(current) || !(segment in current)) return false;
    current = current[segment];
  }
  return true;
}

function failAll(outcome: PluginOutcome, ids: readonly string[], message: string): void {
  for (const pluginId of ids) outcome.failed.push({ pluginId, message, errorType: null });
}

/** Runs a command; null when it exits 0, else the reference's failure text (`exit status: N` and its output). */
function run(command: string, args: readonly string[]): Promise<string | null> {
  return new Promise((resolve) => {
    // A server has no one at a terminal to answer git's credential prompts.
    const env = { ...process.env, GIT_TERMINAL_PROMPT: "0" };
    execFile(command, args, { encoding: "utf8", maxBuffer: 16 * 1024 * 1024, env }, (error, stdout, stderr) => {
      if (!error) return resolve(null);
      const code = typeof error.code === "number" ? `exit status: ${error.code}` : error.signal ? `signal: ${error.signal}` : String(error.message);
      resolve(`${code}\nstdout:\n${String(stdout).trim()}\nstderr:\n${String(stderr).trim()}`);
    });
  });
}
