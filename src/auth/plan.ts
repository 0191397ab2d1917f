import { PLAN_TYPES, type PlanType } from "../protocol/account.js";

const KNOWN_PLANS: ReadonlySet<string> = new Set(PLAN_TYPES);

/**
 * Maps a raw plan string (usage payload `plan_type`, id_token `chatgpt_plan_type`)
 * to the protocol's PlanType: exact, case-sensitive matches pass through,
 * `education` becomes `edu`, everything else is `unknown`.
 */
export function mapPlanType(raw: string): PlanType {
  if (raw === "education") return "edu";
  return KNOWN_PLANS.has(raw) ? (raw as PlanType) : "unknown";
}
