/**
 * Dynamic tools: functions a client declares at `thread/start` and runs
 * itself. They are checked as codex 0.169.0 checks them (its texts, observed
 * on the wire), kept with the thread's settings, and offered to the model as
 * plain functions or namespaces; a `deferLoading` one (only inside a
 * namespace) is reachable through `tool_search` alone.
 */
import type { JsonValue } from "../../protocol/common.js";
import type { DynamicToolSpec } from "../../protocol/dynamic-tools.js";
import { invalidRequest } from "../../protocol/errors.js";
import { sanitizeMcpSchema } from "../tool-calls/mcp-tool-spec.js";
import type { NestedToolSpec } from "./specs/code-mode.js";
import type { FunctionTool, NamespaceTool, ObjectSchema } from "./specs/types.js";
import type { DeferredTool } from "./tool-search.js";

/** One callable dynamic tool: its namespace (null at top level) and its function. */
export interface DynamicFunction {
  namespace: { name: string; description: string } | null;
  name: string;
  description: string;
  inputSchema: JsonValue;
  deferLoading: boolean;
}

const NAME_MAX_LENGTH = 128;
const NAMESPACE_MAX_LENGTH = 64;
const IDENTIFIER = /^[a-zA-Z0-9_-]+$/;
/** Namespaces the Responses API keeps for its own tools. */
const RESERVED_NAMESPACES = new Set([
  "api_tool",
  "browser",
  "computer",
  "container",
  "file_search",
  "functions",
  "image_gen",
  "multi_tool_use",
  "python",
  "python_user_visible",
  "submodel_delegator",
  "terminal",
  "tool_search",
  "web",
]);

function isMcpReserved(name: string): boolean {
  return name === "mcp" || name.startsWith("mcp__");
}

function checkIdentifier(value: string, label: string, maxLength: number): void {
  if (!IDENTIFIER.test(value)) throw invalidRequest(`${label} must match ^[a-zA-Z0-9_-]+$ to match Responses API: ${value}`);
  if ([...value].length > maxLength) throw invalidRequest(`${label} must be at most ${maxLength} characters to match Responses API: ${value}`);
}

/** How serde names a JSON value in its type errors. */
function serdeKind(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return `boolean \`${value}\``;
  if (typeof value === "number") return Number.isInteger(value) ? `integer \`${value}\`` : `floating point \`${value}\``;
  if (typeof value === "string") return `string ${JSON.stringify(value)}`;
  return Array.isArray(value) ? "sequence" : "map";
}

/** Why an input schema cannot be offered to the model, or null when it can (`true`/`false` stand for a string schema). */
function inputSchemaProblem(schema: unknown): string | null {
  if (typeof schema === "boolean") return null;
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) return `invalid type: ${serdeKind(schema)}, expected struct JsonSchema`;
  if ((sanitizeMcpSchema(schema as JsonValue) as { type?: unknown }).type === "null") return "tool input schema must not be a singleton null type";
  return null;
}

function checkFunction(tool: { name: string; inputSchema: unknown; deferLoading?: boolean }, namespace: string | null, seen: Set<string>): void {
  const name = tool.name.trim();
  if (name === "") throw invalidRequest("dynamic tool name must not be empty");
  if (name !== tool.name) throw invalidRequest(`dynamic tool name has leading/trailing whitespace: ${tool.name}`);
  checkIdentifier(name, "dynamic tool name", NAME_MAX_LENGTH);
  if (isMcpReserved(name)) throw invalidRequest(`dynamic tool name is reserved: ${name}`);
  const key = JSON.stringify([namespace, name]);
  if (seen.has(key)) {
    throw invalidRequest(namespace === null ? `duplicate dynamic tool name: ${name}` : `duplicate dynamic tool name in namespace ${namespace}: ${name}`);
  }
  seen.add(key);
  if (tool.deferLoading === true && namespace === null) throw invalidRequest(`deferred dynamic tool must include a namespace: ${name}`);
  const problem = inputSchemaProblem(tool.inputSchema);
  if (problem !== null) throw invalidRequest(`dynamic tool input schema is not supported for ${name}: ${problem}`);
}

function checkNamespace(name: string, toolCount: number, seen: Set<string>): void {
  const trimmed = name.trim();
  if (trimmed === "") throw invalidRequest("dynamic tool namespace must not be empty");
  if (trimmed !== name) throw invalidRequest(`dynamic tool namespace has leading/trailing whitespace: ${name}`);
  checkIdentifier(name, "dynamic tool namespace", NAMESPACE_MAX_LENGTH);
  if (isMcpReserved(name)) throw invalidRequest(`dynamic tool namespace is reserved: ${name}`);
  if (RESERVED_NAMESPACES.has(name)) throw invalidRequest(`dynamic tool namespace collides with a reserved Responses API namespace: ${name}`);
  if (toolCount === 0) throw invalidRequest(`dynamic tool namespace must contain at least one tool: ${name}`);
  if (seen.has(name)) throw invalidRequest(`duplicate dynamic tool namespace: ${name}`);
  seen.add(name);
}

/** Refuses (-32600, the reference's texts) a `dynamicTools` list the reference refuses. */
export function validateDynamicTools(specs: readonly DynamicToolSpec[]): void {
  const names = new Set<string>();
  const namespaces = new Set<string>();
  for (const spec of specs) {
    if (spec.type === "function") {
      checkFunction(spec, null, names);
      continue;
    }
    checkNamespace(spec.name, spec.tools.length, namespaces);
    for (const tool of spec.tools) checkFunction(tool, spec.name, names);
  }
}

/** Every callable function of the specs, in declaration order. */
export function dynamicFunctions(specs: readonly DynamicToolSpec[]): DynamicFunction[] {
  const out: DynamicFunction[] = [];
  for (const spec of specs) {
    if (spec.type === "function") {
      out.push({ namespace: null, name: spec.name, description: spec.description, inputSchema: spec.inputSchema, deferLoading: spec.deferLoading === true });
      continue;
    }
    const namespace = { name: spec.name, description: spec.description };
    for (const tool of spec.tools) {
      out.push({ namespace, name: tool.name, description: tool.description, inputSchema: tool.inputSchema, deferLoading: tool.deferLoading === true });
    }
  }
  return out;
}

/**
 * The function as the model sees it, never strict: the client's schema reduced
 * as the reference reduces every tool input schema (a missing `type` inferred,
 * keywords it does not model dropped; observed on codex 0.169.0).
 */
function functionTool(fn: DynamicFunction): FunctionTool {
  return { type: "function", name: fn.name, description: fn.description, strict: false, parameters: sanitizeMcpSchema(fn.inputSchema) as unknown as ObjectSchema };
}

/**
 * The request `tools` entries: top-level functions and namespaces (without
 * their deferred tools; a namespace with nothing else is left out). A
 * top-level function named like a built-in one (`taken`) is not offered: the
 * built-in keeps the name.
 */
export function dynamicToolDefinitions(specs: readonly DynamicToolSpec[], taken: ReadonlySet<string> = new Set()): Array<FunctionTool | NamespaceTool> {
  const out: Array<FunctionTool | NamespaceTool> = [];
  const functions = dynamicFunctions(specs);
  for (const spec of specs) {
    if (spec.type === "function") {
      if (taken.has(spec.name)) continue;
      out.push(functionTool(functions.find((fn) => fn.namespace === null && fn.name === spec.name)!));
      continue;
    }
    const tools = functions.filter((fn) => fn.namespace?.name === spec.name && !fn.deferLoading).map(functionTool);
    if (tools.length > 0) out.push({ type: "namespace", name: spec.name, description: spec.description, tools });
  }
  return out;
}

/**
 * The functions as an `exec` script reaches them in code mode:
 * `tools.<name>` at top level, `tools.<namespace>__<name>` inside a
 * namespace (a deferred one only through `ALL_TOOLS`), as the reference
 * exposes them.
 */
export function dynamicNestedTools(specs: readonly DynamicToolSpec[]): NestedToolSpec[] {
  return dynamicFunctions(specs).map((fn) => {
    const spec = functionTool(fn);
    if (fn.namespace === null) return { name: fn.name, spec };
    return { name: `${fn.namespace.name}__${fn.name}`, spec, deferred: fn.deferLoading, target: { namespace: fn.namespace.name, name: fn.name } };
  });
}

/** The deferred functions, for `tool_search`. */
export function dynamicDeferredTools(specs: readonly DynamicToolSpec[]): DeferredTool[] {
  return dynamicFunctions(specs)
    .filter((fn) => fn.deferLoading && fn.namespace !== null)
    .map((fn) => ({ namespace: fn.namespace!, tool: functionTool(fn), keywords: "" }));
}

/** The namespaces that hold deferred functions (listed to a model with `tool_search`). */
export function dynamicDeferredNamespaces(specs: readonly DynamicToolSpec[]): Array<{ name: string; description: string }> {
  const out = new Map<string, string>();
  for (const entry of dynamicDeferredTools(specs)) out.set(entry.namespace.name, entry.namespace.description);
  return [...out].map(([name, description]) => ({ name, description }));
}

/**
 * The dynamic function a model call names: a deferred one only when the model
 * may know it (`searchable`: the model has `tool_search`).
 */
export function findDynamicFunction(specs: readonly DynamicToolSpec[], namespace: string | null, name: string, searchable: boolean): DynamicFunction | null {
  const fn = dynamicFunctions(specs).find((candidate) => (candidate.namespace?.name ?? null) === namespace && candidate.name === name);
  if (!fn || (fn.deferLoading && !searchable)) return null;
  return fn;
}
