import type { JsonValue } from "../protocol/common.js";
import { CommandExecutionRequestApprovalResponse, FileChangeRequestApprovalResponse } from "../protocol/approvals.js";
import type { CommandExecutionItem, FileChangeItem } from "../protocol/item.js";
import type { Logger } from "../logging/logger.js";
import {
  allowsEscalation,
  planCommand,
  planPatchApproval,
  rememberCommand,
  rememberPatchRoots,
  type PatchPlanDecision,
} from "./approvals.js";
import { sandboxAvailability, SandboxUnavailableError, policyNeedsSandbox } from "./sandbox/index.js";
import type { ServerRequestIds } from "./ports.js";
import { requestFromThread, type ThreadRequestOutcome } from "./thread-requests.js";
import {
  ApplyPatchError,
  commandDisplayString,
  commitPatchPlan,
  extractApplyPatchInvocation,
  fileUpdateChanges,
  parseApplyPatchArgs,
  parseCommandActions,
  parseShellToolArgs,
  parseUpdatePlanArgs,
  patchSummary,
  planPatch,
  planTouchedPaths,
  resolveWorkdir,
  runShellTool,
  toolDefinitions,
  TurnDiffTracker,
  type PatchPlan,
  type ShellResult,
  type ShellToolArgs,
} from "./tools/index.js";
import type { FunctionCall, TurnRunner, TurnTools } from "./turn-runner.js";

/** What the user decided about one approval request (or what stands in for a decision). */
type Decision = "accept" | "acceptForSession" | "decline" | "cancel" | "aborted";

const ALL_DECISIONS = ["accept", "acceptForSession", "decline", "cancel"] as const;

/** The model's call as it goes back into the model context (no item id: requests are stateless). */
function callContext(call: FunctionCall): JsonValue {
  const out: { [key: string]: JsonValue } = { type: "function_call", name: call.name, arguments: call.arguments, call_id: call.callId };
  if (call.namespace !== null) out.namespace = call.namespace;
  return out;
}

function outputContext(call: FunctionCall, output: string): JsonValue {
  return { type: "function_call_output", call_id: call.callId, output };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A decision from a request outcome: an error answer, an unparseable answer or no client at all count as `decline`. */
function decisionOf(outcome: ThreadRequestOutcome, kind: "command" | "fileChange"): Decision {
  if (outcome.kind === "cleared") return outcome.reason === "aborted" ? "aborted" : "decline";
  if (outcome.answer.error) return "decline";
  if (kind === "fileChange") {
    const parsed = FileChangeRequestApprovalResponse.safeParse(outcome.answer.result);
    return parsed.success ? parsed.data.decision : "decline";
  }
  const parsed = CommandExecutionRequestApprovalResponse.safeParse(outcome.answer.result);
  if (!parsed.success) return "decline";
  const decision = parsed.data.decision;
  if (typeof decision === "string") return decision;
  // No persistent exec policy here: an amendment is remembered for the thread like acceptForSession.
  if ("acceptWithExecpolicyAmendment" in decision) return "acceptForSession";
  return decision.applyNetworkPolicyAmendment.network_policy_amendment.action === "allow" ? "accept" : "decline";
}

/** What the tool runtime needs from the server. */
export interface ToolRuntimeServices {
  readonly logger: Logger;
  /** Ids for approval requests (server → client requests). */
  readonly serverRequestIds: ServerRequestIds;
}

/**
 * The function tools of a turn (`TurnTools`): `shell`, `apply_patch` and
 * `update_plan`. Each call becomes its item (commandExecution / fileChange;
 * update_plan has none), asks for approval when the thread's approval policy
 * says so (see `approvals.ts`), runs, and is recorded with its model context:
 * the model's call followed by its `function_call_output`.
 */
export class ToolRuntime implements TurnTools {
  constructor(private readonly services: ToolRuntimeServices) {}

  definitions(turn: TurnRunner): JsonValue[] {
    const escalation = allowsEscalation(turn.thread.record.settings.approvalPolicy);
    return toolDefinitions({ escalation }) as unknown as JsonValue[];
  }

  async handle(call: FunctionCall, turn: TurnRunner): Promise<void> {
    try {
      switch (call.name) {
        case "shell":
          return await this.shell(call, turn);
        case "apply_patch":
          return await this.applyPatchCall(call, turn);
        case "update_plan":
          return this.updatePlan(call, turn);
        default:
          return this.respondWithoutItem(turn, call, `unsupported call: ${call.name}`);
      }
    } catch (error) {
      this.services.logger.error({ err: error, tool: call.name, turnId: turn.turnId }, "tool call failed unexpectedly");
      this.respondWithoutItem(turn, call, `tool call failed: ${message(error)}`);
    }
  }

  /** A call without an item (update_plan, malformed or unknown calls): only its context is kept. */
  private respondWithoutItem(turn: TurnRunner, call: FunctionCall, output: string): void {
    turn.addContext([callContext(call), outputContext(call, output)]);
  }

  // ---------------------------------------------------------------------------
  // shell

  private async shell(call: FunctionCall, turn: TurnRunner): Promise<void> {
    let args: ShellToolArgs;
    try {
      args = parseShellToolArgs(call.arguments);
    } catch (error) {
      return this.respondWithoutItem(turn, call, `failed to parse function arguments: ${message(error)}`);
    }
    const settings = turn.thread.record.settings;
    const patch = extractApplyPatchInvocation(args.command);
    if (patch) {
      const cwd = resolveWorkdir({ command: args.command, workdir: patch.workdir ?? args.workdir }, settings.cwd);
      return this.patch(call, turn, patch.patch, cwd);
    }

    const cwd = resolveWorkdir(args, settings.cwd);
    const startedAtMs = Date.now();
    const item: CommandExecutionItem = {
      type: "commandExecution",
      id: call.callId,
      command: commandDisplayString(args.command),
      cwd,
      processId: null,
      source: "agent",
      status: "inProgress",
      commandActions: parseCommandActions(args.command, { cwd }),
      aggregatedOutput: null,
      exitCode: null,
      durationMs: null,
      pluginId: null,
      scriptPath: null,
      startedAtMs,
      completedAtMs: null,
    };
    const plan = planCommand({
      argv: args.command,
      approvalPolicy: settings.approvalPolicy,
      sandboxPolicy: settings.sandboxPolicy,
      sandboxAvailable: !policyNeedsSandbox(settings.sandboxPolicy) || sandboxAvailability().available,
      escalate: args.sandbox_permissions === "require_escalated",
      justification: args.justification ?? null,
      thread: turn.thread,
    });
    turn.itemStarted(item);

    if (plan.kind === "ask") {
      const decision = await this.askCommand(turn, item, plan.reason);
      if (decision === "acceptForSession") rememberCommand(turn.thread, plan.sessionKey, plan.sandbox);
      if (decision !== "accept" && decision !== "acceptForSession") {
        return this.declined(call, turn, { ...item, status: "declined" }, decision, "exec command rejected by user");
      }
    }

    let result: ShellResult;
    try {
      result = await runShellTool(args, {
        cwd: settings.cwd,
        sandboxCwd: settings.cwd,
        sandbox: plan.sandbox,
        signal: turn.signal,
        onOutput: (delta) =>
          turn.thread.emit("item/commandExecution/outputDelta", { threadId: turn.threadId, turnId: turn.turnId, itemId: item.id, delta }),
      });
    } catch (error) {
      const text =
        error instanceof SandboxUnavailableError
          ? `${error.message}; the command was not run`
          : `failed to run the command: ${message(error)}`;
      const completedAtMs = Date.now();
      const failed: CommandExecutionItem = {
        ...item,
        status: "failed",
        aggregatedOutput: text,
        exitCode: null,
        durationMs: completedAtMs - startedAtMs,
        completedAtMs,
      };
      turn.itemCompleted(failed, [callContext(call), outputContext(call, text)]);
      return;
    }
    const completedAtMs = Date.now();
    const completed: CommandExecutionItem = {
      ...item,
      status: result.exitCode === 0 && !result.aborted ? "completed" : "failed",
      aggregatedOutput: result.output,
      exitCode: result.exitCode,
      durationMs: result.durationMs,
      completedAtMs,
    };
    turn.itemCompleted(completed, [callContext(call), outputContext(call, result.modelOutput)]);
  }

  private async askCommand(turn: TurnRunner, item: CommandExecutionItem, reason: string | null): Promise<Decision> {
    const outcome = await requestFromThread(
      this.services.serverRequestIds,
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
    return decisionOf(outcome, "command");
  }

  /**
   * Ends a declined item: `declined` status, the model told why. `cancel`
   * also interrupts the turn; `aborted` (the turn is already stopping) just
   * records the call as aborted.
   */
  private declined(
    call: FunctionCall,
    turn: TurnRunner,
    item: CommandExecutionItem | FileChangeItem,
    decision: Decision,
    rejection: string,
  ): void {
    const output = decision === "aborted" ? "aborted" : decision === "cancel" ? `${rejection}; the turn was interrupted` : rejection;
    turn.itemCompleted({ ...item, completedAtMs: Date.now() }, [callContext(call), outputContext(call, output)]);
    if (decision === "cancel") void turn.interrupt();
  }

  // ---------------------------------------------------------------------------
  // apply_patch

  private async applyPatchCall(call: FunctionCall, turn: TurnRunner): Promise<void> {
    let input: string;
    try {
      input = parseApplyPatchArgs(call.arguments).input;
    } catch (error) {
      return this.respondWithoutItem(turn, call, `failed to parse function arguments: ${message(error)}`);
    }
    return this.patch(call, turn, input, turn.thread.record.settings.cwd);
  }

  private async verify(input: string, cwd: string): Promise<PatchPlan | string> {
    try {
      return await planPatch(input, { cwd });
    } catch (error) {
      const e = error instanceof ApplyPatchError ? error : new ApplyPatchError(message(error), "io");
      return e.kind === "parse" ? e.message : `apply_patch verification failed: ${e.message}`;
    }
  }

  /**
   * A patch: verified against the files first (a patch that does not parse
   * or apply is reported to the model, with no item and nothing written),
   * then a fileChange item, approval when needed, and an all-or-nothing write.
   */
  private async patch(call: FunctionCall, turn: TurnRunner, input: string, cwd: string): Promise<void> {
    let plan = await this.verify(input, cwd);
    if (typeof plan === "string") return this.respondWithoutItem(turn, call, plan);
    const settings = turn.thread.record.settings;
    const decision = planPatchApproval({
      paths: planTouchedPaths(plan),
      approvalPolicy: settings.approvalPolicy,
      sandboxPolicy: settings.sandboxPolicy,
      cwd: settings.cwd,
      thread: turn.thread,
    });
    if (decision.kind === "reject") return this.respondWithoutItem(turn, call, decision.message);

    const startedAtMs = Date.now();
    const item: FileChangeItem = {
      type: "fileChange",
      id: call.callId,
      changes: fileUpdateChanges(plan),
      status: "inProgress",
      startedAtMs,
      completedAtMs: null,
    };
    turn.itemStarted(item);

    if (decision.kind === "ask") {
      const answer = await this.askPatch(turn, item, decision);
      if (answer === "acceptForSession") rememberPatchRoots(turn.thread, decision.roots);
      if (answer !== "accept" && answer !== "acceptForSession") {
        return this.declined(call, turn, { ...item, status: "declined" }, answer, "patch rejected by user");
      }
      // The files may have changed while the user decided: verify again.
      plan = await this.verify(input, cwd);
      if (typeof plan === "string") return this.patchFailed(call, turn, item, plan);
    }

    const tracker = (turn.diffTracker ??= new TurnDiffTracker(settings.cwd));
    tracker.track(plan);
    try {
      await commitPatchPlan(plan);
    } catch (error) {
      // commitPatchPlan restored what it had written: nothing changed on disk.
      return this.patchFailed(call, turn, item, `apply_patch failed: ${message(error)}`);
    }
    const completedAtMs = Date.now();
    turn.itemCompleted(
      { ...item, changes: fileUpdateChanges(plan), status: "completed", completedAtMs },
      [callContext(call), outputContext(call, patchSummary(plan))],
    );
    const diff = await tracker.unifiedDiff();
    turn.thread.emit("turn/diff/updated", { threadId: turn.threadId, turnId: turn.turnId, diff });
  }

  private patchFailed(call: FunctionCall, turn: TurnRunner, item: FileChangeItem, output: string): void {
    turn.itemCompleted({ ...item, status: "failed", completedAtMs: Date.now() }, [callContext(call), outputContext(call, output)]);
  }

  private async askPatch(turn: TurnRunner, item: FileChangeItem, decision: Extract<PatchPlanDecision, { kind: "ask" }>): Promise<Decision> {
    const outcome = await requestFromThread(
      this.services.serverRequestIds,
      turn.thread,
      "item/fileChange/requestApproval",
      {
        threadId: turn.threadId,
        turnId: turn.turnId,
        itemId: item.id,
        startedAtMs: Date.now(),
        reason: decision.reason,
        grantRoot: decision.grantRoot,
      },
      "waitingOnApproval",
      turn.signal,
    );
    return decisionOf(outcome, "fileChange");
  }

  // ---------------------------------------------------------------------------
  // update_plan

  private updatePlan(call: FunctionCall, turn: TurnRunner): void {
    let update;
    try {
      update = parseUpdatePlanArgs(call.arguments);
    } catch (error) {
      return this.respondWithoutItem(turn, call, `failed to parse function arguments: ${message(error)}`);
    }
    turn.thread.emit("turn/plan/updated", {
      threadId: turn.threadId,
      turnId: turn.turnId,
      explanation: update.explanation,
      plan: update.plan,
    });
    this.respondWithoutItem(turn, call, "Plan updated");
  }
}
