import path from "node:path";
import { deepClone, type TomlTable } from "../config/json-value.js";
import type { LoadedConfig } from "../config/load.js";
import { setDotted } from "../config/overrides.js";
import { disallowedMessage, requirementSource, type ConfigRequirementsState } from "../config/requirements.js";
import { buildSettings, sanitizeConfig, type ConfigSettings } from "../config/settings.js";
import { DEFAULT_MODEL } from "../model/catalog.js";
import type { JsonValue } from "../protocol/common.js";
import type { ApprovalsReviewer, AskForApproval, SandboxMode, SandboxPolicy } from "../protocol/policy.js";
import { invalidRequest } from "../protocol/errors.js";
import { defaultPermissions } from "./context/index.js";
import type { ThreadSettings } from "../store/types.js";

/** The overrides thread/start, thread/resume and thread/fork accept. */
export interface SettingsParams {
  model?: string | null;
  modelProvider?: string | null;
  serviceTier?: string | null;
  cwd?: string | null;
  approvalPolicy?: AskForApproval | null;
  approvalsReviewer?: ApprovalsReviewer | null;
  sandbox?: SandboxMode | null;
  config?: Record<string, JsonValue> | null;
  baseInstructions?: string | null;
  developerInstructions?: string | null;
}

/** `sandbox_mode` + `[sandbox_workspace_write]` → the `SandboxPolicy` a thread runs with. */
export function sandboxPolicyFor(mode: SandboxMode, settings: ConfigSettings): SandboxPolicy {
  switch (mode) {
    case "danger-full-access":
      return { type: "dangerFullAccess" };
    case "workspace-write": {
      const sww = settings.sandboxWorkspaceWrite;
      return {
        type: "workspaceWrite",
        writableRoots: [...sww.writableRoots],
        networkAccess: sww.networkAccess,
        excludeTmpdirEnvVar: sww.excludeTmpdirEnvVar,
        excludeSlashTmp: sww.excludeSlashTmp,
      };
    }
    default:
      return { type: "readOnly", networkAccess: false };
  }
}

/** Whether the config marks `cwd` (or a directory above it) `[projects."<path>"] trust_level = "trusted"`. */
export function isTrustedProject(values: TomlTable, cwd: string): boolean {
  const projects = values.projects;
  if (typeof projects !== "object" || projects === null || Array.isArray(projects)) return false;
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const entry = (projects as Record<string, unknown>)[dir];
    if (typeof entry === "object" && entry !== null && (entry as { trust_level?: unknown }).trust_level === "trusted") return true;
    if (path.dirname(dir) === dir) return false;
  }
}

/** A client-supplied cwd, made absolute against the server's own cwd; none → the server's cwd. */
export function resolveCwd(cwd: string | null | undefined): string {
  return cwd ? path.resolve(process.cwd(), cwd) : process.cwd();
}

function str(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/** The effective config with a request's dotted `config` overrides applied (invalid ones refused). */
function configWithOverrides(config: LoadedConfig, overrides: Record<string, JsonValue>): { values: TomlTable; settings: ConfigSettings } {
  const merged = deepClone(config.values);
  for (const [key, value] of Object.entries(overrides)) setDotted(merged, key, value);
  const { values, problems } = sanitizeConfig(merged);
  const problem = problems[0];
  if (problem) throw invalidRequest(`invalid config override \`${problem.key}\`: ${problem.message}`);
  return { values, settings: buildSettings(values) };
}

/** Settings a new thread gets from the config (including a request's `config` overrides). */
function defaultsFrom(values: TomlTable, settings: ConfigSettings): ThreadSettings {
  return {
    model: settings.model ?? DEFAULT_MODEL,
    modelProvider: settings.modelProvider,
    reasoningEffort: settings.modelReasoningEffort,
    reasoningSummary: settings.modelReasoningSummary,
    cwd: process.cwd(),
    approvalPolicy: settings.approvalPolicy as AskForApproval,
    approvalsReviewer: (str(values.approvals_reviewer) as ApprovalsReviewer | null) ?? "user",
    sandboxPolicy: sandboxPolicyFor(settings.sandboxMode, settings),
    baseInstructions: str(values.base_instructions) ?? str(values.instructions),
    developerInstructions: settings.developerInstructions,
    serviceTier: str(values.service_tier),
  };
}

/** Config keys a request's `config` may carry that map onto thread settings. */
const CONFIG_KEY_FIELDS: Record<string, (keyof ThreadSettings)[]> = {
  model: ["model"],
  model_provider: ["modelProvider"],
  model_reasoning_effort: ["reasoningEffort"],
  model_reasoning_summary: ["reasoningSummary"],
  approval_policy: ["approvalPolicy"],
  approvals_reviewer: ["approvalsReviewer"],
  sandbox_mode: ["sandboxPolicy"],
  sandbox_workspace_write: ["sandboxPolicy"],
  base_instructions: ["baseInstructions"],
  instructions: ["baseInstructions"],
  developer_instructions: ["developerInstructions"],
  service_tier: ["serviceTier"],
};

/**
 * The settings a thread runs with: `base` (a resumed/forked thread's persisted
 * settings, or null for a new thread, which starts from the config), then the
 * request's `config` overrides, then its explicit fields.
 */
export function resolveSettings(
  config: LoadedConfig,
  base: ThreadSettings | null,
  params: SettingsParams,
  warnings: string[] = [],
  /** A thread built again from its stored settings (a resume from disk, a fork), not one already running here. */
  rebuilt = base !== null,
): ThreadSettings {
  const overrides = params.config && Object.keys(params.config).length > 0 ? params.config : null;
  const { values, settings } = overrides
    ? configWithOverrides(config, overrides)
    : { values: config.values, settings: config.settings };
  const fromConfig = defaultsFrom(values, settings);
  let result: ThreadSettings;
  if (base === null) {
    result = fromConfig;
  } else {
    result = deepClone(base);
    if (overrides) {
      for (const key of Object.keys(overrides)) {
        const top = key.split(".")[0]!;
        for (const field of CONFIG_KEY_FIELDS[top] ?? []) {
          (result as unknown as Record<string, unknown>)[field] = fromConfig[field];
        }
      }
    }
  }
  if (params.model) result.model = params.model;
  if (params.modelProvider) result.modelProvider = params.modelProvider;
  if (params.serviceTier !== undefined && params.serviceTier !== null) result.serviceTier = params.serviceTier;
  if (params.cwd) result.cwd = resolveCwd(params.cwd);
  if (params.approvalPolicy) result.approvalPolicy = params.approvalPolicy;
  if (params.approvalsReviewer) result.approvalsReviewer = params.approvalsReviewer;
  if (params.sandbox) result.sandboxPolicy = sandboxPolicyFor(params.sandbox, settings);
  else if (base === null && values.sandbox_mode === undefined) {
    result.sandboxPolicy = sandboxPolicyFor(defaultPermissions(isTrustedProject(values, result.cwd)).sandboxMode, settings);
  } else if (rebuilt && values.sandbox_mode === undefined && result.sandboxPolicy.type === "workspaceWrite" && !isTrustedProject(values, result.cwd)) {
    // Observed on codex 0.169.0: a resumed or forked thread keeps its read-only or full-access sandbox,
    // but workspace-write outside a trusted project comes back read-only (the untrusted default).
    result.sandboxPolicy = sandboxPolicyFor("read-only", settings);
  }
  if (params.baseInstructions !== undefined && params.baseInstructions !== null) result.baseInstructions = params.baseInstructions;
  if (params.developerInstructions !== undefined && params.developerInstructions !== null) {
    result.developerInstructions = params.developerInstructions;
  }
  if (params.modelProvider && !(params.modelProvider in settings.modelProviders)) {
    throw invalidRequest(`unknown model provider \`${result.modelProvider}\``);
  }
  warnings.push(...enforceRequirements(result, config.requirements, settings));
  return result;
}

const SANDBOX_MODE_OF: Record<SandboxPolicy["type"], SandboxMode | undefined> = {
  readOnly: "read-only",
  workspaceWrite: "workspace-write",
  dangerFullAccess: "danger-full-access",
  externalSandbox: undefined,
} as Record<SandboxPolicy["type"], SandboxMode | undefined>;

/**
 * Requested approval policy / sandbox the managed requirements do not allow
 * become the first allowed value, with the reference's warning text. A value
 * from config.toml falls back differently (to the default when allowed:
 * `applyRequirements` in config/load.ts); both are the reference's rules.
 */
export function enforceRequirements(
  result: Pick<ThreadSettings, "approvalPolicy" | "sandboxPolicy">,
  requirements: ConfigRequirementsState | null,
  settings: ConfigSettings,
): string[] {
  const warnings: string[] = [];
  if (!requirements) return warnings;
  const approvals = requirements.allowedApprovalPolicies;
  const policy = result.approvalPolicy;
  if (approvals && approvals.length > 0 && typeof policy === "string" && !approvals.includes(policy)) {
    warnings.push(disallowedMessage("approval_policy", policy, approvals[0]!, approvals, requirementSource(requirements, "allowedApprovalPolicies")));
    result.approvalPolicy = approvals[0] as AskForApproval;
  }
  const modes = requirements.allowedSandboxModes;
  const mode = SANDBOX_MODE_OF[result.sandboxPolicy.type];
  if (modes && modes.length > 0 && mode && !modes.includes(mode)) {
    warnings.push(disallowedMessage("sandbox_mode", mode, modes[0]!, modes, requirementSource(requirements, "allowedSandboxModes")));
    result.sandboxPolicy = sandboxPolicyFor(modes[0] as SandboxMode, settings);
  }
  return warnings;
}

/** A turn's (or thread/settings/update's) requested approval policy / sandbox that the managed requirements forbid becomes an allowed one. */
export function enforcePatchRequirements(patch: Partial<ThreadSettings>, config: LoadedConfig): string[] {
  if (!config.requirements || (!patch.approvalPolicy && !patch.sandboxPolicy)) return [];
  const probe = {
    approvalPolicy: patch.approvalPolicy ?? config.settings.approvalPolicy,
    sandboxPolicy: patch.sandboxPolicy ?? sandboxPolicyFor(config.settings.sandboxMode, config.settings),
  } as Pick<ThreadSettings, "approvalPolicy" | "sandboxPolicy">;
  const warnings = enforceRequirements(probe, config.requirements, config.settings);
  if (patch.approvalPolicy) patch.approvalPolicy = probe.approvalPolicy;
  if (patch.sandboxPolicy) patch.sandboxPolicy = probe.sandboxPolicy;
  return warnings;
}

/** `thread_unload_delay_secs` (default 60): how long an idle thread without subscribers stays loaded. */
export function unloadDelayMs(config: LoadedConfig): number {
  const raw = config.values.thread_unload_delay_secs;
  const value = typeof raw === "bigint" ? Number(raw) : raw;
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) return Math.round(value * 1000);
  return 60_000;
}
