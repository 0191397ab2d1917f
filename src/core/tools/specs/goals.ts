import { objectSchema } from "./json-schema.js";
import type { FunctionTool } from "./types.js";

/** `get_goal` (fact sheet §5.7): the thread's goal with its status, budget and usage. */
export function getGoalTool(): FunctionTool {
  return {
    type: "function",
    name: "get_goal",
    description: "Returns the thread's current goal: its objective, status, token budget, tokens used and time spent, or that there is none.",
    strict: false,
    parameters: objectSchema({}, []),
  };
}

/** `create_goal` (§5.7): only when the user explicitly asks for a goal. */
export function createGoalTool(): FunctionTool {
  return {
    type: "function",
    name: "create_goal",
    description:
      "Creates a goal for this thread that you keep working towards across turns. Use it only when the user explicitly asks you to set a goal; fails when the thread already has one.",
    strict: false,
    parameters: objectSchema(
      {
        objective: { type: "string", description: "What the goal is, in the user's terms." },
        token_budget: { type: "integer", description: "Tokens the goal may use at most; omit for no budget." },
      },
      ["objective"],
    ),
  };
}

/** `update_goal` (§5.7): the model marks its goal complete, blocked or paused. */
export function updateGoalTool(): FunctionTool {
  return {
    type: "function",
    name: "update_goal",
    description:
      "Changes the status of the thread's goal. Use `complete` only when the objective is fully achieved and verified; " +
      "`blocked` when you cannot make progress without the user (say what you need); `paused` when the user asked you to stop working on it for now.",
    strict: false,
    parameters: objectSchema(
      { status: { type: "string", enum: ["complete", "blocked", "paused"], description: "The goal's new status." } },
      ["status"],
    ),
  };
}
