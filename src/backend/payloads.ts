import { z } from "zod";

/**
 * Decoders for the ChatGPT backend's snake_case payloads. Unknown keys are
 * ignored (zod strips them); a wrong type anywhere rejects the whole payload
 * with the offending path in the message. Requirements follow what the
 * reference's decoder enforces (backend.md §2).
 */

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;
const Int32 = z.number().int().min(INT32_MIN).max(INT32_MAX);
const Int64 = z.number().int();

export const UsageWindow = z.object({
  used_percent: Int32,
  limit_window_seconds: Int32,
  reset_after_seconds: Int32,
  reset_at: Int32,
});
export type UsageWindow = z.infer<typeof UsageWindow>;

export const UsageRateLimit = z.object({
  allowed: z.boolean(),
  limit_reached: z.boolean(),
  primary_window: UsageWindow.nullish(),
  secondary_window: UsageWindow.nullish(),
});
export type UsageRateLimit = z.infer<typeof UsageRateLimit>;

export const UsageCredits = z.object({
  has_credits: z.boolean(),
  unlimited: z.boolean(),
  balance: z.string().nullish(),
});

export const UsageIndividualLimit = z.object({
  source: z.string().nullish(),
  limit: z.string(),
  used: z.string(),
  remaining: z.string(),
  used_percent: Int32,
  remaining_percent: Int32,
  reset_after_seconds: Int32,
  reset_at: Int32,
});

export const UsageSpendControl = z.object({
  reached: z.boolean(),
  individual_limit: UsageIndividualLimit.nullish(),
});

export const UsageAdditionalRateLimit = z.object({
  limit_name: z.string(),
  metered_feature: z.string(),
  normal_model_slug: z.string().nullish(),
  rate_limit: UsageRateLimit.nullish(),
});

export const UsagePayload = z.object({
  plan_type: z.string(),
  rate_limit: UsageRateLimit.nullish(),
  credits: UsageCredits.nullish(),
  spend_control: UsageSpendControl.nullish(),
  additional_rate_limits: z.array(UsageAdditionalRateLimit).nullish(),
  rate_limit_reached_type: z.object({ type: z.string() }).nullish(),
  rate_limit_reset_credits: z.object({ available_count: Int64 }).nullish(),
  account_id: z.string().nullish(),
  user_id: z.string().nullish(),
  rate_limit_upsell: z.unknown().optional(),
});
export type UsagePayload = z.infer<typeof UsagePayload>;

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/;

/** RFC 3339 timestamp → Unix seconds (fractions truncated toward the past); undefined when invalid. */
export function parseRfc3339(value: string): number | undefined {
  const m = RFC3339.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const utc = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59));
  const check = new Date(utc);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return undefined;
  let seconds = Math.floor(utc / 1000);
  if (m[9]) {
    const offset = Number(m[10]) * 3600 + Number(m[11]) * 60;
    seconds -= m[9] === "+" ? offset : -offset;
  }
  return seconds;
}

const Rfc3339Seconds = z.string().transform((value, ctx) => {
  const seconds = parseRfc3339(value);
  if (seconds === undefined) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `invalid RFC 3339 timestamp ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return seconds;
});

export const ResetCreditRow = z.object({
  id: z.string(),
  reset_type: z.string(),
  status: z.string(),
  granted_at: Rfc3339Seconds,
  expires_at: Rfc3339Seconds.nullish(),
  title: z.string().nullish(),
  description: z.string().nullish(),
});

export const ResetCreditList = z.object({
  available_count: Int64,
  credits: z.array(ResetCreditRow),
});
export type ResetCreditList = z.infer<typeof ResetCreditList>;

export const CONSUME_CODES = ["reset", "nothing_to_reset", "no_credit", "already_redeemed"] as const;
export const ConsumeResponse = z.object({
  code: z.enum(CONSUME_CODES),
  windows_reset: Int64.optional(),
});
export type ConsumeResponse = z.infer<typeof ConsumeResponse>;

/** One workspace of `accounts/check`: its name and picture (account sessions) and its routing (model traffic, `account/read`). */
export const AccountsCheckEntry = z.object({
  id: z.string(),
  name: z.string().nullish(),
  structure: z.string().nullish(),
  profile_picture_url: z.string().nullish(),
  workspace_backend_origin: z.string().nullish(),
  account_routing_override: z.string().nullish(),
});
export type AccountsCheckEntry = z.infer<typeof AccountsCheckEntry>;

/** `accounts` may come as a list or (older backends) a map; only the list form names workspaces we can use. */
export const AccountsCheckResponse = z.object({
  accounts: z.union([z.array(AccountsCheckEntry), z.record(z.unknown())]).nullish(),
});
export type AccountsCheckResponse = z.infer<typeof AccountsCheckResponse>;
