/**
 * Feature flags: the `[features]` table of the configuration over the
 * reference's registry defaults, plus the process-wide runtime switches
 * `experimentalFeature/enablement/set` may flip (never written to disk).
 * Precedence, as in the reference: managed requirements, configuration,
 * runtime state, then the registry default.
 */
import { invalidRequest } from "../protocol/errors.js";
import { FEATURES, featureSpec, type FeatureSpec } from "./features-registry.js";
import { isTable, type TomlTable } from "./json-value.js";

/** The features the reference lets clients switch at runtime, in its order. */
export const RUNTIME_FEATURES: readonly string[] = [
  "api_key_cyber_access_programs",
  "api_key_model_discovery",
  "auth_elicitation",
  "background_paginated_rollout_migration",
  "codex_apps_mcp_2026_07_28",
  "daybreak_program_propagation",
  "mcp_2026_07_28",
  "mcp_connection_sharing",
  "mcp_lazy_stdio_startup",
  "memories",
  "mentions_v2",
  "remote_control",
  "remote_plugin",
  "tool_suggest",
  "windows_sandbox_service",
];

/** One server's runtime feature switches (defaults until a client sets them). */
export class RuntimeFeatureState {
  private readonly state = new Map<string, boolean>(RUNTIME_FEATURES.map((name) => [name, featureSpec(name)?.defaultEnabled ?? false]));

  /** Applies the switches it supports; unknown or unsupported names are ignored. Returns what it applied. */
  set(enablement: Record<string, boolean>): Record<string, boolean> {
    const applied: Record<string, boolean> = {};
    for (const name of RUNTIME_FEATURES) {
      const value = enablement[name];
      if (typeof value !== "boolean") continue;
      this.state.set(name, value);
      applied[name] = value;
    }
    return applied;
  }

  snapshot(): Record<string, boolean> {
    return Object.fromEntries(this.state);
  }
}

function configuredFeatures(values: TomlTable): TomlTable {
  return isTable(values.features) ? values.features : {};
}

/** The `features` table config/read reports: configured keys, then the runtime switches not configured. */
export function featuresForRead(values: TomlTable, runtime: RuntimeFeatureState): TomlTable {
  const configured = configuredFeatures(values);
  const out: TomlTable = { ...configured };
  for (const [name, enabled] of Object.entries(runtime.snapshot())) if (!(name in out)) out[name] = enabled;
  return out;
}

/** Keys the reference still reads as another feature's (`[features] collab = false` turns multi_agent off). */
const LEGACY_KEYS: Record<string, readonly string[]> = { multi_agent: ["collab"] };

function configuredValue(name: string, values: TomlTable): boolean | undefined {
  const configured = configuredFeatures(values);
  if (typeof configured[name] === "boolean") return configured[name];
  for (const legacy of LEGACY_KEYS[name] ?? []) if (typeof configured[legacy] === "boolean") return configured[legacy];
  return undefined;
}

/**
 * The one feature resolver: a managed `feature_requirements` pin wins, then
 * the configuration, then the runtime switch (when given), then the registry default.
 */
export function featureEnabled(
  name: string,
  values: TomlTable,
  runtime: RuntimeFeatureState | null,
  pinned: Record<string, boolean> | null = null,
): boolean {
  const required = pinned?.[name];
  if (required !== undefined) return required;
  const configured = configuredValue(name, values);
  if (configured !== undefined) return configured;
  const runtimeValue = runtime?.snapshot()[name];
  if (runtimeValue !== undefined) return runtimeValue;
  return featureSpec(name)?.defaultEnabled ?? false;
}

/** What `isFeatureEnabled` reads of a loaded configuration. */
export interface FeatureSources {
  values: TomlTable;
  requirements: { featureRequirements: Record<string, boolean> | null } | null;
}

/** `name` in the effective configuration, managed pins included: how every layer asks about a feature. */
export function isFeatureEnabled(config: FeatureSources, name: string, runtime: RuntimeFeatureState | null = null): boolean {
  return featureEnabled(name, config.values, runtime, config.requirements?.featureRequirements ?? null);
}

export interface ExperimentalFeatureEntry {
  name: string;
  stage: FeatureSpec["stage"];
  displayName: string | null;
  description: string | null;
  announcement: string | null;
  enabled: boolean;
  defaultEnabled: boolean;
}

/** A page of the registry (decimal offset cursors; a limit of 0 still returns one item, as the reference does). */
export function listFeatures(
  values: TomlTable,
  runtime: RuntimeFeatureState,
  cursor: string | null | undefined,
  limit: number | null | undefined,
  pinned: Record<string, boolean> | null = null,
): { data: ExperimentalFeatureEntry[]; nextCursor: string | null } {
  let start = 0;
  if (cursor != null) {
    if (!/^\d+$/.test(cursor)) throw invalidRequest(`invalid cursor: ${cursor}`);
    start = Math.min(Number(cursor), FEATURES.length);
  }
  const size = limit == null ? FEATURES.length : Math.max(1, limit);
  const end = Math.min(start + size, FEATURES.length);
  const data = FEATURES.slice(start, end).map((spec) => ({
    name: spec.name,
    stage: spec.stage,
    displayName: spec.displayName ?? null,
    description: spec.description ?? null,
    announcement: spec.announcement ?? null,
    enabled: featureEnabled(spec.name, values, runtime, pinned),
    defaultEnabled: spec.defaultEnabled,
  }));
  return { data, nextCursor: end < FEATURES.length ? String(end) : null };
}
