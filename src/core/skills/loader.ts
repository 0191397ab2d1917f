import type { TomlTable } from "../../config/json-value.js";
import { readFileSync, readdirSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import type { SkillDependencies, SkillInterface, SkillScope } from "../../protocol/extensions.js";
import { dirsFromProjectRoot } from "../../util/project-root.js";
import { extractFrontmatter, parseYaml, YamlError, type YamlValue } from "./frontmatter.js";

/** A directory skills are looked for under, and the scope its skills get. */
export interface SkillRoot {
  path: string;
  scope: SkillScope;
}

/** One loaded skill, before its enabled state is known. */
export interface LoadedSkill {
  name: string;
  description: string;
  shortDescription: string | null;
  interface: SkillInterface | null;
  dependencies: SkillDependencies | null;
  /** Canonical absolute path of the `SKILL.md`. */
  path: string;
  scope: SkillScope;
  /** The root the skill was found under (canonical). */
  root: string;
  /** False when `agents/openai.yaml` sets `policy.allow_implicit_invocation: false`: usable only when named. */
  implicitInvocation: boolean;
  /** The installed plugin (`name@marketplace`) the skill comes with. */
  pluginId?: string;
}

export interface SkillProblem {
  path: string;
  message: string;
}

export interface SkillLoadOutcome {
  skills: LoadedSkill[];
  errors: SkillProblem[];
}

/** Where the roots come from: `$CODEX_HOME`, the user's home, the system config folder, extra roots. */
export interface SkillRootSources {
  codexHome: string;
  homeDir: string | null;
  /** The system config folder (`/etc/codex` on Unix): its `skills/` are admin-scoped. */
  systemConfigDir: string | null;
  extraRoots: readonly string[];
  /** Files or folders whose presence marks a project root (`project_root_markers`, default `.git`). */
  projectRootMarkers: readonly string[];
  /** `[skills.bundled] enabled`: without it the system skills root is not read. */
  bundledSkills?: boolean;
}

const SKILL_FILE = "SKILL.md";
const MAX_NAME_LEN = 64;
const MAX_DESCRIPTION_LEN = 1024;
const MAX_SCAN_DEPTH = 6;
const MAX_DIRS_PER_ROOT = 2000;

/**
 * The roots for `cwd`, highest precedence first, as the reference orders
 * them: the project's `.codex/skills` folders (nearest the cwd first), the
 * user's `$CODEX_HOME/skills` and `~/.agents/skills`, the system cache
 * `$CODEX_HOME/skills/.system`, the admin `/etc/codex/skills`, extra roots
 * (user scope), then `.agents/skills` from the project root down to the cwd.
 */
export function skillRootsFor(cwd: string, sources: SkillRootSources): SkillRoot[] {
  const projectDirs = dirsFromProjectRoot(cwd, sources.projectRootMarkers);
  const roots: SkillRoot[] = [];
  for (const dir of [...projectDirs].reverse()) {
    if (isDirectory(path.join(dir, ".codex"))) roots.push({ path: path.join(dir, ".codex", "skills"), scope: "repo" });
  }
  roots.push({ path: path.join(sources.codexHome, "skills"), scope: "user" });
  if (sources.homeDir) roots.push({ path: path.join(sources.homeDir, ".agents", "skills"), scope: "user" });
  if (sources.bundledSkills !== false) roots.push({ path: path.join(sources.codexHome, "skills", ".system"), scope: "system" });
  if (sources.systemConfigDir) roots.push({ path: path.join(sources.systemConfigDir, "skills"), scope: "admin" });
  for (const extra of sources.extraRoots) roots.push({ path: extra, scope: "user" });
  for (const dir of projectDirs) roots.push({ path: path.join(dir, ".agents", "skills"), scope: "repo" });
  const seen = new Set<string>();
  return roots.filter((root) => {
    const key = path.resolve(root.path);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `project_root_markers` from the config (`.git` when unset or not a list of strings). */
export function projectRootMarkers(values: TomlTable): string[] {
  const markers = values.project_root_markers;
  if (Array.isArray(markers) && markers.every((marker) => typeof marker === "string")) return markers as string[];
  return [".git"];
}

const SCOPE_RANK: Record<SkillScope, number> = { repo: 0, user: 1, system: 2, admin: 3 };

/**
 * Every skill under `roots`: a breadth-first walk (dot entries skipped,
 * depth and folder count bounded) that reads each `SKILL.md`. A file that
 * does not parse goes to `errors` (except under the system root, which Codex
 * itself writes); the same file reached from two roots counts once; skills
 * are sorted by scope (repo, user, system, admin), then name, then path.
 */
export function loadSkills(roots: readonly SkillRoot[]): SkillLoadOutcome {
  const outcome: SkillLoadOutcome = { skills: [], errors: [] };
  for (const root of roots) scanRoot(root, outcome);
  const seen = new Set<string>();
  outcome.skills = outcome.skills.filter((skill) => {
    if (seen.has(skill.path)) return false;
    seen.add(skill.path);
    return true;
  });
  outcome.skills.sort(
    (a, b) =>
      SCOPE_RANK[a.scope] - SCOPE_RANK[b.scope] || compare(a.name, b.name) || compare(a.path, b.path),
  );
  return outcome;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function scanRoot(root: SkillRoot, outcome: SkillLoadOutcome): void {
  const rootPath = canonical(root.path);
  if (!isDirectory(rootPath)) return;
  const followSymlinks = root.scope !== "system";
  const visited = new Set<string>([rootPath]);
  const queue: Array<[string, number]> = [[rootPath, 0]];
  const enqueue = (dir: string, depth: number): void => {
    if (depth > MAX_SCAN_DEPTH || visited.size >= MAX_DIRS_PER_ROOT || visited.has(dir)) return;
    visited.add(dir);
    queue.push([dir, depth]);
  };
  while (queue.length > 0) {
    const [dir, depth] = queue.shift()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => compare(a.name, b.name));
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        if (followSymlinks && isDirectory(full)) enqueue(canonical(full), depth + 1);
        continue;
      }
      if (entry.isDirectory()) {
        enqueue(canonical(full), depth + 1);
        continue;
      }
      if (entry.isFile() && entry.name === SKILL_FILE) {
        try {
          outcome.skills.push(parseSkillFile(full, root.scope, rootPath));
        } catch (error) {
          if (root.scope !== "system") outcome.errors.push({ path: full, message: (error as Error).message });
        }
      }
    }
  }
}

class SkillParseError extends Error {}

/** Reads one `SKILL.md`: YAML frontmatter with a `name` and a `description` (both required, single-lined, bounded). */
export function parseSkillFile(file: string, scope: SkillScope, root: string): LoadedSkill {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new SkillParseError(`failed to read file: ${(error as Error).message}`);
  }
  const frontmatter = extractFrontmatter(text);
  if (frontmatter === null) throw new SkillParseError("missing YAML frontmatter delimited by ---");
  let parsed: YamlValue;
  try {
    parsed = parseYaml(frontmatter);
  } catch (error) {
    throw new SkillParseError(`invalid YAML: ${error instanceof YamlError ? error.message : String(error)}`);
  }
  if (!isMap(parsed)) throw new SkillParseError("invalid YAML: the frontmatter is not a mapping");
  const name = singleLine(requiredField(parsed, "name"));
  const description = singleLine(requiredField(parsed, "description"));
  const metadata = isMap(parsed.metadata) ? parsed.metadata : {};
  const shortDescription = singleLine(stringField(metadata, "short-description", "metadata.short-description")) || null;
  checkLength(name, MAX_NAME_LEN, "name");
  checkLength(description, MAX_DESCRIPTION_LEN, "description");
  if (shortDescription !== null) checkLength(shortDescription, MAX_DESCRIPTION_LEN, "metadata.short-description");
  const extra = readSkillMetadataFile(path.dirname(file));
  return {
    name,
    description,
    shortDescription,
    interface: extra.interface,
    dependencies: extra.dependencies,
    path: canonical(file),
    scope,
    root,
    implicitInvocation: extra.implicitInvocation,
  };
}

function stringField(map: { [key: string]: YamlValue }, key: string, label = key): string {
  const value = map[key];
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new SkillParseError(`invalid YAML: ${label}: expected a string`);
}

function requiredField(map: { [key: string]: YamlValue }, key: string): string {
  const value = stringField(map, key);
  if (value.trim() === "") throw new SkillParseError(`missing field \`${key}\``);
  return value;
}

function checkLength(value: string, max: number, field: string): void {
  const length = [...value].length;
  if (length > max) throw new SkillParseError(`invalid ${field}: exceeds maximum length of ${max} characters`);
}

function singleLine(value: string): string {
  return value.split(/\s+/).filter(Boolean).join(" ");
}

/** The optional `agents/openai.yaml` beside a skill: its interface and dependencies; unreadable or invalid means none. */
function readSkillMetadataFile(skillDir: string): { interface: SkillInterface | null; dependencies: SkillDependencies | null; implicitInvocation: boolean } {
  const none = { interface: null, dependencies: null, implicitInvocation: true };
  let parsed: YamlValue;
  try {
    parsed = parseYaml(readFileSync(path.join(skillDir, "agents", "openai.yaml"), "utf8"));
  } catch {
    return none;
  }
  if (!isMap(parsed)) return none;
  const implicitInvocation = !(isMap(parsed.policy) && parsed.policy.allow_implicit_invocation === false);
  return { interface: skillInterface(parsed.interface, skillDir), dependencies: skillDependencies(parsed.dependencies), implicitInvocation };
}

function optionalString(value: YamlValue | undefined, max: number): string | null {
  if (typeof value !== "string") return null;
  const text = singleLine(value);
  return text && [...text].length <= max ? text : null;
}

function skillInterface(value: YamlValue | undefined, skillDir: string): SkillInterface | null {
  if (!isMap(value)) return null;
  const out: SkillInterface = {
    displayName: optionalString(value.display_name, MAX_NAME_LEN),
    shortDescription: optionalString(value.short_description, MAX_DESCRIPTION_LEN),
    iconSmall: assetPath(value.icon_small, skillDir),
    iconSmallUrl: null,
    iconLarge: assetPath(value.icon_large, skillDir),
    iconLargeUrl: null,
    brandColor: typeof value.brand_color === "string" && /^#[0-9a-fA-F]{6}$/.test(value.brand_color) ? value.brand_color : null,
    defaultPrompt: optionalString(value.default_prompt, MAX_DESCRIPTION_LEN),
  };
  return Object.values(out).some((field) => field !== null && field !== undefined) ? out : null;
}

/** Icons must be relative paths under the skill's `assets/`. */
function assetPath(value: YamlValue | undefined, skillDir: string): string | null {
  if (typeof value !== "string" || value === "" || path.isAbsolute(value)) return null;
  const parts = value.split(/[\\/]/).filter((part) => part !== "" && part !== ".");
  if (parts.includes("..") || parts[0] !== "assets") return null;
  return path.join(skillDir, ...parts);
}

function skillDependencies(value: YamlValue | undefined): SkillDependencies | null {
  if (!isMap(value) || !Array.isArray(value.tools)) return null;
  const tools = value.tools.flatMap((tool) => {
    if (!isMap(tool)) return [];
    const type = optionalString(tool.type, MAX_NAME_LEN);
    const toolValue = optionalString(tool.value, MAX_DESCRIPTION_LEN);
    if (!type || !toolValue) return [];
    return [
      {
        type,
        value: toolValue,
        description: optionalString(tool.description, MAX_DESCRIPTION_LEN),
        transport: optionalString(tool.transport, MAX_NAME_LEN),
        command: optionalString(tool.command, MAX_DESCRIPTION_LEN),
        url: optionalString(tool.url, MAX_DESCRIPTION_LEN),
      },
    ];
  });
  return tools.length > 0 ? { tools } : null;
}

function isMap(value: YamlValue | undefined): value is { [key: string]: YamlValue } {
  return value !== null && value !== undefined && typeof value === "object" && !Array.isArray(value);
}

function canonical(target: string): string {
  try {
    return realpathSync(target);
  } catch {
    return path.resolve(target);
  }
}

export function isDirectory(target: string): boolean {
  try {
    return statSync(target).isDirectory();
  } catch {
    return false;
  }
}
