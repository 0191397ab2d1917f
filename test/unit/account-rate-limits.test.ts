/**
 * `account/rateLimits/read` through an in-process server against a loopback
 * ChatGPT backend (node:http).
 */
import { describe, expect, it, vi } from "vitest";
import { useInProcessBackendMock } from "../helpers/backend-in-process.js";
import { chatgptAuthJson, fixture } from "../helpers/backend-mock.js";

// Real HTTP round trips with retries and timeouts: generous limits for loaded CI machines.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

const backend = useInProcessBackendMock({ auth: chatgptAuthJson() });
const { spawn: start } = backend;

/** What usage.json and credits.json map to (shared with the mapping unit tests). */
const EXPECTED = fixture("rate-limits-read.json");
const MAIN = EXPECTED.rateLimits;

function serveSamples(prefix = "/backend-api/wham") {
  backend.mock
    .route(`GET ${prefix}/usage`, { body: fixture("usage.json") })
    .route(`GET ${prefix}/rate-limit-reset-credits`, { body: fixture("credits.json") })
    .route(`POST ${prefix}/rate-limit-reset-credits/consume`, { body: fixture("consume-reset.json") });
}

describe("account/rateLimits/read", () => {
  it("reads usage and the credit list concurrently, maps them exactly, then consume and re-read", async () => {
    serveSamples();
    // Each answer waits until the other request has arrived: a sequential client would never finish.
    let usageArrived!: () => void;
    let listArrived!: () => void;
    const usageSeen = new Promise<void>((resolve) => (usageArrived = resolve));
    const listSeen = new Promise<void>((resolve) => (listArrived = resolve));
    backend.mock.route("GET /backend-api/wham/usage", async () => {
      usageArrived();
      await listSeen;
      return { body: fixture("usage.json") };
    });
    backend.mock.route("GET /backend-api/wham/rate-limit-reset-credits", async () => {
      listArrived();
      await usageSeen;
      return { body: fixture("credits.json") };
    });
    const server = await start({ config: ["backend_timeouts.credit_list_ms=60000"] });
    const init = server.received.find((r) => r.requestMethod === "initialize")!.message.result as { userAgent: string };

    const result = await server.call("account/rateLimits/read", {});
    expect(result).toEqual(EXPECTED);

    const usage = backend.mock.requestsTo("/backend-api/wham/usage")[0]!;
    const list = backend.mock.requestsTo("/backend-api/wham/rate-limit-reset-credits")[0]!;
    for (const request of [usage, list]) {
      expect(request.method).toBe("GET");
      expect(request.headers["user-agent"]).toBe(init.userAgent);
      expect(request.headers.authorization).toBe("Bearer chatgpt-token");
      expect(request.headers["chatgpt-account-id"]).toBe("acct-mock-123");
      expect(request.headers.accept).toBe("*/*");
      expect(request.headers["x-openai-fedramp"]).toBeUndefined();
      expect(request.headers["x-openai-codex-luna-reserve"]).toBeUndefined();
      expect(request.body).toBe("");
    }

    expect(await server.call("account/rateLimitResetCredit/consume", { idempotencyKey: "k1" })).toEqual({ outcome: "reset" });
    const consume = backend.mock.requestsTo("/backend-api/wham/rate-limit-reset-credits/consume", "POST");
    expect(consume).toHaveLength(1);
    expect(consume[0]!.body).toBe('{"redeem_request_id":"k1"}');
    expect(await server.call("account/rateLimits/read")).toEqual(EXPECTED);
    // Neither read nor consume emits notifications.
    expect(server.notifications().filter((n) => String(n.method).startsWith("account/"))).toEqual([]);
  });

  it("uses /api/codex/... for a base without /backend-api", async () => {
    serveSamples("/api/codex");
    const server = await start({ basePath: "" });
    expect(await server.call("account/rateLimits/read", null)).toEqual(EXPECTED);
    // Besides the model catalogue (`chatgpt_models_url`, asked for at startup with ChatGPT login).
    const paths = backend.mock.requests.map((r) => r.path).filter((p) => !p.startsWith("/backend-api/codex/models?"));
    expect(paths.sort()).toEqual(["/api/codex/rate-limit-reset-credits", "/api/codex/usage"]);
  });

  it("skips the detail list with excludeResetCreditDetails and falls back to the count", async () => {
    serveSamples();
    const server = await start();
    const result = await server.call("account/rateLimits/read", { excludeResetCreditDetails: true });
    expect(result.rateLimitResetCredits).toEqual({ availableCount: 2, credits: null });
    expect(backend.mock.requestsTo("/backend-api/wham/rate-limit-reset-credits")).toHaveLength(0);
  });

  it.each([
    ["HTTP 500", { status: 500, body: "boom" }],
    ["malformed JSON", { body: "{not json" }],
    ["a row with a numeric date", { body: { available_count: 2, credits: [{ id: "a", reset_type: "x", status: "available", granted_at: 5 }] } }],
    ["a dropped connection", { drop: true }],
  ])("falls back to the count only when the detail list fails (%s)", async (_label, reply) => {
    serveSamples();
    backend.mock.route("GET /backend-api/wham/rate-limit-reset-credits", reply);
    const server = await start();
    const result = await server.call("account/rateLimits/read", {});
    expect(result.rateLimitResetCredits).toEqual({ availableCount: 2, credits: null });
    expect(result.rateLimits).toEqual(MAIN);
  });

  it("falls back when the detail list is slower than its (configurable) timeout", async () => {
    serveSamples();
    backend.mock.route("GET /backend-api/wham/rate-limit-reset-credits", { hang: true });
    const server = await start({ config: ["backend_timeouts.credit_list_ms=300"] });
    const started = Date.now();
    const result = await server.call("account/rateLimits/read", {});
    const elapsed = Date.now() - started;
    expect(result.rateLimitResetCredits).toEqual({ availableCount: 2, credits: null });
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(20_000);
  });

  it("answers rateLimitResetCredits: null when the list fails and usage has no summary; list count wins otherwise", async () => {
    backend.mock.route("GET /backend-api/wham/usage", { body: { ...fixture("usage.json"), rate_limit_reset_credits: null } });
    backend.mock.route("GET /backend-api/wham/rate-limit-reset-credits", [{ status: 404 }, { body: { available_count: 7, credits: [] } }]);
    const server = await start();
    expect((await server.call("account/rateLimits/read", {})).rateLimitResetCredits).toBeNull();
    expect((await server.call("account/rateLimits/read", {})).rateLimitResetCredits).toEqual({ availableCount: 7, credits: [] });
  });

  it("sends the luna header only when asked, on /usage only, and never for FedRAMP accounts", async () => {
    serveSamples();
    const server = await start();
    await server.call("account/rateLimits/read", { supportsLunaReserve: true });
    await server.call("account/rateLimits/read", { supportsLunaReserve: false });
    const usage = backend.mock.requestsTo("/backend-api/wham/usage");
    expect(usage[0]!.headers["x-openai-codex-luna-reserve"]).toBe("1");
    expect(usage[1]!.headers["x-openai-codex-luna-reserve"]).toBeUndefined();
    for (const list of backend.mock.requestsTo("/backend-api/wham/rate-limit-reset-credits")) {
      expect(list.headers["x-openai-codex-luna-reserve"]).toBeUndefined();
    }

    const fedramp = await start({ auth: chatgptAuthJson({ fedramp: true }) });
    const result = await fedramp.call("account/rateLimits/read", { supportsLunaReserve: true });
    const last = backend.mock.requestsTo("/backend-api/wham/usage").at(-1)!;
    expect(last.headers["x-openai-codex-luna-reserve"]).toBeUndefined();
    expect(last.headers["x-openai-fedramp"]).toBe("true");
    expect(result.ordinaryUsageAllowed).toBeNull();
  });

  it("omits chatgpt-account-id without tokens.account_id and then gates identity fields", async () => {
    serveSamples();
    backend.mock.route("GET /backend-api/wham/usage", {
      body: { ...fixture("usage.json"), rate_limit_upsell: { banner_type: "luna_reserve", extra: [1] } },
    });
    const server = await start({ auth: chatgptAuthJson({ accountId: null }) });
    const result = await server.call("account/rateLimits/read", {});
    expect(backend.mock.requestsTo("/backend-api/wham/usage")[0]!.headers["chatgpt-account-id"]).toBeUndefined();
    expect(result).toMatchObject({ ordinaryUsageAllowed: null, rateLimitUpsell: null, accountId: "acct-mock-123" });

    const matching = await start();
    expect(await matching.call("account/rateLimits/read", {})).toMatchObject({
      ordinaryUsageAllowed: true,
      rateLimitUpsell: { banner_type: "luna_reserve", extra: [1] },
    });
    const otherUser = await start({ auth: chatgptAuthJson({ userId: "user-other" }) });
    expect(await otherUser.call("account/rateLimits/read", {})).toMatchObject({ ordinaryUsageAllowed: null, rateLimitUpsell: null });
  });

  it("maps payload edge cases: missing, extra and null fields, rounding and plans", async () => {
    backend.mock.route("GET /backend-api/wham/usage", [
      { body: { plan_type: "education", unexpected: { nested: true } } },
      {
        body: {
          plan_type: "brand_new_plan",
          rate_limit: {
            allowed: false,
            limit_reached: true,
            primary_window: { used_percent: 120, limit_window_seconds: 61, reset_after_seconds: 1, reset_at: 0 },
            secondary_window: { used_percent: 0, limit_window_seconds: 0, reset_after_seconds: 0, reset_at: -1 },
          },
          credits: { has_credits: false, unlimited: true, balance: null },
          spend_control: { reached: true, individual_limit: null },
          additional_rate_limits: null,
          rate_limit_reached_type: { type: "workspace_member_usage_limit_reached" },
          rate_limit_reset_credits: null,
          account_id: null,
          user_id: null,
          rate_limit_upsell: null,
        },
      },
    ]);
    backend.mock.route("GET /backend-api/wham/rate-limit-reset-credits", { status: 404 });
    const server = await start();
    const minimal = await server.call("account/rateLimits/read", {});
    expect(minimal).toEqual({
      rateLimits: { ...MAIN, primary: null, secondary: null, credits: null, planType: "edu" },
      rateLimitsByLimitId: { codex: { ...MAIN, primary: null, secondary: null, credits: null, planType: "edu" } },
      ordinaryUsageAllowed: null,
      rateLimitResetCredits: null,
      accountId: null,
      rateLimitUpsell: null,
    });
    const edge = await server.call("account/rateLimits/read", {});
    expect(edge.rateLimits).toEqual({
      ...MAIN,
      primary: { usedPercent: 120, windowDurationMins: 2, resetsAt: 0 },
      secondary: { usedPercent: 0, windowDurationMins: null, resetsAt: -1 },
      credits: { hasCredits: false, unlimited: true, balance: null },
      spendControlReached: true,
      planType: "unknown",
      rateLimitReachedType: "workspace_member_usage_limit_reached",
    });
  });
});

describe("account/rateLimits/read errors", () => {
  it("not signed in and API-key auth give the reference's -32600 texts", async () => {
    const signedOut = await start({ auth: undefined });
    expect(await signedOut.callError("account/rateLimits/read", {})).toEqual({
      code: -32600,
      message: "codex account authentication required to read rate limits",
    });
    const apiKey = await start({ auth: { auth_mode: "apikey", OPENAI_API_KEY: "sk-test-secret" } });
    expect(await apiKey.callError("account/rateLimits/read")).toEqual({
      code: -32600,
      message: "chatgpt authentication required to read rate limits",
    });
    expect(backend.mock.requests).toHaveLength(0);
  });

  it("rejects wrong param types with -32600", async () => {
    const server = await start();
    const error = await server.callError("account/rateLimits/read", { supportsLunaReserve: "yes" });
    expect(error.code).toBe(-32600);
    expect(error.message).toMatch(/^Invalid request: invalid type: string "yes", expected a boolean/);
  });

  it.each([
    [{ status: 401, body: "nope" }, /^failed to fetch codex rate limits: GET http:\/\/127\.0\.0\.1:\d+\/backend-api\/wham\/usage failed: 401 Unauthorized; content-type=; body=nope$/],
    [{ status: 403, headers: { "content-type": "text/html" }, body: "<b>no</b>" }, /failed: 403 Forbidden; content-type=text\/html; body=<b>no<\/b>$/],
    [{ status: 429, body: "{}" }, /failed: 429 Too Many Requests; content-type=; body=\{\}$/],
    [{ status: 500, body: "boom" }, /failed: 500 Internal Server Error; content-type=; body=boom$/],
    [{ body: { rate_limit: null } }, /^failed to fetch codex rate limits: Decode error for http:\/\/127\.0\.0\.1:\d+\/backend-api\/wham\/usage: missing field `plan_type`; content-type=application\/json; body=/],
    [{ body: { plan_type: "pro", rate_limit: { allowed: true, limit_reached: false, primary_window: { used_percent: 42.0001, limit_window_seconds: 1, reset_after_seconds: 1, reset_at: 1 } } } }, /Decode error .*rate_limit\.primary_window\.used_percent/],
    [{ drop: true }, /^failed to fetch codex rate limits: error sending request for url \(http:\/\/127\.0\.0\.1:\d+\/backend-api\/wham\/usage\)$/],
  ])("usage failure %j → -32603 with the reference prefix, exactly one request", async (reply, message) => {
    backend.mock.route("GET /backend-api/wham/usage", reply);
    backend.mock.route("GET /backend-api/wham/rate-limit-reset-credits", { body: fixture("credits.json") });
    const server = await start();
    const error = await server.callError("account/rateLimits/read", { excludeResetCreditDetails: true });
    expect(error.code).toBe(-32603);
    expect(error.message).toMatch(message);
    expect(error).not.toHaveProperty("data");
    expect(backend.mock.requestsTo("/backend-api/wham/usage")).toHaveLength(1);
  });

  it("bounds a backend that never answers with the configurable usage timeout", async () => {
    backend.mock.route("GET /backend-api/wham/usage", { hang: true });
    backend.mock.route("GET /backend-api/wham/rate-limit-reset-credits", { hang: true });
    const server = await start({ config: ["backend_timeouts.usage_ms=400", "backend_timeouts.credit_list_ms=200"] });
    const started = Date.now();
    const error = await server.callError("account/rateLimits/read", {});
    const elapsed = Date.now() - started;
    expect(error.code).toBe(-32603);
    expect(error.message).toMatch(
      /^failed to fetch codex rate limits: request timed out after 400 ms for url \(http:\/\/127\.0\.0\.1:\d+\/backend-api\/wham\/usage\)$/,
    );
    expect(elapsed).toBeGreaterThanOrEqual(380);
    expect(elapsed).toBeLessThan(20_000);
    // Other requests are still served afterwards.
    expect(await server.call("account/read", {})).toMatchObject({ requiresOpenaiAuth: true });
  });

  it("names an unreadable auth.json in the error and keeps serving", async () => {
    const server = await start({ auth: '{"tokens": {"access_token": "sk-secret-in-file"' });
    const error = await server.callError("account/rateLimits/read", {});
    expect(error.code).toBe(-32600);
    expect(error.message).toMatch(
      /^codex account authentication required to read rate limits: .*auth\.json could not be loaded \(invalid JSON at line 1 column \d+\); fix or remove the file, or sign in again$/,
    );
    expect(error.message).not.toContain("sk-secret-in-file");
    expect(await server.readLog()).not.toContain("sk-secret-in-file");
    expect(backend.mock.requests).toHaveLength(0);
  });
});
