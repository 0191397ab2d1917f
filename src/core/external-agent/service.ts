/**
 * externalAgentConfig/detect and /import: what of another coding agent's
 * setup (Claude Code's, the one the reference knows) Codex does not have yet,
 * at home (`~/.claude` → `$CODEX_HOME`) and per repository (`.claude/` →
 * `.codex/`, `.agents/skills`, `AGENTS.md`), and copying it over without
 * overwriting anything the user already has.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type {
  ExternalAgentConfigImportHistory,
  ExternalAgentConfigImportHistoryRecordParams,
  ExternalAgentConfigImportItemTypeFailure,
  ExternalAgentConfigImportTypeResult,
  ExternalAgentConfigMigrationItem,
  ExternalAgentConfigMigrationItemType,
  MigrationDetails,
} from "../../protocol/external-agent.js";
import type { SqliteStore } from "../../store/sqlite-store.js";
import { loadSkills } from "../skills/loader.js";
import { importCommands, importSubagents, missingCommandNames, missingSubagentNames } from "./documents.js";
import {
  copyDirRewritingSkills,
  findRepoRoot,
  InvalidMigrationData,
  isDir,
  isMissingOrEmptyTextFile,
  isNonEmptyTextFile,
  missingSubdirectories,
  rewriteAndCopyTextFile,
} from "./files.js";
import { hookMigration, importHooks } from "./hooks.js";
import { readImportHistories, recordImportHistory } from "./import-history.js";
import { importLocalPlugins, importRemotePlugins, type PendingPluginImport } from "./plugin-import.js";
import { detectPlugins, type PluginsMigration } from "./plugins.js";
import { checkSessions, importSessions } from "./session-import.js";
import type { SessionImportContext } from "./session-threads.js";
import { detectRecentSessions } from "./sessions.js";
import { buildMcpConfigFromExternal, missingMcpServerNames } from "./mcp.js";
import { buildConfigFromExternal, effectiveExternalSettings, missingPaths, readExistingConfig, writeMissingValues, type Table } from "./settings.js";

const AGENT_DIR = ".claude";
const AGENT_DOC = "CLAUDE.md";

/** The order the reference reports item types in. */
const TYPE_ORDER: readonly ExternalAgentConfigMigrationItemType[] = [
  "CONFIG",
  "SKILLS",
  "AGENTS_MD",
  "PLUGINS",
  "MCP_SERVER_CONFIG",
  "SUBAGENTS",
  "HOOKS",
  "COMMANDS",
  "MEMORY",
  "SESSIONS",
];

/** The other agent's home folder: `$HOME/.claude`. */
export function defaultExternalAgentHome(): string {
  const home = process.env.HOME ?? process.env.USERPROFILE;
  return home ? path.join(home, AGENT_DIR) : AGENT_DIR;
}

function details(partial: Partial<MigrationDetails>): MigrationDetails {
  return { plugins: [], skills: [], sessions: [], mcpServers: [], hooks: [], subagents: [], commands: [], ...partial };
}

const named = (names: readonly string[]) => names.map((name) => ({ name }));

/** Where one scope's files are: home (repoRoot null) or a repository. */
interface Scope {
  cwd: string | null;
  agentDir: string;
  settingsFile: string;
  configFile: string;
  hooksFile: string;
  skillsTarget: string;
  agentsTarget: string;
  agentsMdTarget: string;
  /** Where `.mcp.json` / `.claude.json` are looked for. */
  mcpRoot: string;
}

export interface DetectOptions {
  includeHome: boolean;
  cwds: readonly string[];
  maxSessions?: number | null;
  maxSessionAgeDays?: number | null;
}

export interface ImportProgress {
  (result: ExternalAgentConfigImportTypeResult): void;
}

/** What the service needs from the rest of the server. */
export interface ExternalAgentPorts {
  /** The state database (import history, imported sessions' threads). */
  store(): SqliteStore;
}

export class ExternalAgentConfigService {
  constructor(
    private readonly codexHome: string,
    private readonly ports: ExternalAgentPorts,
    private readonly externalAgentHome: string = defaultExternalAgentHome(),
  ) {}

  /** Keeps a finished import for `import/readHistories`. */
  recordHistory(importId: string, providerId: string | null, results: ExternalAgentConfigImportHistoryRecordParams["itemTypeResults"]): void {
    recordImportHistory(this.ports.store().db, importId, providerId, results);
  }

  /** Finished imports, newest first. */
  histories(): ExternalAgentConfigImportHistory[] {
    return readImportHistories(this.ports.store().db);
  }

  private scope(repoRoot: string | null): Scope {
    if (repoRoot === null) {
      return {
        cwd: null,
        agentDir: this.externalAgentHome,
        settingsFile: path.join(this.externalAgentHome, "settings.json"),
        configFile: path.join(this.codexHome, "config.toml"),
        hooksFile: path.join(this.codexHome, "hooks.json"),
        // The reference puts home skills next to CODEX_HOME, in its parent's `.agents/skills`.
        skillsTarget: path.join(path.dirname(this.codexHome), ".agents", "skills"),
        agentsTarget: path.join(this.codexHome, "agents"),
        agentsMdTarget: path.join(this.codexHome, "AGENTS.md"),
        mcpRoot: path.dirname(this.externalAgentHome),
      };
    }
    return {
      cwd: repoRoot,
      agentDir: path.join(repoRoot, AGENT_DIR),
      settingsFile: path.join(repoRoot, AGENT_DIR, "settings.json"),
      configFile: path.join(repoRoot, ".codex", "config.toml"),
      hooksFile: path.join(repoRoot, ".codex", "hooks.json"),
      skillsTarget: path.join(repoRoot, ".agents", "skills"),
      agentsTarget: path.join(repoRoot, ".codex", "agents"),
      agentsMdTarget: path.join(repoRoot, "AGENTS.md"),
      mcpRoot: repoRoot,
    };
  }

  /** A repository's MCP filters come from its own settings, else (when it has none) the home settings. */
  private mcpSettings(scope: Scope, settings: unknown): unknown {
    if (scope.cwd === null || settings !== null) return settings;
    try {
      return effectiveExternalSettings(path.join(this.externalAgentHome, "settings.json"));
    } catch {
      return null;
    }
  }

  private agentsMdSource(scope: Scope): string | null {
    if (scope.cwd === null) {
      const file = path.join(this.externalAgentHome, AGENT_DOC);
      return isNonEmptyTextFile(file) ? file : null;
    }
    return [path.join(scope.cwd, AGENT_DOC), path.join(scope.cwd, AGENT_DIR, AGENT_DOC)].find(isNonEmptyTextFile) ?? null;
  }

  /** Throws `InvalidMigrationData` (bad settings JSON, bad config.toml) or an I/O error. */
  detect(options: DetectOptions): ExternalAgentConfigMigrationItem[] {
    const items: ExternalAgentConfigMigrationItem[] = [];
    if (options.includeHome) {
      const home = this.scope(null);
      this.detectScope(home, items);
      this.detectHomeOnly(home, items, options);
    }
    for (const cwd of options.cwds) {
      const repoRoot = findRepoRoot(cwd);
      if (repoRoot !== null) this.detectScope(this.scope(repoRoot), items);
    }
    return items;
  }

  /** Plugins (user-wide installs) and sessions come from the home folder only. */
  private detectHomeOnly(scope: Scope, items: ExternalAgentConfigMigrationItem[], options: DetectOptions): void {
    const settings = effectiveExternalSettings(scope.settingsFile);
    if (settings !== null) {
      let plugins: PluginsMigration[] = [];
      try {
        plugins = detectPlugins(settings, this.externalAgentHome, scope.configFile);
      } catch {
        // As the reference: a config that cannot be read skips plugin detection, not detection.
      }
      if (plugins.length > 0) {
        items.push({ itemType: "PLUGINS", description: `Migrate enabled plugins from ${scope.settingsFile}`, cwd: null, details: details({ plugins }) });
      }
    }
    const sessions = detectRecentSessions(this.externalAgentHome, this.codexHome, {
      maxSessions: options.maxSessions ?? null,
      maxAgeDays: options.maxSessionAgeDays ?? null,
    });
    if (sessions.length > 0) {
      const projects = path.join(this.externalAgentHome, "projects");
      items.push({ itemType: "SESSIONS", description: `Migrate recent sessions from ${projects}`, cwd: null, details: details({ sessions }) });
    }
  }

  private detectScope(scope: Scope, items: ExternalAgentConfigMigrationItem[]): void {
    const push = (itemType: ExternalAgentConfigMigrationItemType, description: string, itemDetails: MigrationDetails | null) =>
      items.push({ itemType, description, cwd: scope.cwd, details: itemDetails });

    const settings = effectiveExternalSettings(scope.settingsFile);
    let existing: Table | undefined;
    const existingConfig = () => (existing ??= readExistingConfig(scope.configFile));
    if (settings !== null) {
      const migrated = buildConfigFromExternal(settings);
      if (Object.keys(migrated).length > 0 && missingPaths(existingConfig(), migrated).length > 0) {
        push("CONFIG", `Migrate ${scope.settingsFile} into ${scope.configFile}`, null);
      }
    }

    const mcp = buildMcpConfigFromExternal(scope.mcpRoot, this.externalAgentHome, this.mcpSettings(scope, settings));
    if (Object.keys(mcp).length > 0) {
      const names = missingMcpServerNames(existingConfig(), mcp);
      if (names.length > 0) {
        push("MCP_SERVER_CONFIG", `Migrate MCP servers from ${scope.mcpRoot} into ${scope.configFile}`, details({ mcpServers: named(names) }));
      }
    }

    const hookEvents = [...hookMigration(scope.agentDir, path.join(path.dirname(scope.hooksFile), "hooks")).keys()];
    if (hookEvents.length > 0 && isMissingOrEmptyTextFile(scope.hooksFile)) {
      push("HOOKS", `Migrate hooks from ${scope.agentDir} to ${scope.hooksFile}`, details({ hooks: named(hookEvents) }));
    }

    const skillsSource = path.join(scope.agentDir, "skills");
    const skills = missingSubdirectories(skillsSource, scope.skillsTarget);
    if (skills.length > 0) {
      push("SKILLS", `Migrate skills from ${skillsSource} to ${scope.skillsTarget}`, details({ skills: named(skills) }));
    }

    const commandsSource = path.join(scope.agentDir, "commands");
    const commands = missingCommandNames(commandsSource, scope.skillsTarget);
    if (commands.length > 0) {
      push("COMMANDS", `Migrate commands from ${commandsSource} to ${scope.skillsTarget}`, details({ commands: named(commands) }));
    }

    const agentsSource = path.join(scope.agentDir, "agents");
    const subagents = missingSubagentNames(agentsSource, scope.agentsTarget);
    if (subagents.length > 0) {
      push("SUBAGENTS", `Migrate subagents from ${agentsSource} to ${scope.agentsTarget}`, details({ subagents: named(subagents) }));
    }

    const agentsMd = this.agentsMdSource(scope);
    if (agentsMd !== null && isMissingOrEmptyTextFile(scope.agentsMdTarget)) {
      push("AGENTS_MD", `Migrate ${agentsMd} to ${scope.agentsMdTarget}`, null);
    }
  }

  /**
   * Imports the items as the reference orders the work, reporting each step
   * through `progress`: the sessions are checked first (one result per
   * sessions item, naming those that were not detected), then every other
   * item in order (plugins whose marketplace is local are installed now), then
   * the sessions become threads, then git marketplaces are cloned and their
   * plugins installed. The outcomes grouped by item type.
   */
  async import(items: readonly ExternalAgentConfigMigrationItem[], progress: ImportProgress, context: SessionImportContext): Promise<ExternalAgentConfigImportTypeResult[]> {
    const grouped = new Map<ExternalAgentConfigMigrationItemType, ExternalAgentConfigImportTypeResult>();
    const report = (result: ExternalAgentConfigImportTypeResult) => {
      progress(result);
      const group = grouped.get(result.itemType) ?? { itemType: result.itemType, successes: [], failures: [] };
      group.successes.push(...result.successes);
      group.failures.push(...result.failures);
      grouped.set(result.itemType, group);
    };
    const sessionItems = items.filter((item) => item.itemType === "SESSIONS");
    const accepted = sessionItems.map((item) => {
      const { result, sessions } = checkSessions(this.externalAgentHome, item);
      report(result);
      return sessions;
    });
    const pending: PendingPluginImport[] = [];
    for (const item of items) {
      if (item.itemType === "SESSIONS" || item.itemType === "MEMORY") continue;
      report(item.itemType === "PLUGINS" ? importLocalPlugins(this.codexHome, this.externalAgentHome, item, pending) : this.importItem(item));
    }
    for (const sessions of accepted) if (sessions.length > 0) report(importSessions(this.codexHome, this.ports.store(), sessions, context));
    for (const remote of pending) report(await importRemotePlugins(this.codexHome, this.externalAgentHome, remote));
    return TYPE_ORDER.flatMap((type) => grouped.get(type) ?? []);
  }

  private importItem(item: ExternalAgentConfigMigrationItem): ExternalAgentConfigImportTypeResult {
    const cwd = item.cwd ? item.cwd : null;
    const result: ExternalAgentConfigImportTypeResult = { itemType: item.itemType, successes: [], failures: [] };
    const success = (source: string, target: string) =>
      result.successes.push({ itemType: item.itemType, cwd, source, target, title: null });
    const repoRoot = findRepoRoot(cwd);
    // A repository item whose folder is gone imports nothing.
    if (cwd !== null && repoRoot === null) return result;
    const scope = this.scope(repoRoot);
    try {
      switch (item.itemType) {
        case "CONFIG": {
          const settings = effectiveExternalSettings(scope.settingsFile);
          if (settings === null) break;
          const migrated = buildConfigFromExternal(settings);
          if (Object.keys(migrated).length === 0) break;
          const paths = missingPaths(readExistingConfig(scope.configFile), migrated);
          if (paths.length === 0) break;
          writeMissingValues(scope.configFile, migrated, paths);
          success(scope.settingsFile, scope.configFile);
          break;
        }
        case "MCP_SERVER_CONFIG": {
          const settings = this.mcpSettings(scope, effectiveExternalSettings(scope.settingsFile));
          const migrated = buildMcpConfigFromExternal(scope.mcpRoot, this.externalAgentHome, settings);
          if (Object.keys(migrated).length === 0) break;
          const names = missingMcpServerNames(readExistingConfig(scope.configFile), migrated);
          writeMissingValues(scope.configFile, migrated, names.map((name) => ["mcp_servers", name]));
          for (const name of names) success(name, name);
          break;
        }
        case "HOOKS":
          for (const name of importHooks(scope.agentDir, scope.hooksFile)) success(name, name);
          break;
        case "SKILLS":
          for (const name of importSkills(path.join(scope.agentDir, "skills"), scope.skillsTarget)) success(name, name);
          break;
        case "COMMANDS":
          for (const name of importCommands(path.join(scope.agentDir, "commands"), scope.skillsTarget)) success(name, name);
          break;
        case "SUBAGENTS":
          for (const name of importSubagents(path.join(scope.agentDir, "agents"), scope.agentsTarget)) success(name, name);
          break;
        case "AGENTS_MD": {
          const source = this.agentsMdSource(scope);
          if (source === null || !isMissingOrEmptyTextFile(scope.agentsMdTarget)) break;
          mkdirSync(path.dirname(scope.agentsMdTarget), { recursive: true });
          rewriteAndCopyTextFile(source, scope.agentsMdTarget);
          success(source, scope.agentsMdTarget);
          break;
        }
        default:
          break;
      }
    } catch (error) {
      const message = (error as Error).message;
      const errorType = message.includes("invalid existing config.toml") ? "invalid_existing_config" : "external_agent_config_import_error";
      result.failures.push(failure(item.itemType, cwd, errorType, "import_request_failed", message));
    }
    return result;
  }
}

function failure(
  itemType: ExternalAgentConfigMigrationItemType,
  cwd: string | null,
  errorType: string | null,
  failureStage: string,
  message: string,
): ExternalAgentConfigImportItemTypeFailure {
  return { itemType, errorType, subErrorType: null, failureStage, message, cwd, source: null };
}

/** Copies each skill folder the target lacks; refuses (naming each bad `SKILL.md`) when any source skill is invalid. */
function importSkills(source: string, target: string): string[] {
  if (!isDir(source)) return [];
  const outcome = loadSkills([{ path: source, scope: "user" }]);
  if (outcome.errors.length > 0) {
    throw new InvalidMigrationData(`invalid skills: ${outcome.errors.map((error) => `${error.path}: ${error.message}`).join("; ")}`);
  }
  mkdirSync(target, { recursive: true });
  const copied: string[] = [];
  for (const name of missingSubdirectories(source, target)) {
    copyDirRewritingSkills(path.join(source, name), path.join(target, name));
    copied.push(name);
  }
  return copied;
}
