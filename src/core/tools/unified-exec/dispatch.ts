import { parseExecCommandArgs, parseWriteStdinArgs, ToolArgumentsError } from "./args.js";
import { UnifiedExecError, type ExecCallContext, type ExecCallResult, type UnifiedExecSessions } from "./sessions.js";

export const UNIFIED_EXEC_TOOL_NAMES = ["exec_command", "write_stdin"] as const;
export type UnifiedExecToolName = (typeof UNIFIED_EXEC_TOOL_NAMES)[number];

export function isUnifiedExecTool(name: string): name is UnifiedExecToolName {
  return (UNIFIED_EXEC_TOOL_NAMES as readonly string[]).includes(name);
}

/** What a unified exec tool call produced. */
export interface UnifiedExecOutcome {
  /** The `function_call_output.output` text, for success and failure alike. */
  output: string;
  /** Absent when the call failed (bad arguments, unknown session, refused by the sandbox port…). */
  result?: ExecCallResult;
  /** write_stdin only: what to send as `item/commandExecution/terminalInteraction`. */
  interaction?: { itemId: string; processId: string; stdin: string };
  /** The failure, when there was one (e.g. a sandbox refusal in `cause` to turn into an approval). */
  error?: ToolArgumentsError | UnifiedExecError;
}

/**
 * Runs one `exec_command` / `write_stdin` function call (raw JSON
 * arguments) and turns every expected failure into the text the model gets.
 * Unexpected errors propagate.
 */
export async function runUnifiedExecTool(
  sessions: UnifiedExecSessions,
  name: UnifiedExecToolName,
  rawArguments: string,
  context: ExecCallContext,
): Promise<UnifiedExecOutcome> {
  try {
    if (name === "exec_command") {
      const result = await sessions.execCommand(parseExecCommandArgs(rawArguments), context);
      return { output: result.text, result };
    }
    const args = parseWriteStdinArgs(rawArguments);
    const result = await sessions.writeStdin(args, { truncationPolicy: context.truncationPolicy, signal: context.signal, pause: context.pause });
    // An empty write is a poll: the reference reports no terminal interaction for it.
    if (args.chars === "") return { output: result.text, result };
    return { output: result.text, result, interaction: { itemId: result.itemId, processId: String(result.processId), stdin: args.chars } };
  } catch (error) {
    if (error instanceof ToolArgumentsError || error instanceof UnifiedExecError) return { output: error.message, error };
    throw error;
  }
}

/** The reference's answer to a call of a tool it did not offer. */
export function unsupportedCallOutput(name: string, kind: "function" | "custom" | "tool_search" = "function"): string {
  return kind === "custom" ? `unsupported custom tool call: ${name}` : `unsupported call: ${name}`;
}
