/**
 * `config/value/write` and `config/batchWrite`: edits of the user's
 * config.toml, as the reference's config service does them (only the user
 * file is writable; `expectedVersion` is that layer's version; the answer
 * says when a higher layer, the `-c` flags, still overrides a written key).
 */
import path from "node:path";
import { applyConfigEdits, ConfigWriteError, type ConfigValueEdit } from "./edit/index.js";
import { isTable, toJsonTable, type TomlTable } from "./json-value.js";
import type { ConfigLayerState, LoadedConfig } from "./load.js";
import { CONFIG_READ_KEYS, configReadDefault } from "./read.js";
import { describeTomlValue } from "./validate.js";
import { sanitizeConfig } from "./settings.js";

export interface ConfigWriteRequest {
  edits: readonly ConfigValueEdit[];
  filePath?: string | null;
  expectedVersion?: string | null;
}

export interface ConfigWriteResult {
  status: "ok" | "okOverridden";
  version: string;
  filePath: string;
  overriddenMetadata: {
    message: string;
    overridingLayer: { name: ConfigLayerState["name"]; version: string };
    effectiveValue: unknown;
  } | null;
}

/** Extra checks the server adds (managed requirements); throws a `ConfigWriteError`. */
export type ConfigWriteCheck = (userConfig: TomlTable, keyPaths: readonly string[][]) => void;

function sameFile(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

function valueAt(data: unknown, segments: readonly string[]): unknown {
  let node = data;
  for (const segment of segments) {
    if (!isTable(node)) return undefined;
    node = node[segment];
  }
  return node;
}

function isUnder(key: string, keyPath: readonly string[]): boolean {
  const dotted = keyPath.join(".");
  return key === dotted || key.startsWith(`${dotted}.`) || dotted.startsWith(`${key}.`);
}

/** Unknown top-level keys and values of the wrong type, for the keys the edits touched. */
function validateEdited(userConfig: TomlTable, keyPaths: readonly string[][]): void {
  for (const keyPath of keyPaths) {
    const top = keyPath[0]!;
    if (!CONFIG_READ_KEYS.has(top) && valueAt(userConfig, [top]) !== undefined) {
      throw new ConfigWriteError("configSchemaUnknownKey", `Invalid configuration: unknown configuration key \`${top}\``);
    }
  }
  for (const keyPath of keyPaths) {
    const top = keyPath[0]!;
    const value = valueAt(userConfig, [top]);
    const expected = expectedKind(configReadDefault(top));
    if (value !== undefined && expected && kindOf(value) !== expected.kind) {
      throw new ConfigWriteError("configValidationError", `Invalid configuration: ${top}: invalid type: ${describeTomlValue(value)}, expected ${expected.text}`);
    }
  }
  const { problems } = sanitizeConfig(toJsonTable(userConfig));
  const problem = problems.find((p) => keyPaths.some((keyPath) => isUnder(p.key, keyPath)));
  if (problem) throw new ConfigWriteError("configValidationError", `Invalid configuration: ${problem.key}: ${problem.message}`);
}

function kindOf(value: unknown): string {
  return Array.isArray(value) ? "array" : isTable(value) ? "table" : typeof value;
}

/** Keys with a default have that default's type (`hide_agent_reasoning` is a boolean, ...). */
function expectedKind(defaultValue: unknown): { kind: string; text: string } | undefined {
  if (defaultValue === null) return undefined;
  const kind = kindOf(defaultValue);
  const text = { boolean: "a boolean", number: "an integer", string: "a string", array: "an array", table: "a table" }[kind];
  return text ? { kind, text } : undefined;
}

/** The reference's words for the layer that wins over a written value. */
function overrideMessage(layer: ConfigLayerState["name"]): string {
  switch (layer.type) {
    case "sessionFlags":
      return "Overridden by session flags";
    case "system":
      return `Overridden by managed config (system): ${layer.file}`;
    case "legacyManagedConfigTomlFromFile":
      return `Overridden by legacy managed_config.toml: ${layer.file}`;
    case "user":
      return `Overridden by user config: ${layer.file}`;
  }
}

/** The first edited key whose effective value still comes from a layer above the user file. */
function overriddenMetadata(loaded: LoadedConfig, userConfig: TomlTable, keyPaths: readonly string[][]): ConfigWriteResult["overriddenMetadata"] {
  const userIndex = loaded.layers.findIndex((layer) => layer.name.type === "user");
  const higher = loaded.layers.slice(0, Math.max(userIndex, 0));
  for (const keyPath of keyPaths) {
    const layer = higher.find((l) => valueAt(l.config, keyPath) !== undefined);
    if (!layer) continue;
    const effective = valueAt(layer.config, keyPath);
    if (JSON.stringify(effective) === JSON.stringify(valueAt(userConfig, keyPath))) continue;
    return {
      message: overrideMessage(layer.name),
      overridingLayer: { name: layer.name, version: layer.version },
      effectiveValue: effective ?? null,
    };
  }
  return null;
}

/** Writes the edits into `loaded.file`; the caller reloads the configuration afterwards. */
export function writeUserConfig(loaded: LoadedConfig, request: ConfigWriteRequest, extraCheck?: ConfigWriteCheck): ConfigWriteResult {
  const filePath = request.filePath ?? loaded.file;
  if (!path.isAbsolute(filePath) || !sameFile(filePath, loaded.file)) {
    throw new ConfigWriteError("configLayerReadonly", "Only writes to the user config are allowed");
  }
  const applied = applyConfigEdits(loaded.file, request.edits, {
    expectedVersion: request.expectedVersion,
    validate: (config, keyPaths) => {
      validateEdited(config, keyPaths);
      extraCheck?.(config, keyPaths);
    },
  });
  const overridden = overriddenMetadata(loaded, toJsonTable(applied.config), applied.keyPaths);
  return {
    status: overridden ? "okOverridden" : "ok",
    version: applied.version,
    filePath,
    overriddenMetadata: overridden,
  };
}
