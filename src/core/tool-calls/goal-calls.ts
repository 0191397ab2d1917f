import { announceGoal, goalForModel, modelGoalCall } from "../thread-goals.js";
import type { FunctionCall, ToolCallRecord, TurnRunner } from "../turn-runner.js";
import { callRecord, parseObjectArguments } from "./records.js";

/**
 * The model's goal tools (fact sheet §5.7) on the thread's goal, the same
 * one thread/goal/* acts on: `get_goal` reads it, `create_goal` and
 * `update_goal` change it (announced with `thread/goal/updated`). The model
 * reads the goal back, or why the call was refused.
 */
export function runGoalCall(call: FunctionCall, turn: TurnRunner): ToolCallRecord {
  const args = parseObjectArguments(call, true);
  if (typeof args === "string") return callRecord(call, args);
  if (call.name === "get_goal") return callRecord(call, goalForModel(turn.thread.goal));
  const { output, changed } = modelGoalCall(turn.threadRegistry, turn.thread, call.name === "create_goal" ? "create_goal" : "update_goal", args);
  if (changed) announceGoal(turn.thread, changed);
  return callRecord(call, output);
}
