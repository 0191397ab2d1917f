/** Parsing of `update_plan` call arguments (fact sheet §5.11). */

function parseObject(raw: string | unknown, tool: string): Record<string, unknown> {
  let value: unknown = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new Error(`failed to parse ${tool} arguments: ${(error as Error).message}`);
    }
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error(`${tool} arguments must be a JSON object`);
  return value as Record<string, unknown>;
}

export interface PlanUpdate {
  explanation: string | null;
  /** Ready for `turn/plan/updated` (`in_progress` → `inProgress`). */
  plan: Array<{ step: string; status: "pending" | "inProgress" | "completed" }>;
}

/** `update_plan` call arguments → the `turn/plan/updated` payload (without ids). */
export function parseUpdatePlanArgs(raw: string | unknown): PlanUpdate {
  const v = parseObject(raw, "update_plan");
  if (!Array.isArray(v.plan)) throw new Error("update_plan arguments: `plan` must be an array");
  const plan = v.plan.map((item, i) => {
    if (item === null || typeof item !== "object") throw new Error(`update_plan arguments: plan[${i}] must be an object`);
    const { step, status } = item as Record<string, unknown>;
    if (typeof step !== "string") throw new Error(`update_plan arguments: plan[${i}].step must be a string`);
    const normalized = status === "in_progress" || status === "inProgress" ? "inProgress" : status === "completed" ? "completed" : status === "pending" ? "pending" : null;
    if (normalized === null) throw new Error(`update_plan arguments: plan[${i}].status must be one of pending, in_progress, completed`);
    return { step, status: normalized as "pending" | "inProgress" | "completed" };
  });
  if (plan.filter((p) => p.status === "inProgress").length > 1) {
    throw new Error("update_plan arguments: at most one step can be in_progress at a time");
  }
  return { explanation: typeof v.explanation === "string" ? v.explanation : null, plan };
}
