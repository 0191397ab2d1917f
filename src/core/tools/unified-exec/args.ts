/**
 * Argument parsing for `exec_command` and `write_stdin`. Failures carry the
 * reference's prefix, `failed to parse function arguments: `, followed by a
 * message in the style of the reference's JSON decoder; the model reads it as
 * the tool output and the turn goes on.
 */

export class ToolArgumentsError extends Error {
  constructor(detail: string) {
    super(`failed to parse function arguments: ${detail}`);
    this.name = "ToolArgumentsError";
  }
}

export type SandboxPermissions = "use_default" | "require_escalated";

export interface ExecCommandArgs {
  cmd: string;
  workdir?: string;
  shell?: string;
  login?: boolean;
  tty?: boolean;
  yield_time_ms?: number;
  max_output_tokens?: number;
  sandbox_permissions?: SandboxPermissions;
  justification?: string;
  prefix_rule?: string[];
}

export interface WriteStdinArgs {
  session_id: number;
  chars: string;
  yield_time_ms?: number;
  max_output_tokens?: number;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return `string ${JSON.stringify(value)}`;
  if (typeof value === "boolean") return `boolean \`${value}\``;
  if (typeof value === "number") return Number.isInteger(value) ? `integer \`${value}\`` : `floating point \`${value}\``;
  if (Array.isArray(value)) return "a sequence";
  return "a map";
}

function parseObject(raw: string | unknown): Record<string, unknown> {
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new ToolArgumentsError((error as Error).message);
    }
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ToolArgumentsError(`invalid type: ${describe(value)}, expected a map`);
  }
  return value as Record<string, unknown>;
}

class Reader {
  constructor(private readonly object: Record<string, unknown>) {}

  private present(key: string): unknown {
    const value = this.object[key];
    return value === null ? undefined : value;
  }

  string(key: string): string | undefined {
    const value = this.present(key);
    if (value === undefined || typeof value === "string") return value;
    throw new ToolArgumentsError(`invalid type: ${describe(value)}, expected a string`);
  }

  requiredString(key: string): string {
    const value = this.string(key);
    if (value === undefined) throw new ToolArgumentsError(`missing field \`${key}\``);
    return value;
  }

  boolean(key: string): boolean | undefined {
    const value = this.present(key);
    if (value === undefined || typeof value === "boolean") return value;
    throw new ToolArgumentsError(`invalid type: ${describe(value)}, expected a boolean`);
  }

  /** A non-negative whole number (millisecond and token counts). */
  count(key: string): number | undefined {
    const value = this.present(key);
    if (value === undefined) return undefined;
    if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
    throw new ToolArgumentsError(`invalid type: ${describe(value)}, expected u64`);
  }

  stringArray(key: string): string[] | undefined {
    const value = this.present(key);
    if (value === undefined) return undefined;
    if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value as string[];
    throw new ToolArgumentsError(`invalid type: ${describe(value)}, expected a sequence of strings`);
  }
}

export function parseExecCommandArgs(raw: string | unknown): ExecCommandArgs {
  const read = new Reader(parseObject(raw));
  const args: ExecCommandArgs = { cmd: read.requiredString("cmd") };
  const workdir = read.string("workdir");
  if (workdir !== undefined && workdir !== "") args.workdir = workdir;
  const shell = read.string("shell");
  if (shell !== undefined && shell !== "") args.shell = shell;
  const login = read.boolean("login");
  if (login !== undefined) args.login = login;
  const tty = read.boolean("tty");
  if (tty !== undefined) args.tty = tty;
  const yieldTime = read.count("yield_time_ms");
  if (yieldTime !== undefined) args.yield_time_ms = yieldTime;
  const maxTokens = read.count("max_output_tokens");
  if (maxTokens !== undefined) args.max_output_tokens = maxTokens;
  const permissions = read.string("sandbox_permissions");
  if (permissions !== undefined) {
    if (permissions !== "use_default" && permissions !== "require_escalated") {
      throw new ToolArgumentsError(`unknown variant \`${permissions}\`, expected \`use_default\` or \`require_escalated\``);
    }
    args.sandbox_permissions = permissions;
  }
  const justification = read.string("justification");
  if (justification !== undefined) args.justification = justification;
  const prefixRule = read.stringArray("prefix_rule");
  if (prefixRule !== undefined) args.prefix_rule = prefixRule;
  return args;
}

export function parseWriteStdinArgs(raw: string | unknown): WriteStdinArgs {
  const object = parseObject(raw);
  const read = new Reader(object);
  const id = object.session_id;
  if (id === undefined || id === null) throw new ToolArgumentsError("missing field `session_id`");
  if (typeof id !== "number" || !Number.isInteger(id)) throw new ToolArgumentsError(`invalid type: ${describe(id)}, expected i32`);
  const args: WriteStdinArgs = { session_id: id, chars: read.string("chars") ?? "" };
  const yieldTime = read.count("yield_time_ms");
  if (yieldTime !== undefined) args.yield_time_ms = yieldTime;
  const maxTokens = read.count("max_output_tokens");
  if (maxTokens !== undefined) args.max_output_tokens = maxTokens;
  return args;
}
