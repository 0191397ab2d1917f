import type { ZodError, ZodIssue } from "zod";

export const ErrorCode = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  overloaded: -32001,
  requestCancelled: -32800,
} as const;

/** An error that is answered to the client as-is (code, message and optional data). */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = "RpcError";
  }

  /** The JSON-RPC error object. */
  toJson(): { code: number; message: string; data?: unknown } {
    return this.data === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, data: this.data };
  }
}

export function invalidRequest(message: string, data?: unknown): RpcError {
  return new RpcError(ErrorCode.invalidRequest, message, data);
}

export function internalError(message: string): RpcError {
  return new RpcError(ErrorCode.internalError, message);
}

/** What to call containers: serde's JSON wording by default, TOML's for config files. */
export interface ContainerNames {
  array: string;
  object: string;
}
const JSON_CONTAINERS: ContainerNames = { array: "sequence", object: "map" };

/** Describes a value the way serde's "invalid type" messages do, e.g. ``integer `5` ``. */
export function describeValue(value: unknown, containers: ContainerNames = JSON_CONTAINERS): string {
  if (value === null) return "null";
  if (value === undefined) return "unit value";
  switch (typeof value) {
    case "string":
      return `string ${JSON.stringify(value)}`;
    case "boolean":
      return `boolean \`${value}\``;
    case "number":
      return Number.isInteger(value) ? `integer \`${value}\`` : `floating point \`${value}\``;
    case "object":
      return Array.isArray(value) ? containers.array : containers.object;
    default:
      return typeof value;
  }
}

function describeExpected(expected: string): string {
  switch (expected) {
    case "string":
      return "a string";
    case "number":
      return "a number";
    case "integer":
      return "an integer";
    case "boolean":
      return "a boolean";
    case "object":
      return "an object";
    case "array":
      return "a sequence";
    case "null":
      return "null";
    default:
      return expected;
  }
}

function formatPath(path: ReadonlyArray<string | number>): string {
  let out = "";
  for (const segment of path) {
    out += typeof segment === "number" ? `[${segment}]` : out === "" ? segment : `.${segment}`;
  }
  return out;
}

function valueAt(root: unknown, path: ReadonlyArray<string | number>): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function issueMessage(issue: ZodIssue, input: unknown, prefix: ReadonlyArray<string | number>): string {
  const fullPath = [...prefix, ...issue.path];
  const where = fullPath.length > 0 ? ` at \`${formatPath(fullPath)}\`` : "";
  switch (issue.code) {
    case "invalid_type": {
      if (issue.received === "undefined") {
        return fullPath.length > 0 ? `missing field \`${formatPath(fullPath)}\`` : "missing value";
      }
      const actual = valueAt(input, issue.path);
      return `invalid type: ${describeValue(actual)}, expected ${describeExpected(issue.expected)}${where}`;
    }
    case "invalid_enum_value":
      return `unknown variant \`${String(issue.received)}\`, expected one of ${issue.options
        .map((o) => `\`${String(o)}\``)
        .join(", ")}${where}`;
    case "invalid_union_discriminator":
      return `unknown variant \`${String(valueAt(input, issue.path))}\`, expected one of ${issue.options
        .map((o) => `\`${String(o)}\``)
        .join(", ")}${where}`;
    case "invalid_literal":
      return `invalid value: ${describeValue(valueAt(input, issue.path))}, expected \`${String(issue.expected)}\`${where}`;
    case "invalid_union":
      return `invalid value: ${describeValue(valueAt(input, issue.path))} does not match any accepted shape${where}`;
    default:
      return `${issue.message}${where}`;
  }
}

/**
 * Turns a zod failure into the reference's "Invalid request: ..." wording,
 * naming the offending field path. `prefix` is prepended to issue paths.
 */
export function formatZodError(error: ZodError, input: unknown, prefix: ReadonlyArray<string | number> = []): string {
  const issue = pickIssue(error.issues);
  return issueMessage(issue, input, prefix);
}

/** For unions zod reports the union failure; the most specific nested issue is more useful. */
function pickIssue(issues: readonly ZodIssue[]): ZodIssue {
  const first = issues[0]!;
  if (first.code === "invalid_union" && first.unionErrors.length > 0) {
    // Prefer the branch whose failure went deepest: it matched the most structure.
    let best: ZodIssue | undefined;
    for (const branch of first.unionErrors) {
      const candidate = pickIssue(branch.issues);
      if (candidate.code === "invalid_type" && candidate.path.length <= first.path.length) continue;
      if (!best || candidate.path.length > best.path.length) best = candidate;
    }
    if (best) return best;
  }
  return first;
}
