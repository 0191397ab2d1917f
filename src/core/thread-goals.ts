import type { JsonValue } from "../protocol/common.js";
import { invalidRequest } from "../protocol/errors.js";
import type { ThreadGoal, ThreadGoalSetParams, ThreadGoalStatus } from "../protocol/goal.js";
import type { LoadedThread } from "./loaded-thread.js";
import { nowSeconds, type ThreadManager } from "./thread-manager.js";

/**
 * A thread's goal: set, read and cleared by clients (thread/goal/*) and by
 * the model (get_goal / create_goal / update_goal), stored with the thread,
 * charged with the tokens and time of every turn that runs while it is
 * active. A goal whose token budget is spent becomes `budgetLimited` and the
 * model is told so in its context.
 */

/** The loaded, durable thread a goal request names (goals are stored with the thread). */
export function goalThread(threads: ThreadManager, threadId: string, method: string): LoadedThread {
  const thread = threads.getLoaded(threadId);
  if (thread.ephemeral) {
    throw invalidRequest(`${method}: threadId ${thread.id} names an ephemeral thread; goals are stored with the thread and need a durable one`);
  }
  return thread;
}

function checkObjective(objective: string, field: string): string {
  const trimmed = objective.trim();
  if (trimmed === "") throw invalidRequest(`${field} must not be empty`);
  return trimmed;
}

function checkBudget(budget: number | null, field: string): number | null {
  if (budget !== null && budget <= 0) throw invalidRequest(`${field} must be a positive number of tokens, got ${budget}`);
  return budget;
}

/** `budgetLimited` once an active goal's tokens reach its budget. */
function withBudgetStatus(goal: ThreadGoal): ThreadGoal {
  if (goal.status === "active" && goal.tokenBudget !== null && goal.tokensUsed >= goal.tokenBudget) return { ...goal, status: "budgetLimited" };
  return goal;
}

function announce(thread: LoadedThread, goal: ThreadGoal): void {
  thread.emit("thread/goal/updated", { threadId: thread.id, turnId: thread.activeTurn?.turnId ?? null, goal });
}

/** thread/goal/set: creates the goal (an objective is then required) or changes its objective, status or budget. */
export function setGoal(threads: ThreadManager, thread: LoadedThread, params: Omit<ThreadGoalSetParams, "threadId">): ThreadGoal {
  const now = nowSeconds();
  const current = thread.goal;
  const objective = params.objective == null ? undefined : checkObjective(params.objective, "objective");
  const budget = params.tokenBudget === undefined ? undefined : checkBudget(params.tokenBudget, "tokenBudget");
  let goal: ThreadGoal;
  if (current === null || (objective !== undefined && objective !== current.objective)) {
    if (objective === undefined) throw invalidRequest(`objective is required: thread ${thread.id} has no goal`);
    // A new objective is a new goal: its usage starts from zero.
    goal = {
      threadId: thread.id,
      objective,
      status: params.status ?? "active",
      tokenBudget: budget ?? (current === null ? null : current.tokenBudget),
      tokensUsed: 0,
      timeUsedSeconds: 0,
      createdAt: now,
      updatedAt: now,
    };
  } else {
    goal = {
      ...current,
      status: params.status ?? (budget !== undefined && current.status === "budgetLimited" ? "active" : current.status),
      tokenBudget: budget === undefined ? current.tokenBudget : budget,
      updatedAt: now,
    };
  }
  goal = withBudgetStatus(goal);
  threads.saveGoal(thread, goal);
  return goal;
}

/** thread/goal/clear: whether there was a goal. */
export function clearGoal(threads: ThreadManager, thread: LoadedThread): boolean {
  if (thread.goal === null) return false;
  threads.saveGoal(thread, null);
  return true;
}

/**
 * Charges a turn's model response to the thread's active goal. Returns what
 * the model must be told when this response spent the rest of the budget.
 */
export function chargeGoalTokens(threads: ThreadManager, thread: LoadedThread, tokens: number): JsonValue | undefined {
  const goal = thread.goal;
  if (goal === null || goal.status !== "active" || tokens <= 0) return undefined;
  const charged = withBudgetStatus({ ...goal, tokensUsed: goal.tokensUsed + tokens, updatedAt: nowSeconds() });
  threads.saveGoal(thread, charged);
  if (charged.status !== "budgetLimited") return undefined;
  announce(thread, charged);
  return budgetExhaustedMessage(charged);
}

/** Charges a finished turn's time to the thread's goal and announces the goal's state after the turn. */
export function chargeGoalTurn(threads: ThreadManager, thread: LoadedThread, turnId: string, durationMs: number, goalWasActive: boolean): void {
  const goal = thread.goal;
  if (goal === null || !goalWasActive) return;
  const charged = { ...goal, timeUsedSeconds: goal.timeUsedSeconds + Math.round(durationMs / 1000), updatedAt: nowSeconds() };
  threads.saveGoal(thread, charged);
  thread.emit("thread/goal/updated", { threadId: thread.id, turnId, goal: charged });
}

function budgetExhaustedMessage(goal: ThreadGoal): JsonValue {
  const text =
    `<goal_budget_exhausted>\nThe token budget of the current goal is used up (${goal.tokensUsed} of ${goal.tokenBudget} tokens); ` +
    `its status is now budgetLimited. Stop working towards the goal "${goal.objective}": tell the user what was achieved and what remains.\n</goal_budget_exhausted>`;
  return { type: "message", role: "developer", content: [{ type: "input_text", text }] };
}

/** What `get_goal` and the other goal tools answer the model: the goal in snake_case, or that there is none. */
export function goalForModel(goal: ThreadGoal | null): string {
  if (goal === null) return JSON.stringify({ goal: null });
  return JSON.stringify({
    goal: {
      objective: goal.objective,
      status: goal.status,
      token_budget: goal.tokenBudget,
      tokens_used: goal.tokensUsed,
      remaining_tokens: goal.tokenBudget === null ? null : Math.max(0, goal.tokenBudget - goal.tokensUsed),
      time_used_seconds: goal.timeUsedSeconds,
    },
  });
}

/** The model's create_goal / update_goal: the result text it reads (errors included), and the goal if it changed. */
export function modelGoalCall(
  threads: ThreadManager,
  thread: LoadedThread,
  name: "create_goal" | "update_goal",
  args: Record<string, unknown>,
): { output: string; changed: ThreadGoal | null } {
  if (thread.ephemeral) return { output: "goals are not available in an ephemeral thread", changed: null };
  if (name === "create_goal") {
    if (thread.goal !== null && thread.goal.status !== "complete") {
      return { output: `this thread already has a goal (status ${thread.goal.status}); use update_goal to change its status`, changed: null };
    }
    if (typeof args.objective !== "string" || args.objective.trim() === "") return { output: "failed to parse function arguments: missing field `objective`", changed: null };
    const budget = args.token_budget;
    if (budget !== undefined && budget !== null && (typeof budget !== "number" || !Number.isInteger(budget) || budget <= 0)) {
      return { output: "token_budget must be a positive integer", changed: null };
    }
    // A completed goal is replaced: the new one starts from zero.
    if (thread.goal !== null) thread.goal = null;
    const goal = setGoal(threads, thread, {
      objective: args.objective,
      status: "active",
      tokenBudget: typeof budget === "number" ? budget : null,
    });
    return { output: goalForModel(goal), changed: goal };
  }
  const status = args.status;
  const allowed: ThreadGoalStatus[] = ["complete", "blocked", "paused"];
  if (typeof status !== "string" || !allowed.includes(status as ThreadGoalStatus)) {
    return { output: "status must be one of complete, blocked, paused", changed: null };
  }
  if (thread.goal === null) return { output: "this thread has no goal", changed: null };
  const goal = setGoal(threads, thread, { status: status as ThreadGoalStatus });
  return { output: goalForModel(goal), changed: goal };
}

export { announce as announceGoal };
