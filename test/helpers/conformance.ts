/**
 * Checks the messages the server sends against the reference JSON Schema
 * (codex-cli 0.169.0, experimental bundle: the superset of what the reference
 * sends to any client).
 *
 * Two layers:
 * 1. ajv validation of each payload against the reference definition for its
 *    position (notification / server request branch, response definition,
 *    JSONRPCErrorError).
 * 2. A strict walker, because the reference schema rarely forbids extra
 *    properties: every object property we emit must be declared for that
 *    position, with a type the reference allows; every `required` property and
 *    every `T | null` property (always emitted by the reference, protocol.md
 *    §2.1) must be present.
 *
 * Everything is loaded and compiled lazily and cached per process.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { clientRequests } from "../../src/protocol/registry.js";
import { schemaName } from "../../src/protocol/schema-meta.js";
import { referenceSchemaDir } from "./paths.js";

export interface ConformanceProblem {
  /** What the message is, e.g. `notification configWarning` or `response to initialize (id 1)`. */
  message: string;
  /** JSON path inside the message, e.g. `result.thread.turns[0].status`. */
  path: string;
  problem: string;
}

export interface CheckedMessage {
  message: Record<string, unknown>;
  /** For responses: the method of the request they answer, when known. */
  requestMethod?: string;
}

/**
 * Fields the reference may omit although its JSON Schema types them `T | null`:
 * the schema cannot tell `f: T | null` (always sent, explicit null) from
 * `f?: T` / `f?: T | null` (omitted when unset); only the reference's
 * generated TS types can (`codex-rs/app-server-protocol/schema/typescript/`).
 * Keyed `Definition.field`. Add entries only with evidence: protocol.md, the
 * recorded reference traffic in test/fixtures/reference-traffic (test/e2e/conformance.test.ts
 * checks that all of it passes), or the reference's TS type, cited here.
 */
export const OMITTED_WHEN_NULL = new Set<string>([
  // protocol.md §2.1: "omitted when default/None (e.g. ThreadNameUpdatedNotification.threadName)".
  "ThreadNameUpdatedNotification.threadName",
  // TS `path?: string, range?: TextRange`; omitted in both reference transcripts.
  "ConfigWarningNotification.path",
  "ConfigWarningNotification.range",
  // Omitted in the TUI traffic (config/read, skills/list).
  "ConfigReadResponse.layers",
  "ConfigLayer.disabledReason",
  "SkillMetadata.dependencies",
  "SkillMetadata.shortDescription",
  // openai/codex app-server-protocol v2 `CommandExecutionRequestApprovalParams`: these are
  // `#[serde(default, skip_serializing_if = "Option::is_none")]` / TS `f?: T | null`;
  // `additionalPermissions` and `availableDecisions` are also stripped for connections
  // without experimentalApi (protocol.md §1.5).
  "CommandExecutionRequestApprovalParams.approvalId",
  "CommandExecutionRequestApprovalParams.reason",
  "CommandExecutionRequestApprovalParams.networkApprovalContext",
  "CommandExecutionRequestApprovalParams.proposedExecpolicyAmendment",
  "CommandExecutionRequestApprovalParams.proposedNetworkPolicyAmendments",
  "CommandExecutionRequestApprovalParams.additionalPermissions",
  "CommandExecutionRequestApprovalParams.availableDecisions",
  // TS `mcpAppResourceUri?: string | null` ("Legacy compatibility field"); codex 0.169.0 leaves it
  // out of every mcpToolCall item when unset (recorded item/started and item/completed, MCP calls).
  "McpToolCallThreadItem.mcpAppResourceUri",
]);

/**
 * Object definitions without declared properties that are free-form maps in
 * the reference (every other property-less `{"type":"object"}` is an empty
 * struct, `{}` on the wire).
 */
const FREE_FORM_OBJECT_DEFINITIONS = new Set<string>(["AppLinksConfig", "AppToolsConfig", "ThreadExtra"]);

type Schema = boolean | SchemaObject;
interface SchemaObject {
  [keyword: string]: any;
}

const ROOT_ID = "codex";
const MAX_AJV_ERRORS = 8;

// ---------------------------------------------------------------------------
// Loading (lazy, once per process)

interface Reference {
  root: SchemaObject;
  ajv: Ajv;
  /** Definition name enclosing each schema node. */
  enclosingDefinition: WeakMap<object, string>;
  notificationBranches: Map<string, { pointer: string; schema: SchemaObject }>;
  serverRequestBranches: Map<string, { pointer: string; schema: SchemaObject }>;
  clientRequestMethods: Set<string>;
  /** Client request method → the reference's params definition name. */
  clientRequestParams: Map<string, string>;
}

let reference: Reference | undefined;
const validators = new Map<string, ValidateFunction>();

function intFormat(min: number, max: number) {
  return { type: "number" as const, validate: (n: number) => Number.isInteger(n) && n >= min && n <= max };
}

function methodOfBranch(branch: SchemaObject): string | undefined {
  const e = branch.properties?.method?.enum;
  return Array.isArray(e) && typeof e[0] === "string" ? e[0] : undefined;
}

function loadReference(): Reference {
  if (reference) return reference;
  const file = path.join(referenceSchemaDir, "codex_app_server_protocol.schemas.json");
  const root = JSON.parse(readFileSync(file, "utf8")) as SchemaObject;
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  const big = Number.MAX_SAFE_INTEGER;
  ajv.addFormat("int64", intFormat(-big, big));
  ajv.addFormat("uint64", intFormat(0, big));
  ajv.addFormat("uint", intFormat(0, big));
  ajv.addFormat("int32", intFormat(-(2 ** 31), 2 ** 31 - 1));
  ajv.addFormat("uint32", intFormat(0, 2 ** 32 - 1));
  ajv.addFormat("uint16", intFormat(0, 2 ** 16 - 1));
  ajv.addFormat("double", { type: "number", validate: (n: number) => Number.isFinite(n) });
  ajv.addSchema(root, ROOT_ID);

  const enclosingDefinition = new WeakMap<object, string>();
  const mark = (node: unknown, name: string) => {
    if (node === null || typeof node !== "object") return;
    enclosingDefinition.set(node, name);
    for (const child of Object.values(node)) mark(child, name);
  };
  const definitions = root.definitions as Record<string, SchemaObject>;
  for (const [name, def] of Object.entries(definitions)) {
    if (name === "v2") continue;
    mark(def, name);
  }
  for (const [name, def] of Object.entries(definitions.v2 as Record<string, SchemaObject>)) mark(def, name);

  const branches = (defName: string) => {
    const map = new Map<string, { pointer: string; schema: SchemaObject }>();
    (definitions[defName]!.oneOf as SchemaObject[]).forEach((branch, i) => {
      const method = methodOfBranch(branch);
      if (method) map.set(method, { pointer: `/definitions/${defName}/oneOf/${i}`, schema: branch });
    });
    return map;
  };
  const clientRequestMethods = new Set<string>();
  const clientRequestParams = new Map<string, string>();
  for (const branch of definitions.ClientRequest!.oneOf as SchemaObject[]) {
    const method = methodOfBranch(branch);
    if (!method) continue;
    clientRequestMethods.add(method);
    const params = branch.properties?.params;
    const ref = params?.$ref ?? (params?.anyOf as SchemaObject[] | undefined)?.find((b) => typeof b.$ref === "string")?.$ref;
    if (typeof ref === "string") clientRequestParams.set(method, ref.slice(ref.lastIndexOf("/") + 1));
  }
  reference = {
    root,
    ajv,
    enclosingDefinition,
    notificationBranches: branches("ServerNotification"),
    serverRequestBranches: branches("ServerRequest"),
    clientRequestMethods,
    clientRequestParams,
  };
  return reference;
}

function validatorFor(pointer: string): ValidateFunction {
  const cached = validators.get(pointer);
  if (cached) return cached;
  const validate = loadReference().ajv.compile({ $ref: `${ROOT_ID}#${pointer}` });
  validators.set(pointer, validate);
  return validate;
}

function escapePointer(segment: string): string {
  return encodeURIComponent(segment.replace(/~/g, "~0").replace(/\//g, "~1"));
}

/** JSON pointer of a reference definition, v2 first (`#/definitions/v2/X`), then the root bundle. */
export function referenceDefinitionPointer(name: string): string | undefined {
  const { root } = loadReference();
  if (Object.prototype.hasOwnProperty.call(root.definitions.v2, name)) return `/definitions/v2/${escapePointer(name)}`;
  if (name !== "v2" && Object.prototype.hasOwnProperty.call(root.definitions, name)) return `/definitions/${escapePointer(name)}`;
  return undefined;
}

function schemaAt(pointer: string): Schema {
  const { root } = loadReference();
  let node: any = root;
  for (const raw of pointer.split("/").slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    node = node?.[key];
  }
  if (node === undefined) throw new Error(`reference schema has nothing at ${pointer}`);
  return node as Schema;
}

// ---------------------------------------------------------------------------
// Strict walker

interface Leaf {
  schema: SchemaObject;
  definition: string | undefined;
}
/** One way a value can satisfy a schema: every leaf must hold. */
type Alternative = Leaf[];

interface WalkProblem {
  path: string;
  problem: string;
  /** A type/enum/const mismatch: the value does not have this branch's shape at all. */
  shape?: boolean;
  /** For ajv findings: the failing keyword. */
  keyword?: string;
}

const alternativesCache = new WeakMap<object, Alternative[]>();
const MAX_ALTERNATIVES = 256;

function product(a: Alternative[], b: Alternative[]): Alternative[] {
  const out: Alternative[] = [];
  for (const x of a) for (const y of b) out.push([...x, ...y]);
  return out.slice(0, MAX_ALTERNATIVES);
}

function resolveRef(ref: string): Schema {
  if (!ref.startsWith("#")) throw new Error(`unsupported $ref ${ref}`);
  return schemaAt(ref.slice(1));
}

const LEAF_KEYWORDS = ["type", "enum", "const", "properties", "required", "additionalProperties", "items"];

/** Flattens $ref / allOf / anyOf / oneOf into alternatives of conjoined leaves. */
function alternatives(schema: Schema): Alternative[] {
  if (schema === true) return [[]];
  if (schema === false) return [[{ schema: { not: {} }, definition: undefined }]];
  const cached = alternativesCache.get(schema);
  if (cached) return cached;
  let result: Alternative[];
  if (typeof schema.$ref === "string") {
    // draft-07: keywords beside $ref are ignored.
    result = alternatives(resolveRef(schema.$ref));
  } else {
    const { enclosingDefinition } = loadReference();
    result = [[]];
    if (LEAF_KEYWORDS.some((k) => k in schema)) result = [[{ schema, definition: enclosingDefinition.get(schema) }]];
    for (const member of (schema.allOf as Schema[] | undefined) ?? []) result = product(result, alternatives(member));
    for (const keyword of ["anyOf", "oneOf"]) {
      const branches = schema[keyword] as Schema[] | undefined;
      if (branches) result = product(result, branches.flatMap((b) => alternatives(b)));
    }
    if ("not" in schema && !LEAF_KEYWORDS.some((k) => k in schema)) {
      result = result.map((alt) => [...alt, { schema: { not: schema.not }, definition: undefined }]);
    }
  }
  alternativesCache.set(schema, result);
  return result;
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = jsonType(value);
  return actual === type || (type === "number" && actual === "integer");
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function typesOf(schema: SchemaObject): string[] | undefined {
  if (schema.type === undefined) return undefined;
  return Array.isArray(schema.type) ? schema.type : [schema.type];
}

/** True when the schema's type explicitly admits null (`T | null`). */
function isNullable(schema: Schema): boolean {
  return alternatives(schema).some((alt) => {
    let mentionsNull = false;
    for (const { schema: leaf } of alt) {
      const types = typesOf(leaf);
      if (types) {
        if (!types.includes("null")) return false;
        mentionsNull = true;
      }
      if (leaf.enum) {
        if (!leaf.enum.includes(null)) return false;
        mentionsNull = true;
      }
      if ("const" in leaf) {
        if (leaf.const !== null) return false;
        mentionsNull = true;
      }
    }
    return mentionsNull;
  });
}

function childPath(base: string, key: string | number): string {
  if (typeof key === "number") return `${base}[${key}]`;
  const name = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  return base === "" ? name : /^[A-Za-z_$]/.test(name) ? `${base}.${name}` : `${base}[${name}]`;
}

function walk(value: unknown, schema: Schema, at: string): WalkProblem[] {
  const alts = alternatives(schema);
  if (alts.length === 1) return walkAlternative(value, alts[0]!, at);
  let best: WalkProblem[] | undefined;
  let bestScore = Infinity;
  for (const alt of alts) {
    const problems = walkAlternative(value, alt, at);
    if (problems.length === 0) return [];
    // Fewest shape mismatches first; among equals, the branch whose mismatch lies deepest matched most.
    const shapes = problems.filter((p) => p.shape);
    const shallowest = shapes.length > 0 ? Math.min(...shapes.map((p) => p.path.length)) : 0;
    const score = shapes.length * 1000 + problems.length - shallowest / 1e4;
    if (score < bestScore) {
      best = problems;
      bestScore = score;
    }
  }
  const problems = best ?? [];
  const mismatch = problems.find((p) => p.shape);
  if (mismatch) {
    // No alternative has the value's shape (type, tag): name the closest miss.
    const detail = `${mismatch.path === at ? "it" : mismatch.path} ${mismatch.problem}`;
    return [{ path: at, problem: `matches none of the ${alts.length} shapes the reference allows here (closest: ${detail})`, shape: true }];
  }
  return problems;
}

function walkAlternative(value: unknown, alt: Alternative, at: string): WalkProblem[] {
  const problems: WalkProblem[] = [];
  for (const { schema } of alt) {
    const types = typesOf(schema);
    if (types && !types.some((t) => matchesType(value, t))) {
      return [{ path: at, problem: `is ${jsonType(value)}, the reference has ${types.join(" | ")}`, shape: true }];
    }
    if (Array.isArray(schema.enum) && !schema.enum.some((e: unknown) => deepEqual(e, value))) {
      return [{ path: at, problem: `${JSON.stringify(value)} is not one of ${schema.enum.map((e: unknown) => JSON.stringify(e)).join(", ")}`, shape: true }];
    }
    if ("const" in schema && !deepEqual(schema.const, value)) {
      return [{ path: at, problem: `${JSON.stringify(value)} is not ${JSON.stringify(schema.const)}`, shape: true }];
    }
    if ("not" in schema && walk(value, schema.not, at).length === 0) {
      return [{ path: at, problem: "is not allowed here", shape: true }];
    }
  }

  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    walkObject(value as Record<string, unknown>, alt, at, problems);
  } else if (Array.isArray(value)) {
    for (const { schema } of alt) {
      if (schema.items === undefined) continue;
      value.forEach((element, i) => {
        const itemSchema = Array.isArray(schema.items) ? (schema.items[i] ?? schema.additionalItems ?? true) : schema.items;
        problems.push(...walk(element, itemSchema, childPath(at, i)));
      });
    }
  }
  return problems;
}

function walkObject(value: Record<string, unknown>, alt: Alternative, at: string, problems: WalkProblem[]): void {
  const objectLeaves = alt.filter(
    ({ schema }) =>
      "properties" in schema || "additionalProperties" in schema || "required" in schema || typesOf(schema)?.includes("object"),
  );
  if (objectLeaves.length === 0) return; // unconstrained: any JSON value
  let open = false;
  const extraSchemas: Schema[] = [];
  for (const { schema, definition } of objectLeaves) {
    const ap = schema.additionalProperties;
    if (ap === true) open = true;
    else if (ap !== undefined && ap !== false) extraSchemas.push(ap);
    else if (ap === undefined && !schema.properties && !schema.required && definition && FREE_FORM_OBJECT_DEFINITIONS.has(definition)) {
      open = true;
    }
  }

  for (const [key, child] of Object.entries(value)) {
    const declared = objectLeaves.filter(({ schema }) => schema.properties && Object.prototype.hasOwnProperty.call(schema.properties, key));
    const where = childPath(at, key);
    if (declared.length > 0) {
      for (const { schema } of declared) problems.push(...walk(child, schema.properties[key], where));
    } else if (extraSchemas.length > 0) {
      for (const extra of extraSchemas) problems.push(...walk(child, extra, where));
    } else if (!open) {
      problems.push({ path: where, problem: "is not declared by the reference schema" });
    }
  }

  for (const { schema, definition } of objectLeaves) {
    for (const key of (schema.required as string[] | undefined) ?? []) {
      if (!(key in value)) problems.push({ path: childPath(at, key), problem: "is required by the reference but missing" });
    }
    const title = typeof schema.title === "string" ? schema.title : undefined;
    for (const [key, propSchema] of Object.entries((schema.properties as Record<string, Schema> | undefined) ?? {})) {
      if (key in value || (schema.required as string[] | undefined)?.includes(key)) continue;
      if (!isNullable(propSchema)) continue;
      if (OMITTED_WHEN_NULL.has(`${definition}.${key}`) || (title && OMITTED_WHEN_NULL.has(`${title}.${key}`))) continue;
      problems.push({
        path: childPath(at, key),
        problem: "is missing: a `T | null` field the reference always sends (send null when unset)",
      });
    }
  }
}

// ---------------------------------------------------------------------------
// Message checks

function ajvProblems(validate: ValidateFunction, value: unknown, base: string): WalkProblem[] {
  if (validate(value)) return [];
  const errors = (validate.errors ?? []) as ErrorObject[];
  const seen = new Set<string>();
  const out: WalkProblem[] = [];
  for (const error of errors) {
    const segments = error.instancePath
      .split("/")
      .slice(1)
      .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
    let where = base;
    for (const s of segments) where = childPath(where, /^\d+$/.test(s) ? Number(s) : s);
    const params = Object.keys(error.params ?? {}).length > 0 ? ` ${JSON.stringify(error.params)}` : "";
    const text = `${error.message ?? error.keyword}${params} (ajv, ${error.schemaPath})`;
    const key = `${where} ${text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path: where, problem: text, keyword: error.keyword });
    if (out.length >= MAX_AJV_ERRORS) break;
  }
  return out;
}

/** Keywords the strict walker checks itself, with more precise reports. */
const WALKER_KEYWORDS = new Set(["required", "type", "enum", "const", "anyOf", "oneOf", "allOf", "additionalProperties", "false schema", "not"]);

/**
 * The walker's findings plus ajv's for what the walker does not check (formats,
 * ranges, lengths...). When neither of those finds anything but ajv still
 * fails, all of ajv's findings are kept: a safety net for walker gaps.
 */
function combine(ajv: WalkProblem[], walker: WalkProblem[]): WalkProblem[] {
  const extra = ajv.filter((p) => !WALKER_KEYWORDS.has(p.keyword ?? ""));
  if (walker.length === 0 && extra.length === 0) return ajv;
  return [...walker, ...extra];
}

function checkEnvelope(message: Record<string, unknown>, allowed: readonly string[]): WalkProblem[] {
  return Object.keys(message)
    .filter((key) => !allowed.includes(key))
    .map((key) => ({ path: key, problem: "is not a member of this message kind on the reference's wire" }));
}

function isRequestId(value: unknown): boolean {
  return typeof value === "string" || (typeof value === "number" && Number.isInteger(value));
}

export interface CheckOptions {
  /**
   * The reference definition name of a method's result. Default: the name our
   * registry gives its result schema (`schemaName(clientRequests[method].result)`).
   */
  resultDefinition?: (method: string) => string | undefined;
}

function registryResultDefinition(method: string): string | undefined {
  const spec = (clientRequests as Record<string, { result: Parameters<typeof schemaName>[0] } | undefined>)[method];
  return spec ? schemaName(spec.result) : undefined;
}

/**
 * The reference's own name for a method's result, derived from its params
 * definition (`XParams` → `XResponse`); undefined when that is not possible.
 * For checking reference traffic, which does not go through our registry.
 */
export function referenceResultDefinition(method: string): string | undefined {
  const params = loadReference().clientRequestParams.get(method);
  if (!params?.endsWith("Params")) return undefined;
  const name = `${params.slice(0, -"Params".length)}Response`;
  return referenceDefinitionPointer(name) ? name : undefined;
}

/** Checks one message the server sent. Returns no problems when it conforms. */
export function checkMessage({ message, requestMethod }: CheckedMessage, options: CheckOptions = {}): ConformanceProblem[] {
  const ref = loadReference();
  const problems: WalkProblem[] = [];
  let label: string;

  const hasMethod = typeof message.method === "string";
  if (hasMethod && !("id" in message)) {
    const method = message.method as string;
    label = `notification ${method}`;
    problems.push(...checkEnvelope(message, ["method", "params", "emittedAtMs"]));
    if (!(typeof message.emittedAtMs === "number" && Number.isInteger(message.emittedAtMs) && message.emittedAtMs > 0)) {
      problems.push({ path: "emittedAtMs", problem: "must be a Unix timestamp in milliseconds (the reference sends it on every notification)" });
    }
    const branch = ref.notificationBranches.get(method);
    if (!branch) {
      problems.push({ path: "method", problem: "is not a server notification the reference knows" });
    } else {
      const paramsSchema: Schema | undefined = branch.schema.properties?.params;
      const walked: WalkProblem[] = [];
      if (paramsSchema === undefined) {
        if ("params" in message) walked.push({ path: "params", problem: "the reference sends this notification without params" });
      } else {
        walked.push(...walk(message.params, paramsSchema, "params"));
      }
      problems.push(...combine(ajvProblems(validatorFor(branch.pointer), message, ""), walked));
    }
  } else if (hasMethod) {
    const method = message.method as string;
    label = `server request ${method} (id ${JSON.stringify(message.id)})`;
    problems.push(...checkEnvelope(message, ["id", "method", "params"]));
    if (!(typeof message.id === "number" && Number.isInteger(message.id) && message.id >= 0)) {
      problems.push({ path: "id", problem: "server request ids are integers from a counter starting at 0" });
    }
    const branch = ref.serverRequestBranches.get(method);
    if (!branch) {
      problems.push({ path: "method", problem: "is not a server request the reference knows" });
    } else {
      const paramsSchema: Schema | undefined = branch.schema.properties?.params;
      const walked: WalkProblem[] = [];
      if (paramsSchema !== undefined) walked.push(...walk(message.params, paramsSchema, "params"));
      else if ("params" in message) walked.push({ path: "params", problem: "the reference sends this request without params" });
      problems.push(...combine(ajvProblems(validatorFor(branch.pointer), message, ""), walked));
    }
  } else if ("error" in message) {
    label = `error response${requestMethod ? ` to ${requestMethod}` : ""} (id ${JSON.stringify(message.id)})`;
    problems.push(...checkEnvelope(message, ["id", "error"]));
    // id null answers input that had no usable id (a documented difference: the reference drops such lines).
    if (!(isRequestId(message.id) || message.id === null)) {
      problems.push({ path: "id", problem: "must be a string, an integer, or null" });
    }
    const pointer = referenceDefinitionPointer("JSONRPCErrorError")!;
    problems.push(...combine(ajvProblems(validatorFor(pointer), message.error, "error"), walk(message.error, schemaAt(pointer), "error")));
    const error = message.error as { message?: unknown; data?: unknown } | null;
    const text = `${typeof error?.message === "string" ? error.message : ""}\n${error?.data === undefined ? "" : JSON.stringify(error.data)}`;
    if (/(\n|\\n)\s+at \S/.test(text)) {
      problems.push({ path: "error", problem: "carries a stack trace" });
    }
    if (requestMethod !== undefined && !ref.clientRequestMethods.has(requestMethod) && !isUnknownMethodProbe(message)) {
      // An error for a method the reference does not know is fine only when it says so.
      problems.push({ path: "", problem: `answers ${requestMethod}, a method the reference does not know` });
    }
  } else if ("result" in message) {
    label = `response${requestMethod ? ` to ${requestMethod}` : ""} (id ${JSON.stringify(message.id)})`;
    problems.push(...checkEnvelope(message, ["id", "result"]));
    if (!isRequestId(message.id)) problems.push({ path: "id", problem: "must be a string or an integer" });
    if (requestMethod === undefined) {
      problems.push({ path: "", problem: "answers a request id the client never sent" });
    } else if (!ref.clientRequestMethods.has(requestMethod)) {
      problems.push({ path: "", problem: `answers ${requestMethod}, a method the reference does not know` });
    } else {
      const name = (options.resultDefinition ?? registryResultDefinition)(requestMethod);
      const pointer = name ? referenceDefinitionPointer(name) : undefined;
      if (!name) {
        const listed = Object.prototype.hasOwnProperty.call(clientRequests, requestMethod);
        problems.push({
          path: "",
          problem: listed
            ? `the registry's result schema for ${requestMethod} has no reference name (named(...))`
            : `answers ${requestMethod}, which src/protocol/registry.ts does not list`,
        });
      } else if (!pointer) problems.push({ path: "", problem: `the reference has no definition named ${name}` });
      else {
        problems.push(...combine(ajvProblems(validatorFor(pointer), message.result, "result"), walk(message.result, schemaAt(pointer), "result")));
      }
    }
  } else {
    label = "message";
    problems.push({ path: "", problem: "is neither a notification, a request nor a response" });
  }

  return problems.map((p) => ({ message: label, path: p.path === "" ? "$" : p.path, problem: p.problem }));
}

function isUnknownMethodProbe(message: Record<string, unknown>): boolean {
  const error = message.error as { code?: unknown; message?: unknown } | undefined;
  return error?.code === -32600 && typeof error.message === "string" && error.message.startsWith("Invalid request: unknown variant");
}

export function checkMessages(messages: readonly CheckedMessage[], options?: CheckOptions): ConformanceProblem[] {
  return messages.flatMap((m) => checkMessage(m, options));
}

export function formatProblem(p: ConformanceProblem): string {
  return `${p.message}: ${p.path} ${p.problem}`;
}

/** The reference's client request methods (experimental superset). */
export function referenceClientMethods(): ReadonlySet<string> {
  return loadReference().clientRequestMethods;
}
