import type {
  AddCreditsNudgeCreditType,
  GetAccountSecuritySetupResponse,
  GetAccountTokenUsageResponse,
  GetWorkspaceMessagesResponse,
  SendAddCreditsNudgeEmailResponse,
  ThreadUsage,
  WorkspaceMessage,
} from "../protocol/account.js";
import { internalError } from "../protocol/errors.js";
import type { AccountCalls, CallContext } from "./account-calls.js";
import type { ThreadUsageQueryResponse, TokenUsageProfile, WorkspaceMessagesPayload } from "./account-payloads.js";
import { BackendError } from "./errors.js";

/**
 * The account reads beyond rate limits: token usage, workspace messages, the
 * security-setup notice and the add-credits nudge email. Each is one request
 * (no retries, as in the reference: the nudge sends a real email), with the
 * reference's timeout, one token refresh on 401, and the reference's texts:
 * -32600 for missing or non-ChatGPT auth, -32603 `{prefix}: {backend error}`.
 */

const AUTH_MESSAGES = {
  tokenUsage: {
    notSignedIn: "codex account authentication required to read token usage",
    notChatgpt: "chatgpt authentication required to read token usage",
  },
  workspaceMessages: {
    notSignedIn: "codex account authentication required to read workspace messages",
    notChatgpt: "chatgpt authentication required to read workspace messages",
  },
  nudge: {
    notSignedIn: "codex account authentication required to notify workspace owner",
    notChatgpt: "chatgpt authentication required to notify workspace owner",
  },
} as const;

const EMPTY_SUMMARY = {
  lifetimeTokens: null,
  peakDailyTokens: null,
  longestRunningTurnSec: null,
  currentStreakDays: null,
  longestStreakDays: null,
};

/** A backend failure as the reference reports it: its timeout text, or `{prefix}: {message}`. */
function failure(error: unknown, prefix: string, timedOut: string | null): unknown {
  if (!(error instanceof BackendError)) return error;
  if (error.kind === "timeout" && timedOut !== null) return internalError(timedOut);
  return internalError(`${prefix}: ${error.message}`);
}

function statusOf(error: unknown): number | undefined {
  return error instanceof BackendError ? error.status : undefined;
}

export function tokenUsageFromProfile(profile: TokenUsageProfile): GetAccountTokenUsageResponse {
  const { stats } = profile;
  return {
    summary: {
      lifetimeTokens: stats.lifetime_tokens ?? null,
      peakDailyTokens: stats.peak_daily_tokens ?? null,
      longestRunningTurnSec: stats.longest_running_turn_sec ?? null,
      currentStreakDays: stats.current_streak_days ?? null,
      longestStreakDays: stats.longest_streak_days ?? null,
    },
    dailyUsageBuckets: stats.daily_usage_buckets?.map((bucket) => ({ startDate: bucket.start_date, tokens: bucket.tokens })) ?? null,
    threadUsage: null,
  };
}

/** The requested thread's row; a response without it is a failure, as in the reference. */
export function threadUsageFromQuery(threadId: string, response: ThreadUsageQueryResponse): ThreadUsage {
  const row = response.threads.find((thread) => thread.thread_id === threadId);
  if (!row) throw internalError(`failed to fetch thread usage: thread usage response did not contain requested thread ${threadId}`);
  return {
    threadId: row.thread_id,
    estimatedUsageCreditsMicros: row.estimated_usage_credits_micros,
    estimatedUsageUsdMicros: row.estimated_usage_usd_micros ?? null,
    nativeUsageUsdMicros: row.native_usage_usd_micros ?? null,
    groups: (row.groups ?? []).map((group) => ({
      model: group.model ?? null,
      reasoningEffort: group.reasoning_effort ?? null,
      speed: group.speed ?? null,
      estimatedUsageCreditsMicros: group.estimated_usage_credits_micros,
      netNewInputTokens: group.net_new_input_tokens ?? null,
      cachedInputTokens: group.cached_input_tokens ?? null,
      inputTokens: group.input_tokens ?? null,
      outputTokens: group.output_tokens ?? null,
      totalTokens: group.total_tokens ?? null,
    })),
  };
}

/** RFC 3339 → Unix seconds; an unparsable stamp fails the whole read, as in the reference. */
function messageTimestamp(value: string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
  const millis = rfc3339.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(millis)) throw internalError(`failed to parse workspace message timestamp \`${value}\`: input is not RFC 3339`);
  return Math.floor(millis / 1000);
}

export function workspaceMessagesFrom(payload: WorkspaceMessagesPayload, featureEnabled: boolean): GetWorkspaceMessagesResponse {
  const messages: WorkspaceMessage[] = (payload.messages ?? []).map((message) => ({
    messageId: message.message_id,
    messageType: message.message_type === "headline" || message.message_type === "announcement" ? message.message_type : "unknown",
    messageBody: message.message_body,
    createdAt: messageTimestamp(message.created_at),
    archivedAt: messageTimestamp(message.archived_at),
  }));
  return { featureEnabled, messages };
}

/** Token usage, workspace messages, security setup and the nudge email of the signed-in ChatGPT account; one per server. */
export class AccountReadService {
  constructor(private readonly calls: AccountCalls) {}

  /**
   * account/usage/read: `GET …/profiles/me`, or with a thread
   * `POST …/usage/thread_usage/query` (403/404 there: no thread usage, not an error).
   */
  async tokenUsage(ctx: CallContext, threadId: string | null): Promise<GetAccountTokenUsageResponse> {
    const { signal } = ctx;
    if (threadId !== null) {
      let response: ThreadUsageQueryResponse | null;
      try {
        response = await this.calls.callSignedIn(ctx, AUTH_MESSAGES.tokenUsage, (client, settings) =>
          client.queryThreadUsage(threadId, { timeoutMs: settings.timeouts.threadUsageMs, signal }),
        );
      } catch (error) {
        const status = statusOf(error);
        if (status !== 403 && status !== 404) throw failure(error, "failed to fetch thread usage", "thread usage fetch timed out");
        response = null;
      }
      return { summary: EMPTY_SUMMARY, dailyUsageBuckets: null, threadUsage: response ? threadUsageFromQuery(threadId, response) : null };
    }
    try {
      const profile = await this.calls.callSignedIn(ctx, AUTH_MESSAGES.tokenUsage, (client, settings) =>
        client.getTokenUsageProfile({ timeoutMs: settings.timeouts.tokenUsageMs, signal }),
      );
      return tokenUsageFromProfile(profile);
    } catch (error) {
      throw failure(error, "failed to fetch token usage profile", "token usage profile fetch timed out");
    }
  }

  /** account/workspaceMessages/read: `GET …/workspace-messages`; a 404 means the feature is off. */
  async workspaceMessages(ctx: CallContext): Promise<GetWorkspaceMessagesResponse> {
    let payload: WorkspaceMessagesPayload;
    try {
      payload = await this.calls.callSignedIn(ctx, AUTH_MESSAGES.workspaceMessages, (client, settings) =>
        client.getWorkspaceMessages({ timeoutMs: settings.timeouts.workspaceMessagesMs, signal: ctx.signal }),
      );
    } catch (error) {
      if (statusOf(error) === 404) return { featureEnabled: false, messages: [] };
      throw failure(error, "failed to fetch workspace messages", "workspace messages fetch timed out");
    }
    return workspaceMessagesFrom(payload, true);
  }

  /**
   * account/securitySetup/read: `GET …/security-setup`. Unavailable or
   * ineligible accounts (no auth, API key, any backend failure) get no notice;
   * a notice is bound to the account and user that fetched it.
   */
  async securitySetup(ctx: CallContext): Promise<GetAccountSecuritySetupResponse> {
    const { auth } = await this.calls.auth.current();
    if (!auth || auth.mode === "apiKey") return { notice: null };
    try {
      const payload = await this.calls.callSignedIn(ctx, { notSignedIn: "", notChatgpt: "" }, (client, settings) =>
        client.getSecuritySetup({ timeoutMs: settings.timeouts.securitySetupMs, signal: ctx.signal }),
      );
      const notice = payload.notice;
      const accountId = auth.accountId;
      const userId = auth.claims.userId;
      if (!notice || accountId === null || userId === null) return { notice: null };
      // The answer belongs to the identity that asked; a login change meanwhile drops it.
      const { auth: now } = await this.calls.auth.current();
      if (!now || now.mode === "apiKey" || now.accountId !== accountId || now.claims.userId !== userId) return { notice: null };
      return { notice: { accountId, userId, title: notice.title, description: notice.description, action: notice.action } };
    } catch (error) {
      this.calls.logger.debug({ reason: error instanceof Error ? error.message : String(error) }, "no security setup notice");
      return { notice: null };
    }
  }

  /** account/sendAddCreditsNudgeEmail: one POST (never retried: it sends an email); 429 means a cooldown. */
  async sendAddCreditsNudgeEmail(ctx: CallContext, creditType: AddCreditsNudgeCreditType): Promise<SendAddCreditsNudgeEmailResponse> {
    try {
      await this.calls.callSignedIn(ctx, AUTH_MESSAGES.nudge, (client, settings) =>
        client.sendAddCreditsNudgeEmail(creditType, { timeoutMs: settings.timeouts.nudgeEmailMs, signal: ctx.signal }),
      );
      return { status: "sent" };
    } catch (error) {
      if (statusOf(error) === 429) return { status: "cooldown_active" };
      throw failure(error, "failed to notify workspace owner", null);
    }
  }
}
