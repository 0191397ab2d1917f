/**
 * Managed requirements: what an administrator allows, from the system
 * `requirements.toml` the reference reads (`/etc/codex/requirements.toml`).
 * `AGENT_APP_SERVER_SYSTEM_CONFIG_DIR` replaces `/etc/codex` (tests, or a
 * managed install elsewhere). Requested values that are not allowed fall back
 * to an allowed one with a warning, as the reference does.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { isTable, toJsonTable, type TomlTable } from "./json-value.js";

export const DEFAULT_SYSTEM_CONFIG_DIR = "/etc/codex";

export function systemConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.AGENT_APP_SERVER_SYSTEM_CONFIG_DIR || DEFAULT_SYSTEM_CONFIG_DIR;
}

export interface ConfigRequirementsState {
  /** The file they come from. */
  file: string;
  allowedApprovalPolicies: string[] | null;
  allowedSandboxModes: string[] | null;
  allowedWebSearchModes: string[] | null;
  allowedApprovalsReviewers: string[] | null;
  featureRequirements: Record<string, boolean> | null;
  /** The file's other keys, as written. */
  raw: TomlTable;
  /** The file each allowed list comes from, when not `file` (the legacy managed_config.toml fills unset ones). */
  sources: Partial<Record<"allowedApprovalPolicies" | "allowedSandboxModes" | "allowedApprovalsReviewers", string>>;
}

/** The file the allowed list `field` is set by, for the reference's "(set by ...)" texts. */
export function requirementSource(req: ConfigRequirementsState, field: keyof ConfigRequirementsState["sources"]): string {
  return req.sources[field] ?? req.file;
}

/** The legacy `managed_config.toml`, read as config data, and where it is. */
export interface LegacyManagedConfig {
  file: string;
  config: TomlTable;
}

/**
 * The legacy `managed_config.toml` pins single values; the reference re-reads
 * them as requirements that fill whatever `requirements.toml` leaves unset:
 * the approval policy alone, read-only plus the sandbox mode (Codex needs
 * read-only), the reviewer (plus `user` when it is the guardian).
 */
function withLegacyManagedConfig(req: ConfigRequirementsState | null, legacy: LegacyManagedConfig | null): ConfigRequirementsState | null {
  if (!legacy) return req;
  const { config, file } = legacy;
  const pinned: Partial<Pick<ConfigRequirementsState, "allowedApprovalPolicies" | "allowedSandboxModes" | "allowedApprovalsReviewers">> = {};
  if (typeof config.approval_policy === "string") pinned.allowedApprovalPolicies = [config.approval_policy];
  if (typeof config.sandbox_mode === "string") {
    pinned.allowedSandboxModes = config.sandbox_mode === "read-only" ? ["read-only"] : ["read-only", config.sandbox_mode];
  }
  if (typeof config.approvals_reviewer === "string") {
    pinned.allowedApprovalsReviewers =
      config.approvals_reviewer === "guardian_subagent" ? ["guardian_subagent", "user"] : [config.approvals_reviewer];
  }
  if (Object.keys(pinned).length === 0) return req;
  const out: ConfigRequirementsState = req ?? {
    file,
    allowedApprovalPolicies: null,
    allowedSandboxModes: null,
    allowedWebSearchModes: null,
    allowedApprovalsReviewers: null,
    featureRequirements: null,
    raw: {},
    sources: {},
  };
  for (const key of ["allowedApprovalPolicies", "allowedSandboxModes", "allowedApprovalsReviewers"] as const) {
    if (out[key] === null && pinned[key]) {
      out[key] = pinned[key]!;
      out.sources[key] = file;
    }
  }
  return out;
}

function stringList(value: unknown): string[] | null {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : null;
}

/**
 * Reads `<dir>/requirements.toml` (absent → null), completed by the legacy
 * managed config when given. Problems are reported, not thrown.
 */
export function loadRequirements(
  dir: string,
  problems: { summary: string; details: string | null; path?: string }[],
  legacy: LegacyManagedConfig | null = null,
): ConfigRequirementsState | null {
  return withLegacyManagedConfig(readRequirementsFile(dir, problems), legacy);
}

function readRequirementsFile(dir: string, problems: { summary: string; details: string | null; path?: string }[]): ConfigRequirementsState | null {
  const file = path.join(dir, "requirements.toml");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return null;
  }
  let raw: TomlTable;
  try {
    raw = toJsonTable(parse(text) as TomlTable);
  } catch (error) {
    problems.push({ summary: `Invalid TOML in ${file}; managed requirements are ignored`, details: (error as Error).message, path: file });
    return null;
  }
  const features = isTable(raw.features)
    ? Object.fromEntries(Object.entries(raw.features).filter((e): e is [string, boolean] => typeof e[1] === "boolean"))
    : null;
  return {
    file,
    allowedApprovalPolicies: stringList(raw.allowed_approval_policies),
    allowedSandboxModes: stringList(raw.allowed_sandbox_modes),
    allowedWebSearchModes: stringList(raw.allowed_web_search_modes),
    allowedApprovalsReviewers: stringList(raw.allowed_approvals_reviewers),
    featureRequirements: features,
    raw,
    sources: {},
  };
}

function rawString(raw: TomlTable, key: string): string | null {
  return typeof raw[key] === "string" ? (raw[key] as string) : null;
}

function rawBoolean(raw: TomlTable, key: string): boolean | null {
  return typeof raw[key] === "boolean" ? (raw[key] as boolean) : null;
}

/** The `requirements` of configRequirements/read: every key the reference sends, in its order. */
export function requirementsForWire(req: ConfigRequirementsState): Record<string, unknown> {
  const raw = req.raw;
  // Disabling web search is always allowed.
  const webSearch = req.allowedWebSearchModes && [...req.allowedWebSearchModes, ...(req.allowedWebSearchModes.includes("disabled") ? [] : ["disabled"])];
  return {
    modelProvider: rawString(raw, "model_provider"),
    modelProviders: isTable(raw.model_providers) ? raw.model_providers : null,
    allowedLoginMethods: stringList(raw.allowed_login_methods) ?? ["api", "chatgpt"],
    cliAuthCredentialsStore: rawString(raw, "cli_auth_credentials_store"),
    chatgptBaseUrl: rawString(raw, "chatgpt_base_url"),
    additionalDeveloperInstructions: rawString(raw, "additional_developer_instructions"),
    allowedApprovalPolicies: req.allowedApprovalPolicies,
    allowedApprovalsReviewers: req.allowedApprovalsReviewers,
    allowedSandboxModes: req.allowedSandboxModes,
    allowedWindowsSandboxImplementations: null,
    allowedPermissionProfiles: null,
    defaultPermissions: rawString(raw, "default_permissions"),
    allowedWebSearchModes: webSearch,
    allowManagedHooksOnly: rawBoolean(raw, "allow_managed_hooks_only"),
    allowBrowserAndComputerUse: rawBoolean(raw, "allow_browser_and_computer_use"),
    allowAppshots: rawBoolean(raw, "allow_appshots"),
    allowRemoteControl: rawBoolean(raw, "allow_remote_control"),
    computerUse: null,
    browserUse: null,
    inAppBrowser: null,
    featureRequirements: req.featureRequirements,
    hooks: null,
    enforceResidency: null,
    network: null,
    application: null,
    autoReview: null,
    models: null,
    sqliteHome: rawString(raw, "sqlite_home"),
    logDir: rawString(raw, "log_dir"),
    modelCatalogJson: rawString(raw, "model_catalog_json"),
    checkForUpdateOnStartup: rawBoolean(raw, "check_for_update_on_startup"),
    allowLoginShell: rawBoolean(raw, "allow_login_shell"),
    feedback: null,
    otel: null,
  };
}

const RUST_NAMES: Record<string, string> = {
  untrusted: "UnlessTrusted",
  "on-request": "OnRequest",
  "on-failure": "OnFailure",
  never: "Never",
  "read-only": "ReadOnly",
  "workspace-write": "WorkspaceWrite",
  "danger-full-access": "DangerFullAccess",
};

const rustName = (value: string) => RUST_NAMES[value] ?? value;

/**
 * The reference's text when a value is not allowed, e.g. "Configured value for
 * `approval_policy` is disallowed by requirements; falling back to required
 * value UnlessTrusted. Details: ...".
 */
export function disallowedMessage(key: string, value: string, fallback: string, allowed: readonly string[], file: string): string {
  return (
    `Configured value for \`${key}\` is disallowed by requirements; falling back to required value ${rustName(fallback)}. ` +
    `Details: invalid value for \`${key}\`: \`${rustName(value)}\` is not in the allowed set [${allowed.map(rustName).join(", ")}] (set by ${file})`
  );
}

/** A feature write that contradicts `featureRequirements`, as the reference words it; undefined when fine. */
export function featureRequirementViolation(req: ConfigRequirementsState | null, features: unknown): string | undefined {
  if (!req?.featureRequirements || !isTable(features)) return undefined;
  for (const [name, required] of Object.entries(req.featureRequirements)) {
    const value = features[name];
    if (typeof value === "boolean" && value !== required) {
      const allowed = Object.entries(req.featureRequirements).map(([k, v]) => `${k}=${v}`).join(", ");
      return `invalid value for \`features\`: \`features.${name}=${value}\` is not in the allowed set [${allowed}] (set by ${req.file})`;
    }
  }
  return undefined;
}
