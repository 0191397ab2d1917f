import os from "node:os";
import path from "node:path";
import type { TomlTable } from "../../config/json-value.js";
import type { SkillMetadata, SkillsListEntry } from "../../protocol/extensions.js";
import type { Skill } from "../context/skills.js";
import type { Broadcast } from "../ports.js";
import { PathWatcher } from "../workspace/path-watcher.js";
import { disabledSkillPaths, skillRules } from "./config-rules.js";
import { loadSkills, projectRootMarkers, skillRootsFor, type LoadedSkill, type SkillLoadOutcome } from "./loader.js";
import { bundledSkillsEnabled, installSystemSkills, uninstallSystemSkills } from "./system/index.js";

/** The reference batches skill file changes into one `skills/changed`. */
export const SKILLS_CHANGED_DEBOUNCE_MS = 200;

export interface SkillCatalogOptions {
  codexHome: string;
  broadcast: Broadcast;
  /** The effective config as it is now (read again for every listing, so `[[skills.config]]` edits apply at once). */
  configValues: () => TomlTable;
  /** The user's home (for `~/.agents/skills`); defaults to `os.homedir()`. */
  homeDir?: string | null;
  /** The system config folder whose `skills/` are admin-scoped; defaults to `/etc/codex`. */
  systemConfigDir?: string | null;
  /** The skill folders of installed, enabled plugins: their skills are user skills named `<plugin>:<skill>`. */
  pluginSkillRoots?: () => ReadonlyArray<{ pluginId: string; pluginName: string; path: string }>;
}

/**
 * The skills each working directory sees: loaded from every root on first
 * use and cached per cwd until `forceReload`, `skills/extraRoots/set` or a
 * change under a watched root (which also sends `skills/changed`). Enabled
 * state comes from `[[skills.config]]` at the time of asking.
 */
export class SkillCatalog {
  private readonly cache = new Map<string, SkillLoadOutcome>();
  private extraRoots: string[] = [];
  private readonly watchers = new Map<string, PathWatcher>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: SkillCatalogOptions) {
    // As the reference does at startup: the shipped system skills are (re)installed, or removed when disabled.
    try {
      if (bundledSkillsEnabled(options.configValues())) installSystemSkills(options.codexHome);
      else uninstallSystemSkills(options.codexHome);
    } catch {
      // An unwritable CODEX_HOME leaves the server without system skills; listing reports what is on disk.
    }
  }

  private load(cwd: string, forceReload: boolean): SkillLoadOutcome {
    const key = path.resolve(cwd);
    const cached = forceReload ? undefined : this.cache.get(key);
    if (cached) return cached;
    const values = this.options.configValues();
    const roots = skillRootsFor(key, {
      codexHome: this.options.codexHome,
      homeDir: this.options.homeDir === undefined ? os.homedir() : this.options.homeDir,
      systemConfigDir: this.options.systemConfigDir === undefined ? "/etc/codex" : this.options.systemConfigDir,
      extraRoots: this.extraRoots,
      projectRootMarkers: projectRootMarkers(values),
      bundledSkills: bundledSkillsEnabled(values),
    });
    const outcome = loadSkills(roots);
    this.watch([...roots.map((root) => root.path), ...outcome.skills.flatMap((skill) => foldersBetween(skill.root, path.dirname(skill.path)))]);
    // Installed plugins are copies the server itself writes (install and uninstall reload): not watched.
    for (const plugin of this.options.pluginSkillRoots?.() ?? []) {
      const loaded = loadSkills([{ path: plugin.path, scope: "user" }]);
      outcome.skills.push(...loaded.skills.map((skill) => ({ ...skill, name: `${plugin.pluginName}:${skill.name}`, pluginId: plugin.pluginId })));
      outcome.errors.push(...loaded.errors);
    }
    this.cache.set(key, outcome);
    return outcome;
  }

  /**
   * Loads the skills of `cwd` soon, off the caller's task: a thread that was
   * just started or resumed has them (and their watches) ready before its
   * first turn asks. Nothing happens when they are loaded already; a failure
   * is left for the turn to meet.
   */
  prefetch(cwd: string): void {
    if (this.closed || this.cache.has(path.resolve(cwd))) return;
    setImmediate(() => {
      if (this.closed) return;
      try {
        this.load(cwd, false);
      } catch {
        // The first real use loads again and reports what went wrong.
      }
    });
  }

  /** `skills/list` for one cwd. */
  list(cwd: string, forceReload = false): SkillsListEntry {
    const outcome = this.load(cwd, forceReload);
    const disabled = disabledSkillPaths(outcome.skills, skillRules(this.options.configValues()));
    return {
      cwd,
      skills: outcome.skills.map((skill) => metadataOf(skill, !disabled.has(skill.path))),
      errors: outcome.errors.map((error) => ({ ...error })),
    };
  }

  /** The enabled skills of a thread at `cwd` (those used only when named are flagged: the prompt leaves them out). */
  forPrompt(cwd: string): Skill[] {
    const outcome = this.load(cwd, false);
    const disabled = disabledSkillPaths(outcome.skills, skillRules(this.options.configValues()));
    return outcome.skills
      .filter((skill) => !disabled.has(skill.path))
      .map((skill) => ({ name: skill.name, description: skill.description, path: skill.path, root: skill.root, implicitInvocation: skill.implicitInvocation }));
  }

  /** The loaded skill at `file` (a `SKILL.md` path) for `cwd`, enabled or not; null when none is. */
  find(cwd: string, file: string): { skill: LoadedSkill; enabled: boolean } | null {
    const outcome = this.load(cwd, false);
    const skill = outcome.skills.find((candidate) => candidate.path === file);
    if (!skill) return null;
    const disabled = disabledSkillPaths(outcome.skills, skillRules(this.options.configValues()));
    return { skill, enabled: !disabled.has(skill.path) };
  }

  /** Every skill loaded so far (any cwd), for resolving a `skills/config/write` selector. */
  loadedSkills(): LoadedSkill[] {
    return [...this.cache.values()].flatMap((outcome) => outcome.skills);
  }

  /** Whether the skill at `file` (or named `name`) is enabled under the current config. */
  effectiveEnabled(selector: { path?: string; name?: string }): boolean {
    const skills = this.loadedSkills();
    const disabled = disabledSkillPaths(skills, skillRules(this.options.configValues()));
    if (selector.path !== undefined) return !disabled.has(selector.path);
    const named = skills.filter((skill) => skill.name === selector.name);
    return named.length === 0 ? true : named.some((skill) => !disabled.has(skill.path));
  }

  setExtraRoots(roots: readonly string[]): void {
    this.extraRoots = [...roots];
    this.cache.clear();
  }

  /** Forget cached skills (after a config write that changes what is enabled, nothing needs reloading). */
  invalidate(): void {
    this.cache.clear();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private watch(targets: readonly string[]): void {
    if (this.closed) return;
    for (const target of targets) {
      const key = path.resolve(target);
      if (this.watchers.has(key)) continue;
      this.watchers.set(key, new PathWatcher(key, () => this.changed()));
    }
  }

  private changed(): void {
    if (this.closed) return;
    this.cache.clear();
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      if (!this.closed) this.options.broadcast("skills/changed", {});
    }, SKILLS_CHANGED_DEBOUNCE_MS);
  }
}

function metadataOf(skill: LoadedSkill, enabled: boolean): SkillMetadata {
  const out: SkillMetadata = {
    name: skill.name,
    description: skill.description,
    shortDescription: skill.shortDescription,
    interface: skill.interface,
    dependencies: skill.dependencies,
    path: skill.path,
    scope: skill.scope,
    enabled,
    pluginId: skill.pluginId ?? null,
  };
  return out;
}

/** The folders from `root` (exclusive) down to `dir` (inclusive): where a change can touch a skill below the root. */
function foldersBetween(root: string, dir: string): string[] {
  const relative = path.relative(root, dir);
  if (relative === "" || relative.startsWith("..")) return [];
  const parts = relative.split(path.sep);
  return parts.map((_, index) => path.join(root, ...parts.slice(0, index + 1)));
}

