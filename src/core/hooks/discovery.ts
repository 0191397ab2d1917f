import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { isTable, type TomlTable } from "../../config/json-value.js";
import type { HookEventName, HookMetadata, HookSource, HookTrustStatus } from "../../protocol/extensions.js";
import { dirsFromProjectRoot } from "../../util/project-root.js";
import { isDirectory, projectRootMarkers } from "../skills/loader.js";

/** The events a hooks file may configure: its key there, the wire name and the key label in `hooks.state`. */
export const HOOK_EVENTS = [
  { key: "PreToolUse", wire: "preToolUse", label: "pre_tool_use" },
  { key: "PermissionRequest", wire: "permissionRequest", label: "permission_request" },
  { key: "PostToolUse", wire: "postToolUse", label: "post_tool_use" },
  { key: "PreCompact", wire: "preCompact", label: "pre_compact" },
  { key: "PostCompact", wire: "postCompact", label: "post_compact" },
  { key: "SessionStart", wire: "sessionStart", label: "session_start" },
  { key: "UserPromptSubmit", wire: "userPromptSubmit", label: "user_prompt_submit" },
  { key: "Stop", wire: "stop", label: "stop" },
] as const satisfies ReadonlyArray<{ key: string; wire: HookEventName; label: string }>;

/** Events whose handlers are chosen by `matcher` (the others ignore it). */
export const MATCHER_EVENTS = new Set<HookEventName>(["preToolUse", "permissionRequest", "postToolUse", "sessionStart"]);

export const DEFAULT_HOOK_TIMEOUT_SEC = 600;

/** A hook that may run: enabled and trusted. */
export interface ConfiguredHandler {
  key: string;
  eventName: HookEventName;
  matcher: string | null;
  command: string;
  timeoutSec: number;
  async: boolean;
  statusMessage: string | null;
  sourcePath: string;
  source: HookSource;
  displayOrder: number;
}

export interface HookDiscovery {
  /** Every configured command hook, as `hooks/list` shows it. */
  hooks: HookMetadata[];
  /** The hooks that run: enabled, and trusted (their hash is the one the user trusted). */
  handlers: ConfiguredHandler[];
  warnings: string[];
}

export interface HookSources {
  codexHome: string;
  /** The user's `config.toml` and its values (the `[hooks]` table and `hooks.state`). */
  configFile: string;
  values: TomlTable;
}

interface Layer {
  source: HookSource;
  /** The folder that may hold `hooks.json`. */
  folder: string;
  /** The layer's `config.toml` and its `[hooks]` table, when it has one. */
  configFile: string;
  tomlHooks: unknown;
}

/**
 * The hooks for `cwd`, lowest precedence first as the reference orders them:
 * the user layer (`$CODEX_HOME/hooks.json`, then `[hooks]` in config.toml),
 * then each project `.codex/hooks.json` from the project root down to the cwd.
 * Trust and enabled state come from `hooks.state.<key>` in the user config.
 */
export function discoverHooks(cwd: string, sources: HookSources): HookDiscovery {
  const result: HookDiscovery = { hooks: [], handlers: [], warnings: [] };
  const states = hookStates(sources.values);
  const layers: Layer[] = [
    { source: "user", folder: sources.codexHome, configFile: sources.configFile, tomlHooks: sources.values.hooks },
  ];
  for (const dir of dirsFromProjectRoot(cwd, projectRootMarkers(sources.values))) {
    const folder = path.join(dir, ".codex");
    if (isDirectory(folder) && path.resolve(folder) !== path.resolve(sources.codexHome)) {
      layers.push({ source: "project", folder, configFile: path.join(folder, "config.toml"), tomlHooks: undefined });
    }
  }
  let displayOrder = 0;
  for (const layer of layers) {
    const json = loadHooksJson(layer.folder, result.warnings);
    const toml = tomlEvents(layer, result.warnings);
    if (json && toml) {
      result.warnings.push(`loading hooks from both ${json.path} and ${toml.path}; prefer a single representation for this layer`);
    }
    for (const file of [json, toml]) {
      if (!file) continue;
      displayOrder = appendEvents(file.path, file.events, layer.source, states, displayOrder, result);
    }
  }
  return result;
}

function loadHooksJson(folder: string, warnings: string[]): { path: string; events: TomlTable } | null {
  const file = path.join(folder, "hooks.json");
  let text: string;
  try {
    if (!statSync(file).isFile()) return null;
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "ENOTDIR") warnings.push(`failed to read hooks config ${file}: ${(error as Error).message}`);
    return null;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    warnings.push(`failed to parse hooks config ${file}: ${(error as Error).message}`);
    return null;
  }
  if (!isTable(parsed) || (parsed.hooks !== undefined && !isTable(parsed.hooks))) {
    warnings.push(`failed to parse hooks config ${file}: expected an object with a \`hooks\` object`);
    return null;
  }
  const events = (parsed.hooks as TomlTable | undefined) ?? {};
  if (!validEvents(events, file, warnings)) return null;
  return hasHandlers(events) ? { path: file, events } : null;
}

function tomlEvents(layer: Layer, warnings: string[]): { path: string; events: TomlTable } | null {
  if (layer.tomlHooks === undefined) return null;
  if (!isTable(layer.tomlHooks)) {
    warnings.push(`failed to parse TOML hooks in ${layer.configFile}: expected a table`);
    return null;
  }
  const events: TomlTable = {};
  for (const [key, value] of Object.entries(layer.tomlHooks)) if (key !== "state") events[key] = value;
  if (!validEvents(events, layer.configFile, warnings, "failed to parse TOML hooks in")) return null;
  return hasHandlers(events) ? { path: layer.configFile, events } : null;
}

/** Every known event holds a list of `{matcher?, hooks: [...]}` groups; anything else rejects the whole file, as a parse error would. */
function validEvents(events: TomlTable, file: string, warnings: string[], prefix = "failed to parse hooks config"): boolean {
  for (const event of HOOK_EVENTS) {
    const groups = events[event.key];
    if (groups === undefined) continue;
    const problem = !Array.isArray(groups)
      ? `${event.key}: expected a list of matcher groups`
      : groups.map((group, index) => groupProblem(group, `${event.key}[${index}]`)).find((text) => text !== null);
    if (problem) {
      warnings.push(`${prefix} ${file}: ${problem}`);
      return false;
    }
  }
  return true;
}

function groupProblem(group: unknown, where: string): string | null {
  if (!isTable(group)) return `${where}: expected an object`;
  if (group.matcher !== undefined && group.matcher !== null && typeof group.matcher !== "string") return `${where}.matcher: expected a string`;
  if (group.hooks === undefined) return null;
  if (!Array.isArray(group.hooks)) return `${where}.hooks: expected a list`;
  for (const [index, handler] of group.hooks.entries()) {
    const at = `${where}.hooks[${index}]`;
    if (!isTable(handler) || typeof handler.type !== "string") return `${at}: missing field \`type\``;
    if (!["command", "prompt", "agent"].includes(handler.type)) return `${at}: unknown variant \`${handler.type}\`, expected one of \`command\`, \`prompt\`, \`agent\``;
    if (handler.type !== "command") continue;
    if (typeof handler.command !== "string") return `${at}: missing field \`command\``;
    if (handler.timeout !== undefined && (typeof handler.timeout !== "number" || !Number.isInteger(handler.timeout) || handler.timeout < 0)) {
      return `${at}.timeout: expected a non-negative integer`;
    }
    if (handler.async !== undefined && typeof handler.async !== "boolean") return `${at}.async: expected a boolean`;
    if (handler.statusMessage !== undefined && handler.statusMessage !== null && typeof handler.statusMessage !== "string") {
      return `${at}.statusMessage: expected a string`;
    }
  }
  return null;
}

function hasHandlers(events: TomlTable): boolean {
  return HOOK_EVENTS.some((event) => {
    const groups = events[event.key];
    return Array.isArray(groups) && groups.some((group) => isTable(group) && Array.isArray(group.hooks) && group.hooks.length > 0);
  });
}

function appendEvents(
  sourcePath: string,
  events: TomlTable,
  source: HookSource,
  states: Map<string, { enabled?: boolean; trustedHash?: string }>,
  startOrder: number,
  result: HookDiscovery,
): number {
  let displayOrder = startOrder;
  for (const event of HOOK_EVENTS) {
    const groups = events[event.key];
    if (!Array.isArray(groups)) continue;
    groups.forEach((group: TomlTable, groupIndex) => {
      const rawMatcher = typeof group.matcher === "string" ? group.matcher : null;
      const matcher = MATCHER_EVENTS.has(event.wire) ? rawMatcher : null;
      if (matcher !== null && !validMatcher(matcher)) {
        result.warnings.push(`invalid matcher ${JSON.stringify(matcher)} in ${sourcePath}: not a valid regular expression`);
        return;
      }
      const handlers = Array.isArray(group.hooks) ? (group.hooks as TomlTable[]) : [];
      handlers.forEach((handler, handlerIndex) => {
        if (handler.type !== "command") {
          result.warnings.push(`skipping ${String(handler.type)} hook in ${sourcePath}: ${String(handler.type)} hooks are not supported yet`);
          return;
        }
        const command = handler.command as string;
        if (command.trim() === "") {
          result.warnings.push(`skipping empty hook command in ${sourcePath}`);
          return;
        }
        const timeoutSec = Math.max(1, typeof handler.timeout === "number" ? handler.timeout : DEFAULT_HOOK_TIMEOUT_SEC);
        const async = handler.async === true;
        const statusMessage = typeof handler.statusMessage === "string" ? handler.statusMessage : null;
        const currentHash = hookHash(event.label, matcher, { command, timeout: timeoutSec, async, statusMessage });
        const key = `${sourcePath}:${event.label}:${groupIndex}:${handlerIndex}`;
        const state = states.get(key);
        const enabled = state?.enabled !== false;
        const trustStatus: HookTrustStatus =
          state?.trustedHash === undefined ? "untrusted" : state.trustedHash === currentHash ? "trusted" : "modified";
        result.hooks.push({
          key,
          eventName: event.wire,
          handlerType: "command",
          command,
          async,
          matcher,
          timeoutSec,
          statusMessage,
          sourcePath,
          source,
          pluginId: null,
          environmentId: null,
          additionalContextLimit: null,
          displayOrder,
          enabled,
          isManaged: false,
          currentHash,
          trustStatus,
        });
        if (enabled && trustStatus === "trusted") {
          result.handlers.push({ key, eventName: event.wire, matcher, command, timeoutSec, async, statusMessage, sourcePath, source, displayOrder });
        }
        displayOrder++;
      });
    });
  }
  return displayOrder;
}

/**
 * The trust identity of one hook: sha256 of the canonical JSON (keys sorted,
 * absent values left out) of its event label, matcher and normalized
 * handler, so the same hook in hooks.json and in config.toml hashes alike.
 */
export function hookHash(
  eventLabel: string,
  matcher: string | null,
  handler: { command: string; timeout: number; async: boolean; statusMessage: string | null },
): string {
  const normalized: TomlTable = { type: "command", command: handler.command, timeout: handler.timeout, async: handler.async };
  if (handler.statusMessage !== null) normalized.statusMessage = handler.statusMessage;
  const identity: TomlTable = { event_name: eventLabel, hooks: [normalized] };
  if (matcher !== null) identity.matcher = matcher;
  return `sha256:${createHash("sha256").update(canonicalJson(identity)).digest("hex")}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isTable(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function hookStates(values: TomlTable): Map<string, { enabled?: boolean; trustedHash?: string }> {
  const states = new Map<string, { enabled?: boolean; trustedHash?: string }>();
  const hooks = values.hooks;
  if (!isTable(hooks) || !isTable(hooks.state)) return states;
  for (const [key, state] of Object.entries(hooks.state)) {
    if (!isTable(state)) continue;
    states.set(key, {
      ...(typeof state.enabled === "boolean" ? { enabled: state.enabled } : {}),
      ...(typeof state.trusted_hash === "string" ? { trustedHash: state.trusted_hash } : {}),
    });
  }
  return states;
}

/** `""` and `*` match everything; names and `|`-lists match exactly; anything else is a regular expression. */
export function matcherMatches(matcher: string | null, input: string | null): boolean {
  if (matcher === null || matcher === "" || matcher === "*") return true;
  if (input === null) return false;
  if (/^[A-Za-z0-9_|]+$/.test(matcher)) return matcher.split("|").includes(input);
  try {
    return new RegExp(matcher, "u").test(input);
  } catch {
    return false;
  }
}

function validMatcher(matcher: string): boolean {
  if (matcher === "" || matcher === "*" || /^[A-Za-z0-9_|]+$/.test(matcher)) return true;
  try {
    new RegExp(matcher, "u");
    return true;
  } catch {
    return false;
  }
}

