/**
 * Where the other agent's plugins come from: its enabled plugins
 * (`enabledPlugins` in settings.json, `name@marketplace` keys) and the
 * marketplaces it knows (`plugins/known_marketplaces.json`, settings'
 * `extraKnownMarketplaces`, and its two official marketplaces on GitHub).
 */
import path from "node:path";
import { isDir, isObject, readJsonFile } from "./files.js";

export const KNOWN_MARKETPLACES_FILE = "plugins/known_marketplaces.json";
const OFFICIAL_MARKETPLACES: ReadonlyArray<readonly [string, string]> = [
  ["claude-plugins-official", "anthropics/claude-plugins-official"],
  ["claude-code-plugins", "anthropics/claude-code"],
];

/** A marketplace to add: a local folder or a git source (`owner/repo` on GitHub, or a URL). */
export interface MarketplaceSource {
  source: string;
  ref: string | null;
}

export type MarketplaceKind = "local" | "git";

const GITHUB_REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const GIT_URL = /^(https?:\/\/|ssh:\/\/|git@[^:\s]+:)\S+$/;

/** Local folder, git, or (null) a source no marketplace can be added from. */
export function marketplaceKind(source: string): MarketplaceKind | null {
  if (path.isAbsolute(source)) return isDir(source) ? "local" : null;
  if (GIT_URL.test(source) || GITHUB_REPO.test(source)) return "git";
  return null;
}

/** The URL `git clone` is given for a git source. */
export function gitCloneUrl(source: string): string {
  return GITHUB_REPO.test(source) ? `https://github.com/${source}.git` : source;
}

/** A plugin key `name@marketplace` (both parts non-empty), else null. */
export function parsePluginId(key: string): { plugin: string; marketplace: string } | null {
  const parts = key.trim().split("@");
  if (parts.length !== 2 || parts[0] === "" || parts[1] === "") return null;
  return { plugin: parts[0]!, marketplace: parts[1]! };
}

/** The enabled plugins' ids (only `true` values), as settings list them. */
export function enabledPluginIds(settings: unknown): string[] {
  if (!isObject(settings) || !isObject(settings.enabledPlugins)) return [];
  return Object.entries(settings.enabledPlugins)
    .filter(([key, enabled]) => enabled === true && parsePluginId(key) !== null)
    .map(([key]) => key.trim());
}

function trimmedString(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

function resolveLocal(value: string, root: string): string {
  return path.isAbsolute(value) ? value : path.join(root, value);
}

function isRelativePath(value: string): boolean {
  return value === "." || value === ".." || value.startsWith("./") || value.startsWith("../");
}

/** One marketplace entry (`{source: {source: "github", repo}, installLocation}` or flat) as a source. */
function entrySource(entry: unknown, root: string): MarketplaceSource | null {
  if (!isObject(entry)) return null;
  const fields = isObject(entry.source) ? entry.source : entry;
  const kind = typeof fields.source === "string" ? fields.source.trim() : null;
  let declared: unknown;
  if (kind === "github") declared = fields.repo;
  else if (kind === "git") declared = fields.url;
  else if (kind === "directory" || kind === "local") declared = fields.path;
  else if (kind === "file" || kind === "url" || kind === "npm" || kind === "settings") declared = undefined;
  else if (kind !== null) declared = fields.source;
  else declared = fields.repo ?? fields.url ?? fields.path ?? entry.source;
  const source = trimmedString(declared);
  if (source !== null) {
    const resolved = kind === "directory" || kind === "local" || isRelativePath(source) ? resolveLocal(source, root) : source;
    return { source: resolved, ref: trimmedString(fields.ref) ?? trimmedString(entry.ref) };
  }
  const installed = trimmedString(entry.installLocation);
  if (installed === null) return null;
  const location = resolveLocal(installed, root);
  return isDir(location) ? { source: location, ref: null } : null;
}

function collectSources(marketplaces: unknown, root: string): Map<string, MarketplaceSource> {
  const sources = new Map<string, MarketplaceSource>();
  if (!isObject(marketplaces)) return sources;
  for (const [name, entry] of Object.entries(marketplaces)) {
    const source = entrySource(entry, root);
    if (source !== null) sources.set(name, source);
  }
  return sources;
}

/**
 * Every marketplace the other agent can install plugins from, by name; an
 * unreadable `known_marketplaces.json` is ignored, as the reference does.
 */
export function marketplaceImportSources(settings: unknown, agentHome: string): Map<string, MarketplaceSource> {
  let known: unknown = null;
  try {
    known = readJsonFile(path.join(agentHome, KNOWN_MARKETPLACES_FILE));
  } catch {
    known = null;
  }
  const sources = collectSources(known, agentHome);
  const extra = isObject(settings) ? settings.extraKnownMarketplaces : undefined;
  if (isObject(extra)) {
    const scoped: Record<string, unknown> = {};
    for (const [name, entry] of Object.entries(extra)) {
      sources.delete(name);
      const knownEntry = isObject(known) ? known[name] : undefined;
      // The same marketplace already fetched by the other agent: its copy is where to look when the source says nothing.
      if (isObject(entry) && isObject(knownEntry) && JSON.stringify(entry.source) === JSON.stringify(knownEntry.source)) {
        const installed = trimmedString(knownEntry.installLocation);
        scoped[name] = installed === null ? entry : { ...entry, installLocation: resolveLocal(installed, agentHome) };
      } else scoped[name] = entry;
    }
    for (const [name, source] of collectSources(scoped, agentHome)) sources.set(name, source);
  }
  const enabledMarketplaces = new Set(enabledPluginIds(settings).map((id) => parsePluginId(id)!.marketplace));
  for (const [name, repo] of OFFICIAL_MARKETPLACES) {
    if (enabledMarketplaces.has(name) && !sources.has(name)) sources.set(name, { source: repo, ref: null });
  }
  return sources;
}
