import path from "node:path";
import type { TruncationPolicy } from "../../model/catalog-entry.js";
import type { CommandExecutionItem } from "../../protocol/item.js";
import { planCommand, rememberCommand } from "../approvals.js";
import { reviewAction, routesToAutoReview } from "../auto-review/index.js";
import { rustDebugString } from "../../util/rust-debug.js";
import type { LoadedThread } from "../loaded-thread.js";
import type { ServerRequestIds } from "../ports.js";
import { policyNeedsSandbox, prepareSandboxedCommand, sandboxAvailability, SandboxUnavailableError } from "../sandbox/index.js";
import { requestFromThread } from "../thread-requests.js";
import { extractApplyPatchInvocation } from "../tools/index.js";
import {
  defaultUserShell,
  parseExecCommandArgs,
  resolveShell,
  runUnifiedExecTool,
  shellArgv,
  ToolArgumentsError,
  type ExecCommandArgs,
  type ExecProcessEvents,
  type SandboxWrap,
} from "../tools/unified-exec/index.js";
import type { FunctionCall, ToolCallRecord, TurnRunner } from "../turn-runner.js";
import { runPatchCall } from "./patch-call.js";
import { ALL_DECISIONS, callRecord, declinedOutput, decisionOf, startedCommandItem, type Decision } from "./records.js";

/** What an exec call needs besides the turn: request ids for approvals, the command environment and the output budget. */
export interface ExecCallSetup {
  requestIds: ServerRequestIds;
  /** The command environment (`shell_environment_policy` applied). */
  env: Record<string, string>;
  truncationPolicy: TruncationPolicy;
  /** Aborted when the server shuts down: it kills the commands still running after their turn (see runExecCommand). */
  shutdownSignal: AbortSignal;
}

/** How long an interrupted call waits for its killed command to report its exit (so its item completes first). */
const KILLED_EXIT_WAIT_MS = 2_000;

/** The turn a late event of a command belongs to: the thread's running turn, else the one that started it. */
function currentTurnId(thread: LoadedThread, startedIn: string): string {
  return thread.activeTurn?.turnId ?? startedIn;
}

/**
 * `exec_command`: an `apply_patch` heredoc is applied by the patch engine
 * (a fileChange item); anything else asks for approval when the policy wants
 * it, then starts in the thread's exec sessions, sandboxed through the
 * `wrap` port. Its commandExecution item (id = call id, `unifiedExecStartup`)
 * starts at the spawn, streams `outputDelta`s and completes when the process
 * exits during its turn (possibly during a later `write_stdin`); still running
 * when the turn ends, it stays out of the thread and its exit goes unreported
 * (a shutdown that kills it records it failed), as in the reference.
 */
export async function runExecCommand(setup: ExecCallSetup, call: FunctionCall, turn: TurnRunner): Promise<ToolCallRecord> {
  const callStartedAt = performance.now();
  let args: ExecCommandArgs;
  try {
    args = parseExecCommandArgs(call.arguments);
  } catch (error) {
    if (error instanceof ToolArgumentsError) return callRecord(call, error.message);
    throw error;
  }
  const thread = turn.thread;
  const settings = turn.effectiveSettings();
  const cwd = path.resolve(settings.cwd, args.workdir ?? ".");
  const argv = shellArgv(resolveShell(args.shell, defaultUserShell(), cwd, setup.env.PATH), args.cmd, args.login !== false);

  const patch = extractApplyPatchInvocation(argv);
  if (patch) return runPatchCall(setup.requestIds, call, turn, patch.patch, path.resolve(cwd, patch.workdir ?? "."), "shell");

  const plan = planCommand({
    argv,
    approvalPolicy: settings.approvalPolicy,
    sandboxPolicy: settings.sandboxPolicy,
    sandboxAvailable: !policyNeedsSandbox(settings.sandboxPolicy) || sandboxAvailability().available,
    escalate: args.sandbox_permissions === "require_escalated",
    justification: args.justification ?? null,
    thread,
  });
  let item = startedCommandItem(call.callId, argv, cwd, "unifiedExecStartup");
  let announced = false;
  const complete = (done: CommandExecutionItem, output: string): ToolCallRecord => {
    const completed = { ...done, completedAtMs: done.completedAtMs ?? Date.now() };
    turn.emitItemCompleted(completed);
    return callRecord(call, output, completed);
  };

  if (plan.kind === "ask" && routesToAutoReview(settings.approvalPolicy, settings.approvalsReviewer)) {
    // As the reference: the item starts as the review does (the reviewed command, its actions unparsed), and a
    // refusal completes it: declined when denied or aborted, failed when the review timed out.
    // An approved command's item then ends as the command ran (its source and parsed actions).
    const reviewed: CommandExecutionItem = { ...item, source: "agent", commandActions: [{ type: "unknown", command: item.command }] };
    turn.itemStarted(reviewed);
    announced = true;
    const verdict = await reviewAction(turn.autoReviewHost(), { type: "command", source: "unifiedExec", command: item.command, cwd }, item.id);
    if (verdict.kind !== "approved") {
      return complete({ ...reviewed, status: verdict.kind === "timedOut" ? "failed" : "declined" }, rejectedOutput(verdict.message));
    }
  } else if (plan.kind === "ask") {
    turn.itemStarted(item);
    announced = true;
    const decision = await askCommand(setup.requestIds, turn, item, plan.reason);
    if (decision === "acceptForSession") rememberCommand(thread, plan.sessionKey, plan.sandbox);
    if (decision === "requestFailed") return complete({ ...item, status: "failed" }, rejectedOutput("approval request failed"));
    if (decision === "cancel") {
      // Observed on codex 0.169.0: `cancel` interrupts the turn; the item completes declined but is not kept in the
      // thread, and the model is told the call was aborted (the shell tools' text), with the time since it began.
      void turn.interrupt();
      turn.emitItemCompleted({ ...item, status: "declined", completedAtMs: Date.now() });
      return callRecord(call, abortedShellOutput(callStartedAt));
    }
    if (decision !== "accept" && decision !== "acceptForSession") {
      return complete({ ...item, status: "declined" }, declinedOutput(decision, rejectedOutput("rejected by user")));
    }
  }

  const wrap: SandboxWrap = (command, context) => {
    try {
      const prepared = prepareSandboxedCommand(command, plan.sandbox, context.cwd, settings.cwd);
      return { argv: prepared.argv, env: prepared.env };
    } catch (error) {
      if (error instanceof SandboxUnavailableError) throw new Error(`${error.message}; the command was not run`, { cause: error });
      throw error;
    }
  };
  let completedItem: CommandExecutionItem | undefined;
  let turnEnded = false;
  let stopWatchingShutdown: (() => void) | undefined;
  /** The item the call's record carries while the command still runs; the exit brings it (and the stored copy) up to date. */
  let runningRecordItem: CommandExecutionItem | undefined;
  let reportExit!: () => void;
  const exited = new Promise<void>((resolve) => (reportExit = resolve));
  const events: ExecProcessEvents = {
    onStart: (info) => {
      item = { ...item, processId: String(info.processId) };
      if (!announced) turn.itemStarted(item);
      announced = true;
    },
    onOutput: (delta) => {
      thread.emit("item/commandExecution/outputDelta", { threadId: thread.id, turnId: currentTurnId(thread, turn.turnId), itemId: item.id, delta });
    },
    onExit: (info) => {
      // As the reference does: once the call's turn has ended, the exit goes unreported and the item stays out of the history.
      if (turnEnded) {
        stopWatchingShutdown?.();
        return reportExit();
      }
      const completedAtMs = Date.now();
      completedItem = {
        ...item,
        status: info.exitCode === 0 ? "completed" : "failed",
        aggregatedOutput: info.aggregatedOutput,
        exitCode: info.exitCode,
        durationMs: info.durationMs,
        completedAtMs,
      };
      thread.emit("item/completed", {
        item: completedItem,
        threadId: thread.id,
        turnId: currentTurnId(thread, turn.turnId),
        completedAtMs,
        contentTokenCount: null,
      });
      if (runningRecordItem) {
        // Recorded with the call or about to be: whichever comes first, the stored item ends in this state.
        Object.assign(runningRecordItem, completedItem);
        turn.updateRecordedItem(completedItem);
      }
      reportExit();
    },
  };
  const outcome = await runUnifiedExecTool(thread.execSessions, "exec_command", call.arguments, {
    callId: call.callId,
    cwd: settings.cwd,
    env: setup.env,
    truncationPolicy: setup.truncationPolicy,
    wrap,
    signal: turn.signal,
    pause: thread.elicitationPause,
    events,
  });
  if (!outcome.result) {
    // Nothing was started (bad workdir, sandbox refused, spawn failure): the command's item fails with the reason.
    if (!announced) turn.itemStarted(item);
    return complete({ ...item, status: "failed", aggregatedOutput: outcome.output }, outcome.output);
  }
  if (outcome.result.exitCode === null && turn.signal.aborted) {
    // The interrupt kills the command: let its item complete before the turn does.
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, KILLED_EXIT_WAIT_MS).unref())]);
  }
  if (completedItem) return callRecord(call, outcome.output, completedItem);
  runningRecordItem = { ...item };
  turn.onEnd(() => {
    if (completedItem) return;
    // Observed on codex 0.169.0: a command still running when its turn ends gets no item/completed and stays out
    // of the thread's history, live and after a restart (the stored item keeps `inProgress`, which reads of ended
    // turns leave out). Only a server shutdown that kills it records it: failed, exit code -1, after the turn's items.
    turnEnded = true;
    const recordKilled = () => {
      const killedAtMs = Date.now();
      turn.recordNestedItem({ ...item, status: "failed", exitCode: -1, durationMs: killedAtMs - (item.startedAtMs ?? killedAtMs), completedAtMs: killedAtMs });
    };
    setup.shutdownSignal.addEventListener("abort", recordKilled, { once: true });
    stopWatchingShutdown = () => setup.shutdownSignal.removeEventListener("abort", recordKilled);
  });
  return callRecord(call, outcome.output, runningRecordItem);
}

/** `write_stdin`: writes to (or polls) a running session; each call is a `terminalInteraction` of the command's item. */
export async function runWriteStdin(setup: ExecCallSetup, call: FunctionCall, turn: TurnRunner): Promise<ToolCallRecord> {
  const outcome = await runUnifiedExecTool(turn.thread.execSessions, "write_stdin", call.arguments, {
    callId: call.callId,
    cwd: turn.thread.record.settings.cwd,
    env: setup.env,
    truncationPolicy: setup.truncationPolicy,
    signal: turn.signal,
    pause: turn.thread.elicitationPause,
  });
  if (outcome.interaction) {
    turn.thread.emit("item/commandExecution/terminalInteraction", { threadId: turn.threadId, turnId: turn.turnId, ...outcome.interaction });
  }
  return callRecord(call, outcome.output);
}

/** The reference's output for a shell tool call its turn's interrupt cut short. */
function abortedShellOutput(startedAt: number): string {
  return `Wall time: ${((performance.now() - startedAt) / 1000).toFixed(1)} seconds\naborted by user`;
}

/**
 * What the model reads when a command is not approved: the reference's own error text, e.g.
 * `exec_command failed: CreateProcess { message: "Rejected(\"rejected by user\")" }`.
 */
function rejectedOutput(reason: string): string {
  return `exec_command failed: CreateProcess { message: ${rustDebugString(`Rejected(${rustDebugString(reason)})`)} }`;
}

/** The client's decision; `requestFailed` when it answered the request with an error. */
async function askCommand(requestIds: ServerRequestIds, turn: TurnRunner, item: CommandExecutionItem, reason: string | null): Promise<Decision | "requestFailed"> {
  const outcome = await requestFromThread(
    requestIds,
    turn.thread,
    "item/commandExecution/requestApproval",
    {
      threadId: turn.threadId,
      turnId: turn.turnId,
      itemId: item.id,
      startedAtMs: Date.now(),
      kind: "command",
      environmentId: null,
      ...(reason !== null ? { reason } : {}),
      command: item.command,
      cwd: item.cwd,
      commandActions: item.commandActions,
      availableDecisions: [...ALL_DECISIONS],
    },
    "waitingOnApproval",
    turn.signal,
  );
  if (outcome.kind === "answered" && outcome.answer.error) return "requestFailed";
  return decisionOf(outcome, "command");
}
