import { randomUUID } from "node:crypto";
import type { JsonValue } from "../../protocol/common.js";
import type { NestedToolAnswer, NestedToolInfo } from "../code-mode/cell.js";
import { DEFAULT_EXEC_YIELD_TIME_MS, DEFAULT_WAIT_YIELD_TIME_MS, parseExecSource } from "../code-mode/exec-source.js";
import { nestedAnswer } from "../code-mode/nested-result.js";
import { cellOutput, failedOutput } from "../code-mode/output.js";
import type { McpToolCallItem } from "../../protocol/mcp.js";
import { codeModeIdentifier, nestedToolDescription, type NestedToolSpec } from "../tools/specs/index.js";
import type { FunctionCall, ToolCallRecord, TurnRunner } from "../turn-runner.js";
import { callContext, callRecord, errorMessage, outputContext } from "./records.js";

/** What `exec` needs from the tool runtime: the nested tools and a way to run one. */
export interface NestedTools {
  specs: readonly NestedToolSpec[];
  /** Runs one nested call as the model's own call would run (its items emitted), returning its record. */
  run(call: FunctionCall): Promise<ToolCallRecord>;
}

/** `YYYY-MM-DD HH:MM:SS UTC`, as `clock__curr_time` reports the time. */
function utcNow(): string {
  return `${new Date().toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** How argument errors name a namespaced tool (namespace and name run together, as the reference prints them). */
function displayName(tool: NestedToolSpec): string {
  return tool.target ? `${tool.target.namespace}${tool.target.name}` : tool.name;
}

/** The output text of a finished call record, if it has one. */
function recordOutput(record: ToolCallRecord): JsonValue {
  const output = record.context.find(
    (entry): entry is { [key: string]: JsonValue } =>
      typeof entry === "object" && entry !== null && !Array.isArray(entry) && typeof entry.type === "string" && entry.type.endsWith("_output"),
  );
  return output?.output ?? "";
}

/**
 * An MCP call as the script sees it: the server's `CallToolResult`
 * (`structuredContent` and `_meta` only when given, `isError` only when
 * true); a call that failed resolves with its error as the one text block.
 */
function mcpAnswer(item: McpToolCallItem, output: JsonValue): NestedToolAnswer {
  if (item.result) {
    const value: Record<string, JsonValue> = { content: item.result.content as JsonValue };
    if (item.result.structuredContent !== undefined && item.result.structuredContent !== null) value.structuredContent = item.result.structuredContent as JsonValue;
    if (item.result._meta !== undefined && item.result._meta !== null) value._meta = item.result._meta as JsonValue;
    if (item.status === "failed") value.isError = true;
    return { ok: true, value };
  }
  const message = typeof output === "string" ? output : (item.error?.message ?? "tool call failed");
  return { ok: true, value: { content: [{ type: "text", text: message }], isError: true } };
}

async function callNested(nested: NestedTools, turn: TurnRunner, name: string, input: JsonValue | undefined): Promise<NestedToolAnswer> {
  if (name === "exec") return { ok: false, error: "exec cannot invoke itself" };
  const tool = nested.specs.find((entry) => entry.name === name);
  if (!tool) return { ok: false, error: `tool \`${name}\` is not enabled in exec` };
  if (name === "clock__curr_time") return { ok: true, value: { current_time: utcNow() } };
  let argumentsText: string;
  if (tool.spec.type === "custom") {
    if (typeof input !== "string") return { ok: false, error: `tool \`${displayName(tool)}\` expects a string input` };
    argumentsText = input;
  } else if (input === undefined) {
    argumentsText = "{}";
  } else if (input !== null && typeof input === "object" && !Array.isArray(input)) {
    argumentsText = JSON.stringify(input);
  } else {
    return { ok: false, error: `tool \`${displayName(tool)}\` expects a JSON object for arguments` };
  }
  const kind = tool.spec.type === "custom" ? "custom" : "function";
  const call: FunctionCall = {
    kind,
    callId: `exec-${randomUUID()}`,
    name: tool.target?.name ?? name,
    namespace: tool.target?.namespace ?? null,
    arguments: argumentsText,
    raw: null,
  };
  call.raw = callContext(call);
  try {
    const record = await nested.run(call);
    // The nested call's item is part of the thread; its call and output are not part of the model's context.
    if (record.item) turn.recordNestedItem(record.item);
    const output = recordOutput(record);
    if (tool.output === "mcp" && record.item?.type === "mcpToolCall") return mcpAnswer(record.item, output);
    return nestedAnswer(name, output, record.item !== null);
  } catch (error) {
    return { ok: false, error: errorMessage(error) };
  }
}

/**
 * The record of an exec/wait call: its output, then what `notify()` sent
 * meanwhile, as extra outputs of the `exec` call that started the cell
 * (after the call's own output, so every output follows its call).
 */
function recordWithNotes(call: FunctionCall, output: JsonValue, notes: { callId: string; notes: string[] } | null): ToolCallRecord {
  const record = callRecord(call, output);
  for (const note of notes?.notes ?? []) record.context.push(outputContext({ ...call, kind: "custom", callId: notes!.callId }, note));
  return record;
}

/** `exec` (fact sheet §6): starts a cell and answers with its result, or that it is still running. */
export async function runExec(nested: NestedTools, call: FunctionCall, turn: TurnRunner): Promise<ToolCallRecord> {
  const startedAt = Date.now();
  const source = parseExecSource(call.arguments);
  if (typeof source === "string") return callRecord(call, failedOutput(source));
  const tools: NestedToolInfo[] = nested.specs.map((tool) => ({ name: tool.name, global: codeModeIdentifier(tool.name), description: nestedToolDescription(tool) }));
  const session = turn.thread.codeMode;
  const { id, cell } = session.start(turn.turnId, call.callId, source.code, tools, (name, input) => callNested(nested, turn, name, input));
  const response = await cell.next(source.yieldTimeMs ?? DEFAULT_EXEC_YIELD_TIME_MS, turn.signal);
  const notes = session.takeNotes(id);
  session.settle(id, response);
  return recordWithNotes(call, cellOutput(response, id, Date.now() - startedAt, source.maxOutputTokens), notes);
}

interface WaitArgs {
  cell_id: string;
  max_tokens: number | null;
  terminate: boolean;
  yield_time_ms: number | null;
}

function parseWaitArgs(text: string): WaitArgs | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `failed to parse function arguments: ${errorMessage(error)}`;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "failed to parse function arguments: expected an object";
  const args = value as Record<string, unknown>;
  const cellId = typeof args.cell_id === "number" ? String(args.cell_id) : args.cell_id;
  if (typeof cellId !== "string") return "failed to parse function arguments: missing field `cell_id`";
  return {
    cell_id: cellId,
    max_tokens: typeof args.max_tokens === "number" ? args.max_tokens : null,
    terminate: args.terminate === true,
    yield_time_ms: typeof args.yield_time_ms === "number" ? args.yield_time_ms : null,
  };
}

/** `wait`: continues (or with `terminate`, stops) a cell that yielded. */
export async function runWait(call: FunctionCall, turn: TurnRunner): Promise<ToolCallRecord> {
  const startedAt = Date.now();
  const args = parseWaitArgs(call.arguments);
  if (typeof args === "string") return callRecord(call, args);
  const session = turn.thread.codeMode;
  const cell = session.get(args.cell_id);
  if (!cell) return callRecord(call, failedOutput(`exec cell ${args.cell_id} not found`));
  const response = args.terminate ? cell.terminate() : await cell.next(args.yield_time_ms ?? DEFAULT_WAIT_YIELD_TIME_MS, turn.signal);
  const notes = session.takeNotes(args.cell_id);
  session.settle(args.cell_id, response);
  return recordWithNotes(call, cellOutput(response, args.cell_id, Date.now() - startedAt, args.max_tokens), notes);
}

/** `clock.sleep`: waits (up to 12 hours), cut short by an interrupt. */
export async function runSleep(call: FunctionCall, turn: TurnRunner): Promise<ToolCallRecord> {
  let duration: unknown;
  try {
    duration = (JSON.parse(call.arguments) as { duration_ms?: unknown }).duration_ms;
  } catch (error) {
    return callRecord(call, `failed to parse function arguments: ${errorMessage(error)}`);
  }
  if (typeof duration !== "number" || !Number.isFinite(duration) || duration < 1 || duration > 43_200_000) {
    return callRecord(call, "duration_ms must be a number between 1 and 43200000");
  }
  const startedAt = Date.now();
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      turn.signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, duration as number);
    turn.signal.addEventListener("abort", done, { once: true });
  });
  return callRecord(call, `Slept for ${Date.now() - startedAt} ms`);
}
