import type { JsonValue } from "../../protocol/common.js";

export type RiskLevel = "low" | "medium" | "high" | "critical";
export type UserAuthorization = "unknown" | "low" | "medium" | "high";

/** The reviewer's verdict on one action. */
export interface Assessment {
  riskLevel: RiskLevel;
  userAuthorization: UserAuthorization;
  outcome: "allow" | "deny";
  rationale: string;
}

const RISK_LEVELS: readonly RiskLevel[] = ["low", "medium", "high", "critical"];
const AUTHORIZATIONS: readonly UserAuthorization[] = ["unknown", "low", "medium", "high"];
const FIELDS = new Set(["risk_level", "user_authorization", "outcome", "rationale"]);

/** The JSON Schema the reviewer's final message must satisfy (sent as `text.format`); only `outcome` is required. */
export const ASSESSMENT_SCHEMA: JsonValue = {
  type: "object",
  additionalProperties: false,
  properties: {
    risk_level: { type: "string", enum: [...RISK_LEVELS] },
    user_authorization: { type: "string", enum: [...AUTHORIZATIONS] },
    outcome: { type: "string", enum: ["allow", "deny"] },
    rationale: { type: "string" },
  },
  required: ["outcome"],
};

/** The reference's rationales when the reviewer gives none (they reach the client in the completed review). */
const DEFAULT_ALLOW_RATIONALE = "Auto-review returned a low-risk allow decision.";
const DEFAULT_DENY_RATIONALE = "Auto-review returned a deny decision without a rationale.";

export class AssessmentParseError extends Error {}

/**
 * Reads the reviewer's final message. Only a complete JSON object with a valid
 * `outcome` (and no unknown fields) counts; a short `{"outcome":"allow"}` gets
 * low risk, a bare deny high risk, and an unknown authorization.
 */
export function parseAssessment(text: string | undefined): Assessment {
  if (text === undefined) throw new AssessmentParseError("the review ended without an assessment");
  if (!text.trimStart().startsWith("{")) throw new AssessmentParseError("the assessment is not a JSON object");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new AssessmentParseError(`the assessment is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new AssessmentParseError("the assessment is not a JSON object");
  const fields = parsed as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => !FIELDS.has(key));
  if (unknown !== undefined) throw new AssessmentParseError(`unknown field \`${unknown}\` in the assessment`);
  const outcome = fields.outcome;
  if (outcome !== "allow" && outcome !== "deny") throw new AssessmentParseError("the assessment has no valid `outcome`");
  const risk = fields.risk_level ?? null;
  if (risk !== null && !RISK_LEVELS.includes(risk as RiskLevel)) throw new AssessmentParseError("invalid `risk_level` in the assessment");
  const authorization = fields.user_authorization ?? null;
  if (authorization !== null && !AUTHORIZATIONS.includes(authorization as UserAuthorization)) {
    throw new AssessmentParseError("invalid `user_authorization` in the assessment");
  }
  const rationale = fields.rationale ?? null;
  if (rationale !== null && typeof rationale !== "string") throw new AssessmentParseError("invalid `rationale` in the assessment");
  return {
    outcome,
    riskLevel: (risk as RiskLevel | null) ?? (outcome === "allow" ? "low" : "high"),
    userAuthorization: (authorization as UserAuthorization | null) ?? "unknown",
    rationale: rationale !== null && rationale.trim() !== "" ? rationale : outcome === "allow" ? DEFAULT_ALLOW_RATIONALE : DEFAULT_DENY_RATIONALE,
  };
}
