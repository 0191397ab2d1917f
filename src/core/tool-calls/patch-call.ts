import { performance } from "node:perf_hooks";
import type { FileChangeItem } from "../../protocol/item.js";
import { planPatchApproval, rememberPatchRoots, type PatchPlanDecision } from "../approvals.js";
import { reviewAction, routesToAutoReview } from "../auto-review/index.js";
import type { ServerRequestIds } from "../ports.js";
import { requestFromThread } from "../thread-requests.js";
import {
  ApplyPatchError,
  commitPatchPlan,
  fileUpdateChanges,
  planPatch,
  planTouchedPaths,
  TurnDiffTracker,
  type PatchPlan,
} from "../tools/index.js";
import type { FunctionCall, ToolCallRecord, TurnRunner } from "../turn-runner.js";
import { callRecord, declinedOutput, decisionOf, errorMessage, type Decision } from "./records.js";

/**
 * How the result of a patch is worded for the model (fact sheet §7.3):
 * `freeform` for the custom `apply_patch` tool; `shell` for a patch the
 * model sent through `exec_command` as an `apply_patch` heredoc, whose
 * output is nested inside the exec tool's own `Wall time` / `Output` lines.
 */
export type PatchOrigin = "freeform" | "shell";

/** `A` added, then `M` modified (or moved), then `D` deleted, as the reference lists them. */
export function patchSuccessSummary(plan: PatchPlan): string {
  const lines = { A: [] as string[], M: [] as string[], D: [] as string[] };
  for (const change of plan.changes) {
    if (change.kind === "add") lines.A.push(`A ${change.displayPath}`);
    else if (change.kind === "delete") lines.D.push(`D ${change.displayPath}`);
    else lines.M.push(`M ${change.displayMovePath ?? change.displayPath}`);
  }
  return `Success. Updated the following files:\n${[...lines.A, ...lines.M, ...lines.D].map((line) => `${line}\n`).join("")}`;
}

function successOutput(plan: PatchPlan, wallMs: number, origin: PatchOrigin): string {
  const inner = `Exit code: 0\nWall time: ${(wallMs / 1000).toFixed(1)} seconds\nOutput:\n${patchSuccessSummary(plan)}`;
  return origin === "shell" ? shellWrapped(inner, 0) : inner;
}

/** The exec tool's frame around an intercepted patch's text (the patch engine took no measurable shell time). */
function shellWrapped(text: string, wallMs: number): string {
  return `Wall time: ${(wallMs / 1000).toFixed(4)} seconds\nOutput:\n${text}`;
}

function failureOutput(text: string, origin: PatchOrigin): string {
  return origin === "shell" ? shellWrapped(text, 0) : text;
}

async function verify(input: string, cwd: string): Promise<PatchPlan | string> {
  try {
    return await planPatch(input, { cwd });
  } catch (error) {
    const message = error instanceof ApplyPatchError ? error.message : errorMessage(error);
    return `apply_patch verification failed: ${message}`;
  }
}

/**
 * A patch from the model: verified against the files first (a patch that
 * does not parse or apply is reported to the model, with no item and
 * nothing written), then a fileChange item (id = call id), approval when the
 * approval policy wants one, and an all-or-nothing write.
 */
export async function runPatchCall(
  requestIds: ServerRequestIds,
  call: FunctionCall,
  turn: TurnRunner,
  input: string,
  cwd: string,
  origin: PatchOrigin,
): Promise<ToolCallRecord> {
  const started = performance.now();
  let plan = await verify(input, cwd);
  // A patch that does not verify is answered with the bare error, through the shell too (observed on codex 0.169.0).
  if (typeof plan === "string") return callRecord(call, plan);
  const settings = turn.effectiveSettings();
  const decision = planPatchApproval({
    paths: planTouchedPaths(plan),
    approvalPolicy: settings.approvalPolicy,
    sandboxPolicy: settings.sandboxPolicy,
    cwd: settings.cwd,
    thread: turn.thread,
  });
  if (decision.kind === "reject") return callRecord(call, failureOutput(decision.message, origin));
  if (decision.kind === "ask" && routesToAutoReview(settings.approvalPolicy, settings.approvalsReviewer)) {
    // The reference starts no fileChange item for a patch under review: one appears only once the patch applies.
    const verdict = await reviewAction(turn.autoReviewHost(), { type: "applyPatch", cwd, files: planTouchedPaths(plan) }, call.callId);
    if (verdict.kind !== "approved") return callRecord(call, verdict.message);
    plan = await verify(input, cwd);
    if (typeof plan === "string") return callRecord(call, plan);
    return applyPatchPlan(call, turn, plan, started, origin);
  }
  return askAndApply(requestIds, call, turn, input, cwd, origin, plan, decision, started);
}

async function askAndApply(
  requestIds: ServerRequestIds,
  call: FunctionCall,
  turn: TurnRunner,
  input: string,
  cwd: string,
  origin: PatchOrigin,
  verified: PatchPlan,
  decision: Exclude<PatchPlanDecision, { kind: "reject" }>,
  started: number,
): Promise<ToolCallRecord> {
  let plan = verified;
  const item = startFileChange(call, turn, plan);
  const finish = (done: FileChangeItem, output: string) => finishFileChange(call, turn, done, output);

  if (decision.kind === "ask") {
    const answer = await askPatch(requestIds, turn, item, decision);
    if (answer === "acceptForSession") rememberPatchRoots(turn.thread, decision.roots);
    if (answer !== "accept" && answer !== "acceptForSession") {
      if (answer === "cancel") void turn.interrupt();
      // Observed on codex 0.169.0: a heredoc patch (an exec_command call) cancelled tells the model what any cancelled shell call does.
      if (answer === "cancel" && origin === "shell") {
        return finish({ ...item, status: "declined" }, `Wall time: ${((performance.now() - started) / 1000).toFixed(1)} seconds\naborted by user`);
      }
      return finish({ ...item, status: "declined" }, declinedOutput(answer, "patch rejected by user"));
    }
    // The files may have changed while the user decided: verify again.
    const again = await verify(input, cwd);
    if (typeof again === "string") return finish({ ...item, status: "failed" }, again);
    plan = again;
  }
  return applyPatchPlan(call, turn, plan, started, origin, item);
}

/** Writes a verified patch; its fileChange item (started here unless `item` already was) ends completed or failed. */
async function applyPatchPlan(
  call: FunctionCall,
  turn: TurnRunner,
  plan: PatchPlan,
  started: number,
  origin: PatchOrigin,
  startedItem?: FileChangeItem,
): Promise<ToolCallRecord> {
  const item = startedItem ?? startFileChange(call, turn, plan);
  const finish = (done: FileChangeItem, output: string) => finishFileChange(call, turn, done, output);
  const settings = turn.effectiveSettings();
  const tracker = (turn.diffTracker ??= new TurnDiffTracker(settings.cwd));
  tracker.track(plan);
  try {
    await commitPatchPlan(plan);
  } catch (error) {
    // commitPatchPlan restored what it had written: nothing changed on disk.
    return finish({ ...item, status: "failed" }, failureOutput(`apply_patch failed: ${errorMessage(error)}`, origin));
  }
  const record = finish({ ...item, changes: fileUpdateChanges(plan), status: "completed" }, successOutput(plan, performance.now() - started, origin));
  const diff = await tracker.unifiedDiff();
  turn.thread.emit("turn/diff/updated", { threadId: turn.threadId, turnId: turn.turnId, diff });
  return record;
}

/** Completes the call's fileChange item as `done` and answers the model with `output`. */
function finishFileChange(call: FunctionCall, turn: TurnRunner, done: FileChangeItem, output: string): ToolCallRecord {
  const completed = { ...done, completedAtMs: Date.now() };
  turn.emitItemCompleted(completed);
  return callRecord(call, output, completed);
}

function startFileChange(call: FunctionCall, turn: TurnRunner, plan: PatchPlan): FileChangeItem {
  const item: FileChangeItem = {
    type: "fileChange",
    id: call.callId,
    changes: fileUpdateChanges(plan),
    status: "inProgress",
    startedAtMs: Date.now(),
    completedAtMs: null,
  };
  turn.itemStarted(item);
  return item;
}

async function askPatch(
  requestIds: ServerRequestIds,
  turn: TurnRunner,
  item: FileChangeItem,
  decision: Extract<PatchPlanDecision, { kind: "ask" }>,
): Promise<Decision> {
  const outcome = await requestFromThread(
    requestIds,
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
