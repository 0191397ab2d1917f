/**
 * A plugin marketplace as the reference reads it: `marketplace.json` under
 * `.agents/plugins/` (or `.claude-plugin/`) of the marketplace root, with a
 * `name`, an optional `interface.displayName` and its `plugins` (each a name,
 * a source, an optional install/auth policy and category).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { internalError, invalidRequest } from "../../protocol/errors.js";
import type { PluginAuthPolicy, PluginInstallPolicy, PluginSource } from "../../protocol/plugins.js";

export const MARKETPLACE_MANIFEST_PATHS = [".agents/plugins/marketplace.json", ".claude-plugin/marketplace.json"] as const;

export interface MarketplacePlugin {
  name: string;
  source: PluginSource;
  installPolicy: PluginInstallPolicy;
  authPolicy: PluginAuthPolicy;
  category: string | null;
}

export interface Marketplace {
  name: string;
  /** The manifest file. */
  file: string;
  /** The folder plugin sources are relative to. */
  root: string;
  displayName: string | null;
  plugins: MarketplacePlugin[];
}

/** A marketplace that cannot be read, with the reference's message. */
export class MarketplaceFileError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

/** The manifest inside a marketplace root, or null when it has none. */
export function manifestInRoot(root: string): string | null {
  for (const relative of MARKETPLACE_MANIFEST_PATHS) {
    const file = path.join(root, relative);
    if (existsSync(file)) return file;
  }
  return null;
}

/** The marketplace root a manifest file belongs to (two folders above `.agents/plugins/`, one above `.claude-plugin/`). */
export function rootOfManifest(file: string): string {
  const dir = path.dirname(file);
  if (path.basename(dir) === "plugins" && path.basename(path.dirname(dir)) === ".agents") return path.dirname(path.dirname(dir));
  if (path.basename(dir) === ".claude-plugin") return path.dirname(dir);
  return dir;
}

function pluginSource(raw: unknown, root: string): PluginSource | null {
  if (typeof raw === "string") return raw.trim() === "" ? null : { type: "local", path: path.resolve(root, raw.trim()) };
  if (!isRecord(raw)) return null;
  const kind = text(raw.source) ?? text(raw.type);
  if (kind === "local" || kind === "directory") {
    const local = text(raw.path);
    return local === null ? null : { type: "local", path: path.resolve(root, local) };
  }
  if (kind === "git" || kind === "url" || kind === "github") {
    const url = kind === "github" && text(raw.repo) !== null ? `https://github.com/${text(raw.repo)}.git` : text(raw.url);
    if (url === null) return null;
    return { type: "git", url, path: text(raw.path), refName: text(raw.ref), sha: text(raw.sha) };
  }
  if (kind === "npm") {
    const pkg = text(raw.package);
    return pkg === null ? null : { type: "npm", package: pkg, version: text(raw.version), registry: text(raw.registry) };
  }
  return null;
}

const INSTALL_POLICIES: readonly PluginInstallPolicy[] = ["NOT_AVAILABLE", "AVAILABLE", "INSTALLED_BY_DEFAULT"];
const AUTH_POLICIES: readonly PluginAuthPolicy[] = ["ON_INSTALL", "ON_USE"];

function parsePlugin(raw: unknown, root: string): MarketplacePlugin | null {
  if (!isRecord(raw)) return null;
  const name = text(raw.name);
  const source = pluginSource(raw.source, root);
  if (name === null || source === null) return null;
  const policy = isRecord(raw.policy) ? raw.policy : {};
  const installation = INSTALL_POLICIES.find((value) => value === policy.installation);
  const authentication = AUTH_POLICIES.find((value) => value === policy.authentication);
  return {
    name,
    source,
    installPolicy: installation ?? "AVAILABLE",
    authPolicy: authentication ?? "ON_INSTALL",
    category: text(raw.category),
  };
}

/** Where a JSON parser reports a missing field: the top-level object's closing brace (`at line L column C`, 1-based). */
function objectEnd(source: string): string {
  const end = source.trimEnd().length - 1;
  const before = source.slice(0, end + 1).split("\n");
  return `at line ${before.length} column ${before[before.length - 1]!.length}`;
}

/** Reads and parses a marketplace manifest; throws `MarketplaceFileError` with the reference's texts. */
export function readMarketplaceFile(file: string): Marketplace {
  const where = `invalid marketplace file \`${file}\``;
  let json: unknown;
  let source: string;
  try {
    source = readFileSync(file, "utf8");
    json = JSON.parse(source);
  } catch (error) {
    throw new MarketplaceFileError(`${where}: ${(error as Error).message}`);
  }
  if (!isRecord(json)) throw new MarketplaceFileError(`${where}: expected an object`);
  if (typeof json.name !== "string") throw new MarketplaceFileError(`${where}: missing field \`name\` ${objectEnd(source)}`);
  if (!Array.isArray(json.plugins)) throw new MarketplaceFileError(`${where}: missing field \`plugins\` ${objectEnd(source)}`);
  const root = rootOfManifest(file);
  const plugins: MarketplacePlugin[] = [];
  for (const raw of json.plugins) {
    const plugin = parsePlugin(raw, root);
    if (plugin !== null) plugins.push(plugin);
  }
  const displayName = isRecord(json.interface) ? text(json.interface.displayName) : null;
  return { name: json.name, file, root, displayName, plugins };
}

/** The marketplace a request names by its file (plugin/read, plugin/install), with the reference's errors. */
export function marketplaceAt(file: string): Marketplace {
  if (!existsSync(file)) throw invalidRequest(`marketplace file \`${file}\` does not exist`);
  if (statSync(file).isDirectory()) throw internalError("failed to read plugin details: failed to read marketplace file: Is a directory (os error 21)");
  try {
    return readMarketplaceFile(file);
  } catch (error) {
    if (error instanceof MarketplaceFileError) throw invalidRequest(error.message);
    throw error;
  }
}

export function pluginInMarketplace(marketplace: Marketplace, name: string): MarketplacePlugin {
  const plugin = marketplace.plugins.find((candidate) => candidate.name === name);
  if (!plugin) throw invalidRequest(`plugin \`${name}\` was not found in marketplace \`${marketplace.name}\``);
  return plugin;
}
