import { StringDecoder } from "node:string_decoder";
import { effectiveTruncationPolicy } from "../model/catalog-entry.js";
import type { JsonValue } from "../protocol/common.js";
import type { CommandExecutionItem } from "../protocol/item.js";
import { invalidRequest } from "../protocol/errors.js";
import { newId } from "./thread-id.js";
import { exitStatus, HeadTailBuffer, shellEnvironment, spawnProcessGroup } from "./tools/index.js";
import { startedCommandItem } from "./tool-calls/records.js";
import { defaultUserShell, formatOutputForModel, shellArgv } from "./tools/unified-exec/index.js";
import type { TurnRunner } from "./turn-runner.js";

/**
 * thread/shellCommand: the user's own `!cmd`. As the reference does, it runs
 * through the user's login shell in the thread's cwd, unsandboxed (the user
 * typed it), streams as a `commandExecution` item with `source: "userShell"`,
 * and enters the model context as a `<user_shell_command>` user message
 * recorded with the item.
 */

/** The reference's default: one hour. */
export const USER_SHELL_TIMEOUT_MS = 60 * 60 * 1000;
/** Output kept for the item (head and tail of a longer one). */
const OUTPUT_KEEP_BYTES = 512 * 1024;

/** Validates thread/shellCommand params (reference texts); returns the trimmed command and the timeout. */
export function checkShellCommand(command: string, timeoutMs: number | null | undefined): { command: string; timeoutMs: number } {
  const trimmed = command.trim();
  if (trimmed === "") throw invalidRequest("command must not be empty");
  if (timeoutMs !== null && timeoutMs !== undefined && timeoutMs < 0) {
    throw invalidRequest(`thread/shellCommand timeoutMs must be non-negative, got ${timeoutMs}`);
  }
  return { command: trimmed, timeoutMs: timeoutMs ?? USER_SHELL_TIMEOUT_MS };
}

/** The model-context record of a user shell command (a user message, as the reference records it). */
export function userShellCommandRecord(command: string, exitCode: number, durationMs: number, output: string): JsonValue {
  const text = [
    "<user_shell_command>",
    "<command>",
    command,
    "</command>",
    "<result>",
    `Exit code: ${exitCode}`,
    `Duration: ${(durationMs / 1000).toFixed(4)} seconds`,
    "Output:",
    output,
    "</result>",
    "</user_shell_command>",
  ].join("\n");
  return { type: "message", role: "user", content: [{ type: "input_text", text }] };
}

/**
 * Runs `command` as part of `turn` (its own turn, or the running one): the
 * item streams under the turn's id; the finished item is recorded with its
 * model-context record. An interrupt of the turn kills the command.
 */
export async function runUserShellCommand(turn: TurnRunner, command: string, timeoutMs: number, configValues: Record<string, unknown>): Promise<void> {
  const thread = turn.thread;
  const cwd = thread.record.settings.cwd;
  const argv = shellArgv(defaultUserShell(), command, true);
  let item = startedCommandItem(newId(), argv, cwd, "userShell");
  const startedAtMs = item.startedAtMs!;
  turn.itemStarted(item);

  const output = new HeadTailBuffer(OUTPUT_KEEP_BYTES / 2, OUTPUT_KEEP_BYTES / 2);
  let exitCode: number;
  let aggregated: string;
  const group = spawnProcessGroup(argv, { cwd, env: shellEnvironment(configValues), stdin: "ignore" });
  const decoders = [new StringDecoder("utf8"), new StringDecoder("utf8")];
  [group.child.stdout!, group.child.stderr!].forEach((stream, index) => {
    stream.on("data", (chunk: Buffer) => {
      output.push(chunk);
      const delta = decoders[index]!.write(chunk);
      if (delta !== "") thread.emit("item/commandExecution/outputDelta", { threadId: thread.id, turnId: turn.turnId, itemId: item.id, delta });
    });
  });
  let abortedByUser = false;
  let timedOut = false;
  const onAbort = () => {
    abortedByUser = true;
    group.kill();
  };
  turn.signal.addEventListener("abort", onAbort, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    group.kill();
  }, timeoutMs);
  try {
    const exit = await group.exited;
    await group.drainOutput();
    group.release();
    if (exit.error) {
      exitCode = -1;
      aggregated = `execution error: ${exit.error.message}`;
    } else if (abortedByUser) {
      exitCode = -1;
      aggregated = "command aborted by user";
    } else {
      exitCode = timedOut ? 124 : exitStatus(exit);
      aggregated = output.toText();
      if (timedOut) aggregated += `${aggregated === "" || aggregated.endsWith("\n") ? "" : "\n"}command timed out after ${timeoutMs} milliseconds`;
    }
  } finally {
    clearTimeout(timer);
    turn.signal.removeEventListener("abort", onAbort);
  }
  const completedAtMs = Date.now();
  const durationMs = abortedByUser ? 0 : completedAtMs - startedAtMs;
  item = {
    ...item,
    status: exitCode === 0 ? "completed" : "failed",
    aggregatedOutput: aggregated,
    exitCode,
    durationMs,
    completedAtMs,
  };
  const policy = effectiveTruncationPolicy(turn.modelMetadata().info);
  turn.itemCompleted(item, [userShellCommandRecord(command, exitCode, durationMs, formatOutputForModel(aggregated, policy))]);
}
