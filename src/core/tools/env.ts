/**
 * The environment given to commands (shell tool, command/exec), after the
 * reference's `shell_environment_policy`: inherit the server's environment
 * (`inherit = "all" | "core" | "none"`), drop names matching `*KEY*`,
 * `*SECRET*`, `*TOKEN*` unless `ignore_default_excludes = true`, drop
 * `exclude` patterns, apply `set`, then keep only `include_only` patterns when
 * given. Patterns are case-insensitive globs with `*` and `?`.
 */

const CORE_VARS = ["HOME", "LOGNAME", "PATH", "SHELL", "USER", "USERNAME", "TMPDIR", "TEMP", "TMP", "LANG", "LC_ALL", "TERM"];
const DEFAULT_EXCLUDES = ["*KEY*", "*SECRET*", "*TOKEN*"];

function isTable(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`, "i");
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** Builds the command environment from config values (`shell_environment_policy` table). */
export function shellEnvironment(
  configValues: Record<string, unknown> = {},
  base: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const policy = isTable(configValues.shell_environment_policy) ? configValues.shell_environment_policy : {};
  const inherit = policy.inherit === "core" || policy.inherit === "none" ? policy.inherit : "all";
  let env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) {
    if (value === undefined) continue;
    if (inherit === "none") continue;
    if (inherit === "core" && !CORE_VARS.includes(key)) continue;
    env[key] = value;
  }
  const excludes = [...(policy.ignore_default_excludes === true ? [] : DEFAULT_EXCLUDES), ...strings(policy.exclude)].map(
    globToRegExp,
  );
  for (const key of Object.keys(env)) {
    if (excludes.some((re) => re.test(key))) delete env[key];
  }
  if (isTable(policy.set)) {
    for (const [key, value] of Object.entries(policy.set)) {
      if (typeof value === "string") env[key] = value;
    }
  }
  const includeOnly = strings(policy.include_only).map(globToRegExp);
  if (includeOnly.length > 0) {
    env = Object.fromEntries(Object.entries(env).filter(([key]) => includeOnly.some((re) => re.test(key))));
  }
  return env;
}

/** Applies per-request overrides: a string sets, `null` unsets. */
export function applyEnvOverrides(
  env: Record<string, string>,
  overrides: Record<string, string | null | undefined> | null | undefined,
): Record<string, string> {
  const out = { ...env };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (value === null || value === undefined) delete out[key];
    else out[key] = value;
  }
  return out;
}
