import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse, TomlError } from "smol-toml";
import { deepClone, layerVersion, leafPaths, mergeTables, toJsonTable, type TomlTable } from "./json-value.js";
import { overridesTable } from "./overrides.js";
import { disallowedMessage, loadRequirements, requirementSource, systemConfigDir, type ConfigRequirementsState } from "./requirements.js";
import { buildSettings, sanitizeConfig, type ConfigSettings, type SettingProblem } from "./settings.js";

export interface TextPosition {
  line: number;
  column: number;
}

/** A configuration problem; sent to clients as a `configWarning` notification. */
export interface ConfigProblem {
  summary: string;
  details: string | null;
  path?: string;
  range?: { start: TextPosition; end: TextPosition };
}

/** Where a layer comes from, in the reference's `ConfigLayerSource` wire form. */
export type ConfigLayerName =
  | { type: "user"; file: string; profile: null }
  | { type: "sessionFlags" }
  | { type: "system"; file: string }
  | { type: "legacyManagedConfigTomlFromFile"; file: string };

export interface ConfigLayerState {
  name: ConfigLayerName;
  /** `sha256:<hex>` of the layer's canonical JSON, as the reference computes it. */
  version: string;
  /** The layer's own values, as written (JSON data). */
  config: TomlTable;
}

export interface ConfigOrigin {
  name: ConfigLayerName;
  version: string;
}

export interface LoadedConfig {
  /**
   * The effective config: `config.toml` with `-c` overrides applied; snake_case
   * keys as in the file. Values that failed validation are removed (their
   * defaults apply); unknown keys are kept.
   */
  values: TomlTable;
  /** Typed, validated view of the keys this server understands, defaults filled in. */
  settings: ConfigSettings;
  /** Problems found while loading; reported to clients as `configWarning`. */
  problems: ConfigProblem[];
  /** `CODEX_HOME/config.toml` (it need not exist). */
  file: string;
  /**
   * The layers, highest precedence first, as the reference stacks them: the
   * legacy `managed_config.toml` (when present), `-c` overrides (when any),
   * the user file, then the system `config.toml` (always listed).
   */
  layers: ConfigLayerState[];
  /** The layer each leaf value (dotted key, arrays by index) comes from. */
  origins: Record<string, ConfigOrigin>;
  /** Managed requirements (system requirements.toml), or null when there are none. */
  requirements: ConfigRequirementsState | null;
}

function firstLine(text: string): string {
  return text.split("\n", 1)[0]!.trim();
}

/** A config file's data; absent is an empty layer, unreadable or invalid ones are reported and count as empty. */
function readLayerFile(file: string, problems: ConfigProblem[]): TomlTable {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "ENOTDIR") {
      problems.push({
        summary: `Could not read ${file}; its settings are ignored`,
        details: (error as Error).message,
        path: file,
      });
    }
    return {};
  }
  try {
    return toJsonTable(parse(text, { integersAsBigInt: "asNeeded" }) as TomlTable);
  } catch (error) {
    const problem: ConfigProblem = {
      summary: `Invalid TOML in ${file}; its settings are ignored and defaults apply`,
      details: (error as Error).message,
      path: file,
    };
    if (error instanceof TomlError) {
      const position = { line: error.line, column: error.column };
      problem.summary = `Invalid TOML in ${file} at line ${error.line}, column ${error.column}: ${firstLine(
        error.message.replace(/^Invalid TOML document:\s*/, ""),
      )}; its settings are ignored and defaults apply`;
      problem.range = { start: position, end: position };
    }
    problems.push(problem);
    return {};
  }
}

function computeOrigins(layers: readonly ConfigLayerState[]): Record<string, ConfigOrigin> {
  const origins: Record<string, ConfigOrigin> = {};
  // Lowest precedence first, so higher layers overwrite.
  for (const layer of [...layers].reverse()) {
    for (const key of leafPaths(layer.config)) origins[key] = { name: layer.name, version: layer.version };
  }
  return origins;
}

function originOf(origins: Record<string, ConfigOrigin>, key: string): ConfigOrigin | undefined {
  if (origins[key]) return origins[key];
  const prefix = `${key}.`;
  const nested = Object.keys(origins).filter((k) => k.startsWith(prefix));
  return nested.map((k) => origins[k]!).find((o) => o.name.type === "sessionFlags") ?? (nested[0] ? origins[nested[0]] : undefined);
}

function settingProblem(problem: SettingProblem, origins: Record<string, ConfigOrigin>): ConfigProblem {
  const origin = originOf(origins, problem.key);
  const where =
    origin === undefined ? "the configuration" : origin.name.type === "sessionFlags" ? `the \`-c ${problem.key}=…\` override` : origin.name.file;
  const out: ConfigProblem = {
    summary: `${problem.key}: ${problem.message}`,
    details: `The value of \`${problem.key}\` from ${where} is invalid and was ignored; using ${problem.fallback} instead.`,
  };
  if (origin?.name.type === "user") out.path = origin.name.file;
  return out;
}

/**
 * Configured approval policy and sandbox mode that requirements do not allow
 * fall back to the default when allowed, else the first allowed value.
 */
function applyRequirements(settings: ConfigSettings, values: TomlTable, req: ConfigRequirementsState | null): string[] {
  const warnings: string[] = [];
  if (!req) return warnings;
  const approvals = req.allowedApprovalPolicies;
  if (approvals && approvals.length > 0 && typeof settings.approvalPolicy === "string" && !approvals.includes(settings.approvalPolicy)) {
    const fallback = (approvals.includes("on-request") ? "on-request" : approvals[0]!) as typeof settings.approvalPolicy;
    if (values.approval_policy !== undefined) {
      warnings.push(
        disallowedMessage("approval_policy", settings.approvalPolicy, fallback as string, approvals, requirementSource(req, "allowedApprovalPolicies")),
      );
    }
    settings.approvalPolicy = fallback;
  }
  const modes = req.allowedSandboxModes;
  if (modes && modes.length > 0 && !modes.includes(settings.sandboxMode)) {
    const fallback = (modes.includes("read-only") ? "read-only" : modes[0]!) as typeof settings.sandboxMode;
    if (values.sandbox_mode !== undefined) {
      warnings.push(disallowedMessage("sandbox_mode", settings.sandboxMode, fallback, modes, requirementSource(req, "allowedSandboxModes")));
    }
    settings.sandboxMode = fallback;
  }
  return warnings;
}

function existsAsFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Reads the system `config.toml`, `CODEX_HOME/config.toml` and the legacy
 * `managed_config.toml` (each may be absent) and applies command-line
 * overrides. Never throws: unreadable or invalid input becomes `problems`.
 */
export function loadConfig(codexHome: string, overrides: readonly string[], systemDir = systemConfigDir()): LoadedConfig {
  const file = path.join(codexHome, "config.toml");
  const problems: ConfigProblem[] = [];
  // The reference reads the legacy managed config from the system folder on Unix.
  const managedFile = path.join(systemDir, "managed_config.toml");
  const managed = existsAsFile(managedFile) ? { file: managedFile, config: readLayerFile(managedFile, problems) } : null;
  const requirements = loadRequirements(systemDir, problems, managed);
  const systemFile = path.join(systemDir, "config.toml");
  const systemConfig = readLayerFile(systemFile, problems);
  const userConfig = readLayerFile(file, problems);

  const layers: ConfigLayerState[] = [];
  if (managed) {
    layers.push({ name: { type: "legacyManagedConfigTomlFromFile", file: managedFile }, version: layerVersion(managed.config), config: managed.config });
  }
  if (overrides.length > 0) {
    const config = overridesTable(overrides);
    layers.push({ name: { type: "sessionFlags" }, version: layerVersion(config), config });
  }
  layers.push({ name: { type: "user", file, profile: null }, version: layerVersion(userConfig), config: userConfig });
  layers.push({ name: { type: "system", file: systemFile }, version: layerVersion(systemConfig), config: systemConfig });

  let merged: TomlTable = {};
  for (const layer of [...layers].reverse()) merged = mergeTables(merged, deepClone(layer.config));
  const origins = computeOrigins(layers);
  const { values, problems: settingProblems } = sanitizeConfig(merged);
  for (const problem of settingProblems) problems.push(settingProblem(problem, origins));

  const settings = buildSettings(values);
  for (const problem of applyRequirements(settings, values, requirements)) problems.push({ summary: problem, details: null });
  return { values, settings, problems, file, layers, origins, requirements };
}

function fileStamp(file: string): string {
  const stat = statSync(file, { throwIfNoEntry: false });
  return stat ? `${stat.ino}:${stat.size}:${stat.mtimeMs}` : "-";
}

/**
 * `loadConfig` for callers that want what is on disk now (hooks, skills:
 * several times per turn and per tool call): the files are stat'ed on each
 * call and parsed again only when one of them changed (inode, size or
 * modification time; a write by this server renames a new file in place).
 * The result is shared: callers must not change it.
 */
export function currentConfigLoader(codexHome: string, overrides: readonly string[], systemDir = systemConfigDir()): () => LoadedConfig {
  const files = [
    path.join(codexHome, "config.toml"),
    path.join(systemDir, "managed_config.toml"),
    path.join(systemDir, "config.toml"),
    path.join(systemDir, "requirements.toml"),
  ];
  let stamp = "";
  let loaded: LoadedConfig | undefined;
  return () => {
    const next = files.map(fileStamp).join("|");
    if (loaded === undefined || next !== stamp) {
      loaded = loadConfig(codexHome, overrides, systemDir);
      stamp = next;
    }
    return loaded;
  };
}
