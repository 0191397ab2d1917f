import type { JsonValue } from "../../protocol/common.js";
import { callRecord } from "../tool-calls/records.js";
import type { FunctionCall, ToolCallRecord, TurnRunner } from "../turn-runner.js";
import type { HookContext, HookEngine } from "./hook-engine.js";
import { hookContext } from "./hook-context.js";
import { developerMessage } from "./prompt-hooks.js";

/** The name hooks match a call by (the reference's names: `Bash` for commands), and the input they see. */
function hookView(call: FunctionCall): { toolName: string; toolInput: JsonValue } {
  let args: JsonValue = call.arguments;
  if (call.kind === "function") {
    try {
      args = JSON.parse(call.arguments) as JsonValue;
    } catch {
      // Unparseable arguments reach the hook as the raw text.
    }
  }
  const fields = args !== null && typeof args === "object" && !Array.isArray(args) ? args : {};
  switch (call.name) {
    case "exec_command":
      return { toolName: "Bash", toolInput: { command: typeof fields.cmd === "string" ? fields.cmd : call.arguments } };
    case "apply_patch":
      return { toolName: "apply_patch", toolInput: { command: call.kind === "custom" ? call.arguments : typeof fields.input === "string" ? fields.input : call.arguments } };
    default:
      return { toolName: call.namespace ? `${call.namespace}${call.name}` : call.name, toolInput: args };
  }
}

function contextOf(turn: TurnRunner): HookContext {
  return hookContext(turn.threadId, turn.turnId, turn.effectiveSettings(), (method, params) => turn.thread.emit(method, params));
}

/** The output the model gets for the call (the last `*_output` item of its record). */
function outputOf(record: ToolCallRecord): JsonValue {
  const output = [...record.context].reverse().find(
    (item) => item !== null && typeof item === "object" && !Array.isArray(item) && typeof item.type === "string" && item.type.endsWith("_output"),
  ) as { [key: string]: JsonValue } | undefined;
  return output?.output ?? null;
}

function replaceOutput(record: ToolCallRecord, text: string): ToolCallRecord {
  return {
    item: record.item,
    context: record.context.map((item) =>
      item !== null && typeof item === "object" && !Array.isArray(item) && typeof item.type === "string" && item.type.endsWith("_output")
        ? { ...item, output: text }
        : item,
    ),
  };
}

/**
 * One tool call between its hooks: `PreToolUse` first (a block answers the
 * model with the hook's reason and the tool never runs), then the tool, then
 * `PostToolUse` (a block replaces the output the model sees with the hook's
 * feedback). Context the hooks add follows the output as developer messages.
 */
export async function withToolHooks(
  hooks: HookEngine,
  call: FunctionCall,
  turn: TurnRunner,
  runTool: () => Promise<ToolCallRecord>,
): Promise<ToolCallRecord> {
  const context = contextOf(turn);
  const view = hookView(call);
  const before = await hooks.preToolUse(context, { ...view, toolUseId: call.callId });
  if (before.blockReason !== null) {
    const record = callRecord(call, `Command blocked by PreToolUse hook: ${before.blockReason}`);
    return { ...record, context: [...record.context, ...before.additionalContexts.map(developerMessage)] };
  }
  let record = await runTool();
  const after = await hooks.postToolUse(context, { ...view, toolUseId: call.callId, toolResponse: outputOf(record) });
  if (after.blockReason !== null) record = replaceOutput(record, after.blockReason);
  const added = [...before.additionalContexts, ...after.additionalContexts].map(developerMessage);
  return added.length > 0 ? { ...record, context: [...record.context, ...added] } : record;
}

