import { usesCodexBackend, type ChatgptAuth } from "../auth/manager.js";
import type {
  ConsumeAccountRateLimitResetCreditOutcome,
  ConsumeAccountRateLimitResetCreditParams,
  GetAccountRateLimitsParams,
  GetAccountRateLimitsResponse,
} from "../protocol/account.js";
import { internalError, invalidRequest } from "../protocol/errors.js";
import { raceAbort, sleep, type AccountCalls, type CallContext } from "./account-calls.js";
import { abortedError, BackendError } from "./errors.js";
import type { ConsumeResponse, ResetCreditList } from "./payloads.js";
import { mapUsageResponse, type LocalIdentity } from "./rate-limits.js";

export const READ_AUTH_MESSAGES = {
  notSignedIn: "codex account authentication required to read rate limits",
  notChatgpt: "chatgpt authentication required to read rate limits",
} as const;

export const CONSUME_AUTH_MESSAGES = {
  notSignedIn: "codex account authentication required for rate limit reset credits",
  notChatgpt: "chatgpt authentication required for rate limit reset credits",
} as const;

function identityOf(auth: ChatgptAuth): LocalIdentity {
  return { accountId: auth.accountId, userId: auth.claims.userId, isFedramp: auth.claims.isFedramp };
}

const OUTCOMES: Record<ConsumeResponse["code"], ConsumeAccountRateLimitResetCreditOutcome> = {
  reset: "reset",
  nothing_to_reset: "nothingToReset",
  no_credit: "noCredit",
  already_redeemed: "alreadyRedeemed",
};

type ConsumeResult = { outcome: ConsumeAccountRateLimitResetCreditOutcome };

function consumeError(error: unknown): unknown {
  if (!(error instanceof BackendError)) return error;
  if (error.kind === "timeout") return internalError("rate limit reset consume timed out");
  if (error.kind === "aborted") return internalError("rate limit reset consume cancelled");
  return internalError(`failed to consume rate limit reset: ${error.message}`);
}

/** Exponential backoff with jitter: base·2^(n-1), capped, scaled by a random factor in [0.5, 1). */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const step = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return Math.round(step * (0.5 + random() * 0.5));
}

/** Rate limits and reset credits of the signed-in ChatGPT account; one per server. */
export class RateLimitService {
  /** In-flight consumes, keyed by idempotency key + credit id. */
  private readonly inflightConsumes = new Map<string, Promise<ConsumeResult>>();

  constructor(private readonly calls: AccountCalls) {}

  /**
   * account/rateLimits/read: `GET …/usage` and (unless excluded)
   * `GET …/rate-limit-reset-credits` concurrently. A usage failure is the
   * answer (-32603); a detail-list failure or timeout only downgrades the reset
   * credits to the usage payload's count.
   */
  async read(ctx: CallContext, params: GetAccountRateLimitsParams): Promise<GetAccountRateLimitsResponse> {
    const { calls } = this;
    const { session, signal } = ctx;
    const settings = calls.settings();
    const stored = await calls.auth.requireChatgpt(READ_AUTH_MESSAGES);
    const auth = await calls.auth.withFreshTokens(stored, session.userAgent);

    const usage = calls.withClient(ctx, settings, auth, (client, current) =>
      client.getUsage({
        luna: params.supportsLunaReserve === true && !current.claims.isFedramp,
        timeoutMs: settings.timeouts.usageMs,
        signal,
      }),
    );
    const details: Promise<ResetCreditList | null> = params.excludeResetCreditDetails
      ? Promise.resolve(null)
      : calls
          .withClient(ctx, settings, auth, (client) => client.getResetCredits({ timeoutMs: settings.timeouts.creditListMs, signal }))
          .catch((error: unknown) => {
            calls.logger.warn(
              { reason: error instanceof Error ? error.message : String(error) },
              "reset-credit details unavailable; answering with the count only",
            );
            return null;
          });

    let payload;
    try {
      payload = await usage;
    } catch (error) {
      if (error instanceof BackendError) throw internalError(`failed to fetch codex rate limits: ${error.message}`);
      throw error;
    }
    const list = await details;
    // Identity gating is evaluated against the auth current *after* the fetch.
    const { auth: now } = await calls.auth.current();
    const identity: LocalIdentity =
      now && usesCodexBackend(now) ? identityOf(now) : { accountId: null, userId: null, isFedramp: false };
    return mapUsageResponse(payload, list, identity);
  }

  /**
   * account/rateLimitResetCredit/consume: validates, then POSTs
   * `{redeem_request_id, credit_id?}`. Concurrent calls with the same key and
   * credit share one in-flight request. Transient failures (network, timeout,
   * 5xx, 429) are retried with the same `redeem_request_id`.
   */
  async consumeResetCredit(ctx: CallContext, params: ConsumeAccountRateLimitResetCreditParams): Promise<ConsumeResult> {
    if (params.idempotencyKey === "") throw invalidRequest("idempotencyKey must not be empty");
    if (params.creditId === "") throw invalidRequest("creditId must not be empty");
    const auth = await this.calls.auth.requireChatgpt(CONSUME_AUTH_MESSAGES);

    const inflight = this.inflightConsumes;
    const key = JSON.stringify([params.idempotencyKey, params.creditId ?? null]);
    let shared = inflight.get(key);
    if (shared) {
      this.calls.logger.debug("joining an in-flight reset-credit consume with the same idempotency key");
    } else {
      shared = this.runConsume(ctx, auth, params).finally(() => inflight.delete(key));
      inflight.set(key, shared);
    }
    return raceAbort(shared, ctx.signal, () => internalError("rate limit reset consume cancelled"));
  }

  private async runConsume(
    ctx: CallContext,
    stored: ChatgptAuth,
    params: ConsumeAccountRateLimitResetCreditParams,
  ): Promise<ConsumeResult> {
    const { calls } = this;
    const { session } = ctx;
    const settings = calls.settings();
    const { timeouts, retry } = settings;
    // The shared request outlives any single caller's cancellation; only shutdown stops it.
    const signal = calls.shutdownSignal;
    const callCtx: CallContext = { ...ctx, signal };
    let auth = await calls.auth.withFreshTokens(stored, session.userAgent);
    const deadline = timeouts.consumeTotalMs > 0 ? Date.now() + timeouts.consumeTotalMs : Number.POSITIVE_INFINITY;
    let transientAttempts = 0;
    let refreshedAfter401 = false;

    for (;;) {
      transientAttempts++;
      const remaining = deadline - Date.now();
      const perAttempt = timeouts.consumeAttemptMs > 0 ? timeouts.consumeAttemptMs : Number.POSITIVE_INFINITY;
      const timeoutMs = Math.min(perAttempt, remaining);
      try {
        const response = await calls.client(callCtx, settings, auth).consumeResetCredit(
          { redeemRequestId: params.idempotencyKey, creditId: params.creditId },
          { timeoutMs: Number.isFinite(timeoutMs) ? Math.max(1, Math.floor(timeoutMs)) : 0, signal },
        );
        return { outcome: OUTCOMES[response.code] };
      } catch (error) {
        if (!(error instanceof BackendError)) throw error;
        if (error.kind === "unauthenticated" && !refreshedAfter401) {
          refreshedAfter401 = true;
          try {
            auth = await calls.auth.recoverUnauthorized(auth, session, session.userAgent, signal);
          } catch (refreshError) {
            calls.logger.warn({ reason: (refreshError as Error).message }, "ChatGPT token refresh after 401 failed");
            throw consumeError(error);
          }
          transientAttempts--;
          continue;
        }
        if (!error.transient || transientAttempts >= retry.consumeMaxAttempts) throw consumeError(error);
        const delay = error.details.retryAfterMs ?? backoffDelay(transientAttempts, retry.baseDelayMs, retry.maxDelayMs);
        if (Date.now() + delay >= deadline) throw consumeError(error);
        calls.logger.info(
          { attempt: transientAttempts, delayMs: delay, reason: error.kind === "http" ? error.status : error.kind },
          "retrying reset-credit consume with the same redeem_request_id",
        );
        try {
          await sleep(delay, signal, () => abortedError(error.url));
        } catch (sleepError) {
          throw consumeError(sleepError);
        }
      }
    }
  }
}
