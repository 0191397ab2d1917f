/**
 * One plugin folder as the reference reads it: `.codex-plugin/plugin.json`
 * (or `.claude-plugin/plugin.json`) gives the version, description, keywords
 * and the `interface` shown to users (local asset paths resolved against the
 * folder); its skills live under `skills/` (or the manifest's `skills` path),
 * one folder with a `SKILL.md` each, named `<plugin>:<skill>`; its MCP servers
 * come from `.mcp.json` (or the manifest's `mcpServers`).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { PluginInterface, SkillSummary } from "../../protocol/plugins.js";
import { extractFrontmatter, parseYaml } from "../skills/frontmatter.js";

const PLUGIN_MANIFEST_PATHS = [".codex-plugin/plugin.json", ".claude-plugin/plugin.json"] as const;
const MAX_DEFAULT_PROMPTS = 3;
const MAX_DEFAULT_PROMPT_CHARS = 512;

export interface PluginPackage {
  dir: string;
  /** The manifest's JSON, or null when the folder has none (or it is unreadable). */
  manifest: Record<string, unknown> | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

export function pluginManifestFile(dir: string): string | null {
  for (const relative of PLUGIN_MANIFEST_PATHS) {
    const file = path.join(dir, relative);
    if (existsSync(file)) return file;
  }
  return null;
}

export function readPluginPackage(dir: string): PluginPackage {
  const file = pluginManifestFile(dir);
  if (file === null) return { dir, manifest: null };
  try {
    const json: unknown = JSON.parse(readFileSync(file, "utf8"));
    return { dir, manifest: isRecord(json) ? json : null };
  } catch {
    return { dir, manifest: null };
  }
}

export function packageVersion(pkg: PluginPackage): string | null {
  return pkg.manifest ? text(pkg.manifest.version) : null;
}

export function packageDescription(pkg: PluginPackage): string | null {
  return pkg.manifest ? text(pkg.manifest.description) : null;
}

export function packageKeywords(pkg: PluginPackage): string[] {
  return pkg.manifest ? strings(pkg.manifest.keywords) : [];
}

function assetPath(dir: string, value: unknown): string | null {
  const relative = text(value);
  return relative === null ? null : path.resolve(dir, relative);
}

function defaultPrompts(value: unknown): string[] | null {
  const prompts = typeof value === "string" ? [value] : Array.isArray(value) ? strings(value) : null;
  if (prompts === null) return null;
  return prompts
    .map((prompt) => prompt.trim())
    .filter((prompt) => prompt !== "")
    .slice(0, MAX_DEFAULT_PROMPTS)
    .map((prompt) => [...prompt].slice(0, MAX_DEFAULT_PROMPT_CHARS).join(""));
}

/** The wire interface: the manifest's `interface`, with the marketplace entry's category taking precedence; null without a manifest interface. */
export function packageInterface(pkg: PluginPackage, category: string | null): PluginInterface | null {
  const raw = pkg.manifest?.interface;
  if (!isRecord(raw)) return null;
  const url = (...keys: string[]): string | null => keys.map((key) => text(raw[key])).find((value) => value !== null) ?? null;
  return {
    displayName: text(raw.displayName),
    shortDescription: text(raw.shortDescription),
    longDescription: text(raw.longDescription),
    developerName: text(raw.developerName),
    category: category ?? text(raw.category),
    capabilities: strings(raw.capabilities),
    websiteUrl: url("websiteUrl", "websiteURL"),
    privacyPolicyUrl: url("privacyPolicyUrl", "privacyPolicyURL"),
    termsOfServiceUrl: url("termsOfServiceUrl", "termsOfServiceURL"),
    defaultPrompt: defaultPrompts(raw.defaultPrompt),
    brandColor: text(raw.brandColor),
    composerIcon: assetPath(pkg.dir, raw.composerIcon),
    composerIconUrl: null,
    logo: assetPath(pkg.dir, raw.logo),
    logoDark: assetPath(pkg.dir, raw.logoDark),
    logoUrl: null,
    logoUrlDark: null,
    screenshots: strings(raw.screenshots).map((shot) => path.resolve(pkg.dir, shot)),
    screenshotUrls: [],
  };
}

function subdirectories(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

/** Where the plugin's skills live: the manifest's `skills` path, else `skills/`. */
export function skillsRoot(pkg: PluginPackage): string {
  const declared = pkg.manifest ? text(pkg.manifest.skills) : null;
  return path.resolve(pkg.dir, declared ?? "skills");
}

/** The plugin's skills, named `<plugin>:<skill>`, in folder order; folders without a readable SKILL.md are left out. */
export function packageSkills(pkg: PluginPackage, pluginName: string): SkillSummary[] {
  const root = skillsRoot(pkg);
  const skills: SkillSummary[] = [];
  for (const folder of subdirectories(root)) {
    const file = path.join(root, folder, "SKILL.md");
    let frontmatter: unknown;
    try {
      const source = extractFrontmatter(readFileSync(file, "utf8"));
      if (source === null) continue;
      frontmatter = parseYaml(source);
    } catch {
      continue;
    }
    if (!isRecord(frontmatter)) continue;
    const name = text(frontmatter.name) ?? folder;
    const description = typeof frontmatter.description === "string" ? frontmatter.description : "";
    const metadata = isRecord(frontmatter.metadata) ? frontmatter.metadata : {};
    skills.push({
      name: `${pluginName}:${name}`,
      description,
      shortDescription: text(metadata["short-description"]),
      interface: null,
      path: file,
      enabled: true,
    });
  }
  return skills;
}

/** Whether the plugin declares skills (a skills folder exists). */
export function packageHasSkills(pkg: PluginPackage): boolean {
  return existsSync(skillsRoot(pkg));
}

/** The names of the MCP servers the plugin declares, sorted. */
export function packageMcpServers(pkg: PluginPackage): string[] {
  const declared = pkg.manifest?.mcpServers;
  let servers: unknown = isRecord(declared) ? declared : undefined;
  if (servers === undefined) {
    const file = path.resolve(pkg.dir, text(declared) ?? ".mcp.json");
    try {
      const json: unknown = JSON.parse(readFileSync(file, "utf8"));
      servers = isRecord(json) && isRecord(json.mcpServers) ? json.mcpServers : json;
    } catch {
      servers = undefined;
    }
  }
  return isRecord(servers) ? Object.keys(servers).sort() : [];
}
