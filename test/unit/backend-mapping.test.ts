/** Unit tests of the pure backend mapping code (no server, no network). */
import { describe, expect, it } from "vitest";
import { mapPlanType } from "../../src/auth/plan.js";
import { requiresOpenaiAuth } from "../../src/auth/provider.js";
import { decodeJwtPayload, isExpiredJwt, tryParseClaims } from "../../src/auth/jwt.js";
import { parseAuthDotJson } from "../../src/auth/storage.js";
import { decodeJson } from "../../src/backend/client.js";
import { BackendError, bodyExcerpt, parseRetryAfter } from "../../src/backend/errors.js";
import { ConsumeResponse, parseRfc3339, ResetCreditList, UsagePayload } from "../../src/backend/payloads.js";
import { rateLimitSnapshotsFromHeaders, rateLimitUpdatesFromHeaders, roundHalfAwayFromZero } from "../../src/backend/rate-limit-headers.js";
import { mapUsageResponse, mapWindow, snapshotsFromUsage } from "../../src/backend/rate-limits.js";
import { backoffDelay } from "../../src/backend/rate-limit-service.js";
import { backendSettings } from "../../src/backend/settings.js";
import { endpointUrl, normalizeBaseUrl, pathStyleOf } from "../../src/backend/url.js";
import { resolveRouting } from "../../src/backend/workspace-routing.js";
import { fixture, makeJwt } from "../helpers/backend-mock.js";

const identity = { accountId: "acct-mock-123", userId: "user-mock-1", isFedramp: false };

function usage(overrides: Record<string, unknown> = {}) {
  return UsagePayload.parse({ ...fixture("usage.json"), ...overrides });
}

/** The codex snapshot when the backend says nothing but (at most) the plan. */
function emptyCodexSnapshot(planType: string | null) {
  return {
    limitId: "codex",
    limitName: null,
    normalModelSlug: null,
    primary: null,
    secondary: null,
    credits: null,
    individualLimit: null,
    spendControlReached: null,
    planType,
    rateLimitReachedType: null,
  };
}

describe("base URL normalisation and path styles", () => {
  it.each([
    ["https://chatgpt.com/backend-api/", "https://chatgpt.com/backend-api", "chatgptApi"],
    ["https://chatgpt.com", "https://chatgpt.com/backend-api", "chatgptApi"],
    ["https://chat.openai.com///", "https://chat.openai.com/backend-api", "chatgptApi"],
    ["http://127.0.0.1:9/backend-api//", "http://127.0.0.1:9/backend-api", "chatgptApi"],
    ["http://h/proxy/backend-api/x", "http://h/proxy/backend-api/x", "chatgptApi"],
    ["http://127.0.0.1:9", "http://127.0.0.1:9", "codexApi"],
    ["https://example.com/api/", "https://example.com/api", "codexApi"],
  ])("%s → %s (%s)", (raw, normalized, style) => {
    expect(normalizeBaseUrl(raw)).toBe(normalized);
    expect(pathStyleOf(normalized)).toBe(style);
  });

  it("builds the three endpoint URLs for both styles", () => {
    expect(endpointUrl("http://h/proxy/backend-api/x", "usage")).toBe("http://h/proxy/backend-api/x/wham/usage");
    expect(endpointUrl("https://chatgpt.com/backend-api", "resetCredits")).toBe(
      "https://chatgpt.com/backend-api/wham/rate-limit-reset-credits",
    );
    expect(endpointUrl("http://h:1", "usage")).toBe("http://h:1/api/codex/usage");
    expect(endpointUrl("http://h:1", "consumeResetCredit")).toBe("http://h:1/api/codex/rate-limit-reset-credits/consume");
    expect(endpointUrl("http://h:1", "accountsCheck")).toBe("http://h:1/api/codex/accounts/check");
  });
});

describe("usage payload mapping", () => {
  it("maps the recorded sample exactly as backend.md §3.5", () => {
    const response = mapUsageResponse(usage(), ResetCreditList.parse(fixture("credits.json")), identity);
    expect(response).toEqual(fixture("rate-limits-read.json"));
  });

  it.each([
    [61, 2],
    [60, 1],
    [3600, 60],
    [86400, 1440],
    [1, 1],
    [0, null],
    [-5, null],
  ])("window of %i s → %s minutes (ceil, non-positive is null)", (seconds, minutes) => {
    expect(mapWindow({ used_percent: 120, limit_window_seconds: seconds, reset_after_seconds: 9, reset_at: -1 })).toEqual({
      usedPercent: 120,
      windowDurationMins: minutes,
      resetsAt: -1,
    });
  });

  it.each([
    ["pro", "pro"],
    ["prolite", "prolite"],
    ["self_serve_business_usage_based", "self_serve_business_usage_based"],
    ["enterprise_cbp_automation", "enterprise_cbp_automation"],
    ["sci_plus", "sci_plus"],
    ["education", "edu"],
    ["edu", "edu"],
    ["PRO", "unknown"],
    ["guest", "unknown"],
    ["free_workspace", "unknown"],
    ["k12", "unknown"],
    ["", "unknown"],
  ])("plan %j → %j", (raw, mapped) => {
    expect(mapPlanType(raw)).toBe(mapped);
    expect(snapshotsFromUsage(usage({ plan_type: raw }))[0]!.planType).toBe(mapped);
  });

  it("maps every known reached type and nulls unknown ones", () => {
    for (const type of [
      "rate_limit_reached",
      "workspace_owner_credits_depleted",
      "workspace_member_credits_depleted",
      "workspace_owner_usage_limit_reached",
      "workspace_member_usage_limit_reached",
    ]) {
      expect(snapshotsFromUsage(usage({ rate_limit_reached_type: { type } }))[0]!.rateLimitReachedType).toBe(type);
    }
    expect(snapshotsFromUsage(usage({ rate_limit_reached_type: { type: "brand_new" } }))[0]!.rateLimitReachedType).toBeNull();
    expect(() => usage({ rate_limit_reached_type: "rate_limit_reached" })).toThrow();
  });

  it("maps spend control and the individual limit", () => {
    const snapshot = snapshotsFromUsage(
      usage({
        spend_control: {
          reached: true,
          individual_limit: {
            source: "admin",
            limit: "100",
            used: "90",
            remaining: "10",
            used_percent: 90,
            remaining_percent: 10,
            reset_after_seconds: 5,
            reset_at: 1900000000,
          },
        },
      }),
    )[0]!;
    expect(snapshot.spendControlReached).toBe(true);
    expect(snapshot.individualLimit).toEqual({ limit: "100", used: "90", remainingPercent: 10, resetsAt: 1900000000 });
    expect(snapshotsFromUsage(usage({ spend_control: { reached: false } }))[0]).toMatchObject({
      spendControlReached: false,
      individualLimit: null,
    });
  });

  it("handles a minimal payload: only plan_type", () => {
    const response = mapUsageResponse(UsagePayload.parse({ plan_type: "plus" }), null, identity);
    expect(response).toEqual({
      rateLimits: emptyCodexSnapshot("plus"),
      rateLimitsByLimitId: { codex: response.rateLimits },
      ordinaryUsageAllowed: null,
      rateLimitResetCredits: null,
      accountId: null,
      rateLimitUpsell: null,
    });
  });

  it("gates ordinaryUsageAllowed and rateLimitUpsell on identity; accountId passes through", () => {
    const upsell = { banner_type: "luna_reserve", cta_url: "https://x" };
    const payload = usage({ rate_limit_upsell: upsell, rate_limit: { ...fixture("usage.json").rate_limit, allowed: false } });
    expect(mapUsageResponse(payload, null, identity)).toMatchObject({ ordinaryUsageAllowed: false, rateLimitUpsell: upsell });
    for (const other of [
      { ...identity, accountId: "acct-other" },
      { ...identity, userId: "user-other" },
      { ...identity, accountId: null },
      { ...identity, userId: null },
      { ...identity, isFedramp: true },
    ]) {
      expect(mapUsageResponse(payload, null, other)).toMatchObject({
        ordinaryUsageAllowed: null,
        rateLimitUpsell: null,
        accountId: "acct-mock-123",
      });
    }
    const noIds = usage({ account_id: null, user_id: undefined });
    expect(mapUsageResponse(noIds, null, identity)).toMatchObject({ ordinaryUsageAllowed: null, accountId: null });
    expect(mapUsageResponse(usage({ rate_limit: null }), null, identity).ordinaryUsageAllowed).toBeNull();
  });

  it("lets an additional `codex` limit overwrite the main bucket only in the map", () => {
    const payload = usage({
      additional_rate_limits: [{ limit_name: "Shadow", metered_feature: "codex", rate_limit: null }],
    });
    const response = mapUsageResponse(payload, null, identity);
    expect(response.rateLimits.limitName).toBeNull();
    expect(response.rateLimitsByLimitId!.codex!.limitName).toBe("Shadow");
    expect(Object.keys(response.rateLimitsByLimitId!)).toEqual(["codex"]);
  });

  it("uses the detail list's count over the usage summary, else the count only, else null", () => {
    const list = ResetCreditList.parse({ available_count: 5, credits: [] });
    expect(mapUsageResponse(usage(), list, identity).rateLimitResetCredits).toEqual({ availableCount: 5, credits: [] });
    expect(mapUsageResponse(usage({ rate_limit_reset_credits: null }), list, identity).rateLimitResetCredits).toEqual({
      availableCount: 5,
      credits: [],
    });
    expect(mapUsageResponse(usage(), null, identity).rateLimitResetCredits).toEqual({ availableCount: 2, credits: null });
    expect(mapUsageResponse(usage({ rate_limit_reset_credits: null }), null, identity).rateLimitResetCredits).toBeNull();
  });

  it("passes every credit row through, mapping unknown types and statuses", () => {
    const list = ResetCreditList.parse({
      available_count: 1,
      credits: [
        { id: "a", reset_type: "something_else", status: "redeemed", granted_at: "2026-02-01T00:00:00-05:00", expires_at: "2020-01-01T00:00:00.5Z" },
        { id: "b", reset_type: "codex_rate_limits", status: "weird", granted_at: "2026-01-01T00:00:00.123456+00:00" },
      ],
    });
    expect(mapUsageResponse(usage(), list, identity).rateLimitResetCredits!.credits).toEqual([
      { id: "a", resetType: "unknown", status: "redeemed", grantedAt: 1769922000, expiresAt: 1577836800, title: null, description: null },
      { id: "b", resetType: "codexRateLimits", status: "unknown", grantedAt: 1767225600, expiresAt: null, title: null, description: null },
    ]);
  });
});

describe("payload decoding", () => {
  const url = "http://h/backend-api/wham/usage";
  function decodeFailure(schema: Parameters<typeof decodeJson>[1], body: string): BackendError {
    try {
      decodeJson(url, schema, "application/json", body);
    } catch (error) {
      return error as BackendError;
    }
    throw new Error("expected a decode error");
  }

  it("ignores unknown fields and accepts nulls for optional objects", () => {
    const decoded = decodeJson(url, UsagePayload, "", JSON.stringify({ ...fixture("usage.json"), brand_new: { x: 1 } }));
    expect(decoded.plan_type).toBe("pro");
    expect("brand_new" in decoded).toBe(false);
    const nulls = decodeJson(
      url,
      UsagePayload,
      "",
      JSON.stringify({ plan_type: "pro", rate_limit: null, credits: null, spend_control: null, additional_rate_limits: null, account_id: null }),
    );
    expect(nulls.rate_limit).toBeNull();
  });

  it.each([
    [{ rate_limit: { allowed: true, limit_reached: false, primary_window: { used_percent: "42", limit_window_seconds: 1, reset_after_seconds: 1, reset_at: 1 } } }, "rate_limit.primary_window.used_percent"],
    [{ rate_limit: { allowed: true, limit_reached: false, primary_window: { used_percent: 33.7, limit_window_seconds: 1, reset_after_seconds: 1, reset_at: 1 } } }, "rate_limit.primary_window.used_percent"],
    [{ rate_limit: { allowed: true, limit_reached: false, primary_window: { used_percent: 1, limit_window_seconds: 1, reset_after_seconds: 1, reset_at: 2147483648 } } }, "rate_limit.primary_window.reset_at"],
    [{ rate_limit: { limit_reached: false } }, "rate_limit.allowed"],
    [{ credits: { has_credits: true, unlimited: false, balance: 12.5 } }, "credits.balance"],
    [{ additional_rate_limits: [{ limit_name: "x" }] }, "additional_rate_limits[0].metered_feature"],
    [{ rate_limit_reset_credits: {} }, "rate_limit_reset_credits.available_count"],
  ])("rejects %j naming %s", (patch, where) => {
    const error = decodeFailure(UsagePayload, JSON.stringify({ plan_type: "pro", ...patch }));
    expect(error).toBeInstanceOf(BackendError);
    expect(error.kind).toBe("decode");
    expect(error.message).toContain(`Decode error for ${url}: `);
    expect(error.message).toContain(where);
    expect(error.message).toContain("; content-type=application/json; body=");
  });

  it("requires plan_type and rejects malformed JSON and empty bodies", () => {
    expect(decodeFailure(UsagePayload, "{}").message).toContain("missing field `plan_type`");
    expect(decodeFailure(UsagePayload, "{not json").message).toContain("invalid JSON");
    expect(decodeFailure(UsagePayload, "").message).toContain("EOF while parsing");
  });

  it("decodes consume codes strictly and names unknown ones", () => {
    expect(ConsumeResponse.parse({ code: "reset", windows_reset: 2, credit: {} }).code).toBe("reset");
    const unknown = decodeFailure(ConsumeResponse, JSON.stringify({ code: "something_new" }));
    expect(unknown.message).toContain(
      "unknown variant `something_new`, expected one of `reset`, `nothing_to_reset`, `no_credit`, `already_redeemed`",
    );
    expect(decodeFailure(ConsumeResponse, JSON.stringify({ code: "RESET" })).message).toContain("unknown variant `RESET`");
    expect(decodeFailure(ConsumeResponse, JSON.stringify({ windows_reset: 1 })).message).toContain("missing field `code`");
    expect(decodeFailure(ConsumeResponse, JSON.stringify({ code: "reset", windows_reset: null })).message).toContain("windows_reset");
    expect(decodeFailure(ConsumeResponse, JSON.stringify({ code: "reset", windows_reset: "2" })).message).toContain("windows_reset");
  });

  it("rejects credit rows with numeric or unparsable dates", () => {
    expect(() => ResetCreditList.parse({ available_count: 1, credits: [{ id: "a", reset_type: "x", status: "y", granted_at: 1767225600 }] })).toThrow();
    expect(() => ResetCreditList.parse({ available_count: 1, credits: [{ id: "a", reset_type: "x", status: "y", granted_at: "yesterday" }] })).toThrow();
    expect(parseRfc3339("2026-02-30T00:00:00Z")).toBeUndefined();
    expect(parseRfc3339("2026-01-01T00:00:00Z")).toBe(1767225600);
  });

  it("bounds body excerpts and parses retry-after", () => {
    const long = "x".repeat(10_000);
    expect(bodyExcerpt(long).length).toBeLessThan(2_100);
    expect(bodyExcerpt("boom")).toBe("boom");
    expect(parseRetryAfter("2")).toBe(2000);
    expect(parseRetryAfter("0.5")).toBe(500);
    expect(parseRetryAfter(new Date(Date.now() + 3000).toUTCString())).toBeGreaterThan(1000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe("rate-limit headers → account/rateLimits/updated", () => {
  it("always yields the codex snapshot, all-null without headers", () => {
    expect(rateLimitUpdatesFromHeaders({})).toEqual([{ rateLimits: emptyCodexSnapshot(null) }]);
  });

  it("parses primary, secondary and credits from a Headers object, case-insensitively", () => {
    const headers = new Headers({
      "X-Codex-Primary-Used-Percent": "12.5",
      "x-codex-primary-window-minutes": "300",
      "x-codex-primary-reset-at": "1704069000",
      "x-codex-secondary-used-percent": "80.49",
      "x-codex-secondary-window-minutes": "10080",
      "x-codex-credits-has-credits": "True",
      "x-codex-credits-unlimited": "0",
      "x-codex-credits-balance": " 13 ",
    });
    const [codex] = rateLimitSnapshotsFromHeaders(headers);
    expect(codex).toMatchObject({
      limitId: "codex",
      primary: { usedPercent: 13, windowDurationMins: 300, resetsAt: 1704069000 },
      secondary: { usedPercent: 80, windowDurationMins: 10080, resetsAt: null },
      credits: { hasCredits: true, unlimited: false, balance: "13" },
    });
  });

  it("drops windows without data and unparsable values", () => {
    const [codex] = rateLimitSnapshotsFromHeaders({
      "x-codex-primary-used-percent": "0",
      "x-codex-primary-window-minutes": "0",
      "x-codex-secondary-used-percent": "NaN",
      "x-codex-secondary-reset-at": "123",
      "x-codex-credits-has-credits": "yes",
      "x-codex-credits-unlimited": "false",
    });
    expect(codex).toMatchObject({ primary: null, secondary: null, credits: null });
    const [withReset] = rateLimitSnapshotsFromHeaders({ "x-codex-primary-used-percent": "0", "x-codex-primary-reset-at": "5" });
    expect(withReset!.primary).toEqual({ usedPercent: 0, windowDurationMins: null, resetsAt: 5 });
  });

  it("reads other limit families in sorted order with their names, skipping empty ones", () => {
    const snapshots = rateLimitSnapshotsFromHeaders(
      new Map([
        ["x-codex-primary-used-percent", "1"],
        ["x-codex-secondary-primary-used-percent", "80"],
        ["x-codex-secondary-primary-window-minutes", "1440"],
        ["x-codex-bengalfox-primary-used-percent", "5"],
        ["x-codex-bengalfox-limit-name", "gpt-5.2-codex-sonic"],
        ["x-codex-empty-primary-used-percent", "0"],
      ]),
    );
    expect(snapshots.map((s) => [s.limitId, s.limitName, s.primary?.usedPercent])).toEqual([
      ["codex", null, 1],
      ["codex_bengalfox", "gpt-5.2-codex-sonic", 5],
      ["codex_secondary", null, 80],
    ]);
  });

  it("rounds halves away from zero like Rust", () => {
    expect(roundHalfAwayFromZero(2.5)).toBe(3);
    expect(roundHalfAwayFromZero(-2.5)).toBe(-3);
    expect(roundHalfAwayFromZero(2.49)).toBe(2);
  });
});

describe("auth helpers", () => {
  it("decodes JWT claims without verifying and detects expiry", () => {
    const token = makeJwt({
      email: "a@b.c",
      exp: 100,
      "https://api.openai.com/auth": { chatgpt_plan_type: "plus", user_id: "u1", chatgpt_account_is_fedramp: true },
    });
    expect(tryParseClaims(token)).toEqual({
      email: "a@b.c",
      planType: "plus",
      userId: "u1",
      accountId: null,
      isFedramp: true,
      expiresAt: 100,
    });
    expect(isExpiredJwt(token)).toBe(true);
    expect(isExpiredJwt(makeJwt({ exp: Date.now() / 1000 + 3600 }))).toBe(false);
    expect(isExpiredJwt("opaque-token")).toBe(false);
    expect(() => decodeJwtPayload("a..c")).toThrow(/three non-empty/);
    expect(tryParseClaims(makeJwt({ "https://api.openai.com/profile": { email: "p@q.r" } }))?.email).toBe("p@q.r");
  });

  it("describes a corrupt auth.json without echoing its contents", () => {
    const secret = "sk-very-secret-value";
    const broken = parseAuthDotJson(`{"OPENAI_API_KEY": ${secret}}`);
    expect(broken).toMatchObject({ ok: false });
    expect(!broken.ok && broken.reason).toMatch(/^invalid JSON at line 1 column \d+$/);
    const wrongType = parseAuthDotJson(JSON.stringify({ OPENAI_API_KEY: 5, tokens: { id_token: secret } }));
    expect(!wrongType.ok && wrongType.reason).toBe("`OPENAI_API_KEY` must be a string, found a number");
    const missing = parseAuthDotJson(JSON.stringify({ tokens: { id_token: secret, access_token: secret } }));
    expect(!missing.ok && missing.reason).toBe("missing field `tokens.refresh_token`");
    expect(JSON.stringify([broken, wrongType, missing])).not.toContain(secret);
    expect(parseAuthDotJson("[]")).toEqual({ ok: false, reason: "expected a JSON object, found an array" });
  });

  it("knows which model providers need OpenAI auth", () => {
    expect(requiresOpenaiAuth({})).toBe(true);
    expect(requiresOpenaiAuth({ model_provider: "openai" })).toBe(true);
    expect(requiresOpenaiAuth({ model_provider: "ollama" })).toBe(false);
    expect(requiresOpenaiAuth({ model_provider: "mock", model_providers: { mock: { base_url: "http://x" } } })).toBe(false);
    expect(requiresOpenaiAuth({ model_provider: "mock", model_providers: { mock: { requires_openai_auth: true } } })).toBe(true);
  });
});

describe("settings, retries and routing", () => {
  it("reads timeouts and retry knobs with defaults and validation", () => {
    expect(backendSettings({})).toMatchObject({
      baseUrl: "https://chatgpt.com/backend-api/",
      timeouts: { usageMs: 15000, creditListMs: 5000, consumeAttemptMs: 10000, consumeTotalMs: 30000 },
      retry: { consumeMaxAttempts: 3 },
      problems: [],
    });
    const custom = backendSettings({
      chatgpt_base_url: "http://x",
      backend_timeouts: { usage_ms: 100, credit_list_ms: -1 },
      backend_retry: { consume_max_attempts: 9 },
    });
    expect(custom.baseUrl).toBe("http://x");
    expect(custom.timeouts.usageMs).toBe(100);
    expect(custom.timeouts.creditListMs).toBe(5000);
    expect(custom.retry.consumeMaxAttempts).toBe(3);
    expect(custom.problems).toHaveLength(2);
  });

  it("backs off exponentially with jitter, capped", () => {
    expect(backoffDelay(1, 500, 4000, () => 0)).toBe(250);
    expect(backoffDelay(1, 500, 4000, () => 0.999)).toBe(500);
    expect(backoffDelay(3, 500, 4000, () => 0.999)).toBe(1999);
    expect(backoffDelay(10, 500, 4000, () => 0.999)).toBe(3998);
  });

  it("validates accounts/check entries like the reference", () => {
    const entry = fixture("accounts-check.json").accounts[0];
    expect(resolveRouting(entry, "http://127.0.0.1:1/backend-api")).toEqual({
      chatgptAccountId: "acct-mock-123",
      backendOrigin: "https://127.0.0.1",
      accountRoutingOverride: "NO_CONSTRAINT",
    });
    expect(resolveRouting({ ...entry, account_routing_override: "us" }, "x").accountRoutingOverride).toBe("us");
    const fails = (patch: Record<string, unknown>, base = "http://127.0.0.1:1") => () => resolveRouting({ ...entry, ...patch }, base);
    expect(fails({ workspace_backend_origin: "NO_CONSTRAINT" })).toThrow("workspace backend must use an HTTPS origin without credentials");
    expect(resolveRouting({ ...entry, workspace_backend_origin: "NO_CONSTRAINT" }, "https://chatgpt.com/backend-api/").backendOrigin).toBe(
      "https://chatgpt.com",
    );
    expect(fails({ workspace_backend_origin: "http://127.0.0.1:9" })).toThrow("workspace backend must use an HTTPS origin without credentials");
    expect(fails({ workspace_backend_origin: "https://u:p@127.0.0.1" })).toThrow("workspace backend must use an HTTPS origin without credentials");
    expect(fails({ workspace_backend_origin: "https://127.0.0.1/backend-api" })).toThrow("workspace routing discovery must return an origin");
    expect(fails({ workspace_backend_origin: null })).toThrow("workspace routing discovery missing backend origin");
    expect(fails({ account_routing_override: "eu" })).toThrow("workspace routing discovery has invalid account routing override");
    expect(fails({ account_routing_override: undefined })).toThrow("workspace routing discovery has invalid account routing override");
  });
});
