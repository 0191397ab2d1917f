import { z } from "zod";

/**
 * Payloads of the ChatGPT backend's account endpoints beyond rate limits, as
 * the reference decodes them (snake_case; unknown keys ignored; missing
 * optional fields are null).
 */

const Int = z.number().int();

/** `GET …/profiles/me`. */
export const TokenUsageProfile = z.object({
  stats: z.object({
    lifetime_tokens: Int.nullish(),
    peak_daily_tokens: Int.nullish(),
    longest_running_turn_sec: Int.nullish(),
    current_streak_days: Int.nullish(),
    longest_streak_days: Int.nullish(),
    daily_usage_buckets: z.array(z.object({ start_date: z.string(), tokens: Int })).nullish(),
  }),
});
export type TokenUsageProfile = z.infer<typeof TokenUsageProfile>;

export const ThreadUsageGroupPayload = z.object({
  model: z.string().nullish(),
  reasoning_effort: z.string().nullish(),
  speed: z.string().nullish(),
  estimated_usage_credits_micros: Int,
  net_new_input_tokens: Int.nullish(),
  cached_input_tokens: Int.nullish(),
  input_tokens: Int.nullish(),
  output_tokens: Int.nullish(),
  total_tokens: Int.nullish(),
});

/** `POST …/usage/thread_usage/query` with `{"thread_ids": [id]}`. */
export const ThreadUsageQueryResponse = z.object({
  threads: z.array(
    z.object({
      thread_id: z.string(),
      estimated_usage_credits_micros: Int,
      estimated_usage_usd_micros: Int.nullish(),
      native_usage_usd_micros: Int.nullish(),
      groups: z.array(ThreadUsageGroupPayload).nullish(),
    }),
  ),
});
export type ThreadUsageQueryResponse = z.infer<typeof ThreadUsageQueryResponse>;

/** `GET …/workspace-messages`; an unknown `message_type` decodes as `unknown`. */
export const WorkspaceMessagesPayload = z.object({
  messages: z
    .array(
      z.object({
        message_id: z.string(),
        message_type: z.string(),
        message_body: z.string(),
        created_at: z.string().nullish(),
        archived_at: z.string().nullish(),
      }),
    )
    .nullish(),
});
export type WorkspaceMessagesPayload = z.infer<typeof WorkspaceMessagesPayload>;

/** `GET …/security-setup`: a notice to show, or none. */
export const SecuritySetupPayload = z.object({
  notice: z
    .object({
      title: z.string(),
      description: z.string(),
      action: z.object({ label: z.string(), url: z.string() }),
    })
    .nullish(),
});
export type SecuritySetupPayload = z.infer<typeof SecuritySetupPayload>;

/** `POST …/accounts/switch-workspace-token` with `{"workspace_id"}`: tokens scoped to that workspace. */
export const SwitchWorkspaceTokenResponse = z.object({
  id_token: z.string().nullish(),
  access_token: z.string().nullish(),
  refresh_token: z.string().nullish(),
});
export type SwitchWorkspaceTokenResponse = z.infer<typeof SwitchWorkspaceTokenResponse>;
