/**
 * Auth storage and the account methods through the spawned server:
 * account/read, login (apiKey, chatgptAuthTokens), logout, auth.json
 * compatibility/atomicity/permissions, token refresh (proactive via a loopback
 * token endpoint; client-side via account/chatgptAuthTokens/refresh on 401).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { chatgptAuthJson, fixture, idToken, makeJwt, useBackendMock } from "../helpers/backend-mock.js";
import type { ServerProcess, WireMessage } from "../helpers/server-process.js";

// Spawns real server processes: generous limits for loaded CI machines.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

const backend = useBackendMock();
const { spawn } = backend;

function authFile(server: ServerProcess): string {
  return path.join(server.codexHome, "auth.json");
}

function readAuth(server: ServerProcess): any {
  return JSON.parse(readFileSync(authFile(server), "utf8"));
}

function mode(file: string): number {
  return statSync(file).mode & 0o777;
}

/** Index in `server.received` of the first message matching `predicate`. */
function indexOf(server: ServerProcess, predicate: (m: WireMessage) => boolean): number {
  return server.received.findIndex((r) => predicate(r.message));
}

const EXTERNAL_TOKEN = makeJwt({
  email: "ext@example.com",
  "https://api.openai.com/auth": { chatgpt_plan_type: "plus", chatgpt_user_id: "user-ext" },
});

describe("account/read", () => {
  it("signed out", async () => {
    const server = await spawn();
    expect(await server.call("account/read", {})).toEqual({
      account: null,
      userId: null,
      requiresOpenaiAuth: true,
      workspaceRouting: null,
    });
    const missing = await server.callError("account/read");
    expect(missing).toEqual({ code: -32600, message: "Invalid request: missing field `params`" });
  });

  it("a provider that needs no OpenAI auth", async () => {
    const server = await spawn({
      auth: chatgptAuthJson(),
      config: ['model_provider="mock"', 'model_providers.mock.base_url="http://127.0.0.1:9/v1"'],
    });
    expect(await server.call("account/read", {})).toEqual({
      account: null,
      userId: null,
      requiresOpenaiAuth: false,
      workspaceRouting: null,
    });
  });

  it("an existing ChatGPT login from auth.json (stable client: no routing discovery)", async () => {
    const server = await spawn({ auth: chatgptAuthJson() });
    expect(await server.call("account/read", {})).toEqual({
      account: { type: "chatgpt", email: "user@example.com", planType: "pro", workspaceName: null },
      userId: "user-mock-1",
      requiresOpenaiAuth: true,
      workspaceRouting: null,
    });
    // Only the model catalogue is asked for (as the reference does at startup); no routing discovery.
    expect(backend.mock.requests.filter((r) => !r.path.startsWith("/backend-api/codex/models?"))).toHaveLength(0);
  });

  it("experimental clients get workspaceRouting from accounts/check (cached)", async () => {
    backend.mock.route("GET /backend-api/wham/accounts/check", { body: fixture("accounts-check.json") });
    const server = await spawn({ auth: chatgptAuthJson(), capabilities: { experimentalApi: true } });
    const expected = {
      account: { type: "chatgpt", email: "user@example.com", planType: "pro", workspaceName: null },
      userId: "user-mock-1",
      requiresOpenaiAuth: true,
      workspaceRouting: { chatgptAccountId: "acct-mock-123", backendOrigin: "https://127.0.0.1", accountRoutingOverride: "NO_CONSTRAINT" },
    };
    expect(await server.call("account/read", {})).toEqual(expected);
    expect(await server.call("account/read", {})).toEqual(expected);
    const checks = backend.mock.requestsTo("/backend-api/wham/accounts/check");
    expect(checks).toHaveLength(1);
    expect(checks[0]!.headers.authorization).toBe("Bearer chatgpt-token");
    expect(checks[0]!.headers["chatgpt-account-id"]).toBe("acct-mock-123");
  });

  it.each([
    [{ status: 404 }, "workspace routing discovery failed"],
    [{ body: { accounts: [] } }, "selected workspace missing from routing discovery"],
    [{ body: { accounts: { "acct-mock-123": { account: {} } } } }, "selected workspace missing from routing discovery"],
    [{ body: { accounts: [fixture("accounts-check.json").accounts[0], fixture("accounts-check.json").accounts[0]] } }, "duplicate workspace in routing discovery"],
    [{ body: { accounts: [{ id: "acct-mock-123", workspace_backend_origin: "http://127.0.0.1:9", account_routing_override: "us" }] } }, "workspace backend must use an HTTPS origin without credentials"],
    [{ body: { accounts: [{ id: "acct-mock-123", account_routing_override: "us" }] } }, "workspace routing discovery missing backend origin"],
    [{ body: { accounts: [{ id: "acct-mock-123", workspace_backend_origin: "https://127.0.0.1", account_routing_override: "eu" }] } }, "workspace routing discovery has invalid account routing override"],
    [{ status: 401 }, "workspace routing discovery unauthorized (401)"],
  ])("routing discovery failure %j → -32603 %s", async (reply, message) => {
    backend.mock.route("GET /backend-api/wham/accounts/check", reply);
    const server = await spawn({
      auth: chatgptAuthJson(),
      capabilities: { experimentalApi: true },
      env: { CODEX_REFRESH_TOKEN_URL_OVERRIDE: backend.mock.url("/oauth/token") },
    });
    expect(await server.callError("account/read", {})).toEqual({ code: -32603, message });
  });

  it("bounds routing discovery with its timeout", async () => {
    backend.mock.route("GET /backend-api/wham/accounts/check", { hang: true });
    const server = await spawn({
      auth: chatgptAuthJson(),
      capabilities: { experimentalApi: true },
      config: ["backend_timeouts.accounts_check_ms=300"],
    });
    expect(await server.callError("account/read", {})).toEqual({ code: -32603, message: "workspace routing discovery timed out" });
  });

  it("requires email and plan type for ChatGPT accounts", async () => {
    const server = await spawn({ auth: chatgptAuthJson({ plan: null }) });
    expect(await server.callError("account/read", {})).toEqual({
      code: -32600,
      message: "email and plan type are required for chatgpt authentication",
    });
  });

  it("a corrupt auth.json is a clear error, not a crash, and is left untouched", async () => {
    const corrupt = '{"auth_mode": "chatgpt", "tokens": {"access_token": "secret-access-token",';
    const server = await spawn({ auth: corrupt });
    const error = await server.callError("account/read", {});
    expect(error.code).toBe(-32600);
    expect(error.message).toBe(
      `${authFile(server)} could not be loaded (invalid JSON at line 1 column ${corrupt.length + 1}); fix or remove the file, or sign in again`,
    );
    const wrongShape = await spawn({ auth: { OPENAI_API_KEY: 12345 } });
    expect((await wrongShape.callError("account/read", {})).message).toContain(
      "could not be loaded (`OPENAI_API_KEY` must be a string, found a number)",
    );
    // Still serving; the file was not rewritten.
    expect(await server.call("account/login/cancel", { loginId: "00000000-0000-0000-0000-000000000000" })).toEqual({ status: "notFound" });
    expect(readFileSync(authFile(server), "utf8")).toBe(corrupt);
    expect(server.stderr).not.toContain("secret-access-token");
    expect(server.child.exitCode).toBeNull();
  });

  it("picks up a login written to auth.json while running", async () => {
    const server = await spawn();
    expect((await server.call("account/read", {})).account).toBeNull();
    const { writeAuthJson } = await import("../helpers/backend-mock.js");
    writeAuthJson(server.codexHome, chatgptAuthJson({ email: "later@example.com" }));
    expect((await server.call("account/read", {})).account).toMatchObject({ type: "chatgpt", email: "later@example.com" });
  });
});

describe("account/login/start with an API key", () => {
  it("persists auth.json (0600, atomic), answers, then notifies", async () => {
    const server = await spawn({ env: { LOG_LEVEL: "trace" } });
    const secret = "sk-test-super-secret-key";
    expect(await server.call("account/login/start", { type: "apiKey", apiKey: secret })).toEqual({ type: "apiKey" });
    const completed = await server.waitForNotification("account/login/completed");
    const updated = await server.waitForNotification("account/updated");
    expect(completed).toEqual({ loginId: null, success: true, error: null, onboardingEntrypoint: null });
    expect(updated).toEqual({ authMode: "apikey", planType: null });
    const responseAt = indexOf(server, (m) => (m.result as { type?: string } | undefined)?.type === "apiKey");
    expect(responseAt).toBeLessThan(indexOf(server, (m) => m.method === "account/login/completed"));
    expect(indexOf(server, (m) => m.method === "account/login/completed")).toBeLessThan(
      indexOf(server, (m) => m.method === "account/updated"),
    );

    expect(readAuth(server)).toEqual({ auth_mode: "apikey", OPENAI_API_KEY: secret, tokens: null, last_refresh: null });
    expect(mode(authFile(server))).toBe(0o600);
    expect(readdirSync(server.codexHome).filter((name) => name.includes("auth"))).toEqual(["auth.json"]);
    expect(await server.call("account/read", {})).toEqual({
      account: { type: "apiKey" },
      userId: null,
      requiresOpenaiAuth: true,
      workspaceRouting: null,
    });
    expect(server.stderr).not.toContain(secret);
  });

  it("replaces auth.json by rename: readers never see a partial file", async () => {
    const server = await spawn({ auth: chatgptAuthJson() });
    const inodeBefore = statSync(authFile(server)).ino;
    let reads = 0;
    let stop = false;
    const problems: string[] = [];
    const watcher = (async () => {
      while (!stop) {
        try {
          const text = readFileSync(authFile(server), "utf8");
          JSON.parse(text);
          reads++;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "ENOENT") problems.push(String(error));
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    for (let i = 0; i < 25; i++) {
      await server.call("account/login/start", { type: "apiKey", apiKey: `sk-${i}-${"x".repeat(4000)}` });
    }
    stop = true;
    await watcher;
    expect(problems).toEqual([]);
    expect(reads).toBeGreaterThan(0);
    expect(readAuth(server).OPENAI_API_KEY).toMatch(/^sk-24-/);
    expect(statSync(authFile(server)).ino).not.toBe(inodeBefore);
    expect(mode(authFile(server))).toBe(0o600);
    expect(readdirSync(server.codexHome).filter((name) => name.includes("auth"))).toEqual(["auth.json"]);
  });

  it("moves an unreadable auth.json aside instead of overwriting it", async () => {
    const corrupt = "{ this is not json";
    const server = await spawn({ auth: corrupt });
    await server.call("account/login/start", { type: "apiKey", apiKey: "sk-new" });
    const backups = readdirSync(server.codexHome).filter((name) => name.startsWith("auth.json.corrupt-"));
    expect(backups).toHaveLength(1);
    expect(readFileSync(path.join(server.codexHome, backups[0]!), "utf8")).toBe(corrupt);
    expect(readAuth(server).OPENAI_API_KEY).toBe("sk-new");
  });

  // ChatGPT browser and device-code logins: test/e2e/account-login.test.ts.
  it("bedrock logins answer -32600 not supported; unknown types are refused", async () => {
    const server = await spawn();
    expect((await server.callError("account/login/start", { type: "amazonBedrock", apiKey: "k", region: "us-east-1" })).code).toBe(-32600);
    const unknown = await server.callError("account/login/start", { type: "magic" });
    expect(unknown.code).toBe(-32600);
    expect(unknown.message).toMatch(/^Invalid request: unknown variant `magic`, expected one of `apiKey`, `chatgpt`/);
    expect(server.notifications("account/login/completed")).toEqual([]);
  });

  it("account/login/cancel", async () => {
    const server = await spawn();
    expect(await server.callError("account/login/cancel", { loginId: "nope" })).toEqual({
      code: -32600,
      message: "invalid login id: nope",
    });
    expect(await server.call("account/login/cancel", { loginId: "5f0b0d4e-8c51-4b8e-9d57-2b0f7e0c1a11" })).toEqual({
      status: "notFound",
    });
  });
});

describe("account/logout", () => {
  it("removes auth.json, answers {}, then notifies", async () => {
    const server = await spawn({ auth: chatgptAuthJson() });
    expect(await server.call("account/logout")).toEqual({});
    expect(await server.waitForNotification("account/updated")).toEqual({ authMode: null, planType: null });
    expect(existsSync(authFile(server))).toBe(false);
    // The stored refresh token was revoked first (at the origin of the refresh endpoint; the mock answers 404: logged, logout goes on).
    expect(backend.mock.requestsTo("/oauth/revoke", "POST").map((r) => r.json)).toEqual([
      { token: "refresh-token-1", token_type_hint: "refresh_token", client_id: "app_EMoamEEZ73f0CkXaXp7hrann" },
    ]);
    expect((await server.call("account/read", {})).account).toBeNull();
    expect(await server.call("account/logout", null)).toEqual({});
  });
});

describe("client-supplied ChatGPT tokens (chatgptAuthTokens)", () => {
  it("are kept in memory and refreshed through account/chatgptAuthTokens/refresh on 401", async () => {
    const refreshed = makeJwt({
      email: "ext@example.com",
      "https://api.openai.com/auth": { chatgpt_plan_type: "plus", chatgpt_user_id: "user-ext" },
      n: 2,
    });
    backend.mock.route("GET /backend-api/wham/usage", (request) =>
      request.headers.authorization === `Bearer ${refreshed}`
        ? { body: { ...fixture("usage.json"), account_id: "acct-ext", user_id: "user-ext" } }
        : { status: 401, body: "expired" },
    );
    backend.mock.route("POST /backend-api/wham/rate-limit-reset-credits/consume", (request) =>
      request.headers.authorization === `Bearer ${refreshed}` ? { body: { code: "reset" } } : { status: 401, body: "expired" },
    );
    const server = await spawn();
    const refreshRequests: unknown[] = [];
    server.onServerRequest((method, params) => {
      refreshRequests.push({ method, params });
      return { accessToken: refreshed, chatgptAccountId: "acct-ext", chatgptPlanType: null };
    });

    expect(
      await server.call("account/login/start", { type: "chatgptAuthTokens", accessToken: EXTERNAL_TOKEN, chatgptAccountId: "acct-ext" }),
    ).toEqual({ type: "chatgptAuthTokens" });
    expect(await server.waitForNotification("account/updated")).toEqual({ authMode: "chatgptAuthTokens", planType: "plus" });
    expect(existsSync(authFile(server))).toBe(false);
    expect(await server.call("account/read", {})).toEqual({
      account: { type: "chatgpt", email: "ext@example.com", planType: "plus", workspaceName: null },
      userId: "user-ext",
      requiresOpenaiAuth: true,
      workspaceRouting: null,
    });

    const result = await server.call("account/rateLimits/read", { excludeResetCreditDetails: true });
    expect(result.ordinaryUsageAllowed).toBe(true); // identity: acct-ext + user-ext
    expect(refreshRequests).toEqual([
      { method: "account/chatgptAuthTokens/refresh", params: { reason: "unauthorized", previousAccountId: "acct-ext" } },
    ]);
    const usage = backend.mock.requestsTo("/backend-api/wham/usage");
    expect(usage.map((r) => r.headers.authorization)).toEqual([`Bearer ${EXTERNAL_TOKEN}`, `Bearer ${refreshed}`]);
    expect(usage.map((r) => r.headers["chatgpt-account-id"])).toEqual(["acct-ext", "acct-ext"]);

    // The refreshed token is now current: consume succeeds without another refresh.
    expect(await server.call("account/rateLimitResetCredit/consume", { idempotencyKey: "k" })).toEqual({ outcome: "reset" });
    expect(refreshRequests).toHaveLength(1);
    expect(existsSync(authFile(server))).toBe(false);
    expect(server.stderr).not.toContain(refreshed);
  });

  it("concurrent 401s (usage and credit list) share one client refresh", async () => {
    const refreshed = makeJwt({ "https://api.openai.com/auth": { chatgpt_user_id: "user-ext" }, email: "e@x", n: 4 });
    const gate = (body: unknown) => (request: { headers: Record<string, unknown> }) =>
      request.headers.authorization === `Bearer ${refreshed}` ? { body } : { status: 401, body: "expired" };
    backend.mock.route("GET /backend-api/wham/usage", gate(fixture("usage.json")));
    backend.mock.route("GET /backend-api/wham/rate-limit-reset-credits", gate(fixture("credits.json")));
    const server = await spawn();
    let refreshes = 0;
    server.onServerRequest(async () => {
      refreshes++;
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { accessToken: refreshed, chatgptAccountId: "acct-ext" };
    });
    await server.call("account/login/start", { type: "chatgptAuthTokens", accessToken: EXTERNAL_TOKEN, chatgptAccountId: "acct-ext" });
    const result = await server.call("account/rateLimits/read", {});
    expect(refreshes).toBe(1);
    expect(result.rateLimitResetCredits.credits).toHaveLength(2);
    expect(backend.mock.requestsTo("/backend-api/wham/usage")).toHaveLength(2);
    expect(backend.mock.requestsTo("/backend-api/wham/rate-limit-reset-credits")).toHaveLength(2);
  });

  it("a 401 on consume refreshes and retries with the same redeem_request_id", async () => {
    const refreshed = makeJwt({ "https://api.openai.com/auth": { chatgpt_user_id: "u" }, email: "e@x", n: 3 });
    backend.mock.route("POST /backend-api/wham/rate-limit-reset-credits/consume", (request) =>
      request.headers.authorization === `Bearer ${refreshed}` ? { body: { code: "reset" } } : { status: 401, body: "expired" },
    );
    const server = await spawn();
    server.onServerRequest(() => ({ accessToken: refreshed, chatgptAccountId: "acct-ext" }));
    await server.call("account/login/start", { type: "chatgptAuthTokens", accessToken: EXTERNAL_TOKEN, chatgptAccountId: "acct-ext" });
    expect(await server.call("account/rateLimitResetCredit/consume", { idempotencyKey: "k-401" })).toEqual({ outcome: "reset" });
    const posts = backend.mock.requestsTo("/backend-api/wham/rate-limit-reset-credits/consume");
    expect(posts).toHaveLength(2);
    expect(posts.map((p) => p.body)).toEqual(['{"redeem_request_id":"k-401"}', '{"redeem_request_id":"k-401"}']);
  });

  it("a failed client refresh surfaces the original 401", async () => {
    backend.mock.route("GET /backend-api/wham/usage", { status: 401, body: "expired" });
    const server = await spawn();
    server.onServerRequest(() => {
      throw new Error("cannot refresh");
    });
    await server.call("account/login/start", { type: "chatgptAuthTokens", accessToken: EXTERNAL_TOKEN, chatgptAccountId: "acct-ext" });
    const error = await server.callError("account/rateLimits/read", { excludeResetCreditDetails: true });
    expect(error.code).toBe(-32603);
    expect(error.message).toMatch(/^failed to fetch codex rate limits: GET .* failed: 401 Unauthorized; content-type=; body=expired$/);
    expect(server.received.filter((r) => r.message.method === "account/chatgptAuthTokens/refresh")).toHaveLength(1);
    expect(backend.mock.requestsTo("/backend-api/wham/usage")).toHaveLength(1);
  });

  it("rejects a non-JWT access token and blocks other logins while active", async () => {
    const server = await spawn();
    const bad = await server.callError("account/login/start", {
      type: "chatgptAuthTokens",
      accessToken: "opaque-secret-token",
      chatgptAccountId: "acct",
    });
    expect(bad.code).toBe(-32603);
    expect(bad.message).toMatch(/^failed to set external auth: invalid access token: not a JWT/);
    expect(bad.message).not.toContain("opaque-secret-token");

    await server.call("account/login/start", {
      type: "chatgptAuthTokens",
      accessToken: EXTERNAL_TOKEN,
      chatgptAccountId: "acct-ext",
      chatgptPlanType: "team",
    });
    expect(await server.waitForNotification("account/updated")).toEqual({ authMode: "chatgptAuthTokens", planType: "team" });
    const external = "External auth is active. Use account/login/start (chatgptAuthTokens) to update it or account/logout to clear it.";
    expect(await server.callError("account/login/start", { type: "apiKey", apiKey: "sk" })).toEqual({ code: -32600, message: external });
    expect(await server.callError("account/login/start", { type: "chatgpt" })).toEqual({ code: -32600, message: external });
    await server.call("account/logout");
    expect((await server.call("account/read", {})).account).toBeNull();
  });
});

describe("proactive refresh of an expired ChatGPT access token", () => {
  const expired = makeJwt({ exp: Math.floor(Date.now() / 1000) - 60, sub: "old" });
  const fresh = makeJwt({ exp: Math.floor(Date.now() / 1000) + 3600, sub: "new" });

  function expiredLogin() {
    return { ...chatgptAuthJson({ accessToken: expired }), custom_field: { keep: true } };
  }

  it("POSTs the refresh endpoint, uses and persists the new tokens", async () => {
    backend.mock.route("POST /oauth/token", {
      body: { access_token: fresh, refresh_token: "refresh-token-2", id_token: idToken({ email: "renewed@example.com" }) },
    });
    backend.mock.route("GET /backend-api/wham/usage", { body: fixture("usage.json") });
    const server = await spawn({
      auth: expiredLogin(),
      env: { CODEX_REFRESH_TOKEN_URL_OVERRIDE: backend.mock.url("/oauth/token"), LOG_LEVEL: "trace" },
    });
    await server.call("account/rateLimits/read", { excludeResetCreditDetails: true });

    const [refresh] = backend.mock.requestsTo("/oauth/token", "POST");
    expect(refresh!.json).toEqual({
      client_id: "app_EMoamEEZ73f0CkXaXp7hrann",
      grant_type: "refresh_token",
      refresh_reason: "proactive_expiry",
      refresh_token: "refresh-token-1",
    });
    expect(refresh!.headers["content-type"]).toBe("application/json");
    expect(backend.mock.requestsTo("/backend-api/wham/usage")[0]!.headers.authorization).toBe(`Bearer ${fresh}`);

    const saved = readAuth(server);
    expect(saved.tokens.access_token).toBe(fresh);
    expect(saved.tokens.refresh_token).toBe("refresh-token-2");
    expect(saved.tokens.account_id).toBe("acct-mock-123");
    expect(saved.custom_field).toEqual({ keep: true });
    expect(Date.parse(saved.last_refresh)).toBeGreaterThan(Date.now() - 60_000);
    expect(mode(authFile(server))).toBe(0o600);
    expect((await server.call("account/read", {})).account.email).toBe("renewed@example.com");
    // No second refresh: the new token is not expired.
    await server.call("account/rateLimits/read", { excludeResetCreditDetails: true });
    expect(backend.mock.requestsTo("/oauth/token")).toHaveLength(1);
    for (const secret of [fresh, expired, "refresh-token-1", "refresh-token-2"]) expect(server.stderr).not.toContain(secret);
  });

  it("a failed refresh still calls the backend with the old token and keeps auth.json", async () => {
    backend.mock.route("POST /oauth/token", { status: 500, body: "refresh broke" });
    backend.mock.route("GET /backend-api/wham/usage", { body: fixture("usage.json") });
    const server = await spawn({ auth: expiredLogin(), env: { CODEX_REFRESH_TOKEN_URL_OVERRIDE: backend.mock.url("/oauth/token") } });
    const before = readFileSync(authFile(server), "utf8");
    await server.call("account/rateLimits/read", { excludeResetCreditDetails: true });
    expect(backend.mock.requestsTo("/oauth/token")).toHaveLength(1);
    expect(backend.mock.requestsTo("/backend-api/wham/usage")[0]!.headers.authorization).toBe(`Bearer ${expired}`);
    expect(readFileSync(authFile(server), "utf8")).toBe(before);
  });

  it("never refreshes opaque or unexpired tokens, whatever last_refresh says", async () => {
    backend.mock.route("GET /backend-api/wham/usage", { body: fixture("usage.json") });
    const env = { CODEX_REFRESH_TOKEN_URL_OVERRIDE: backend.mock.url("/oauth/token") };
    const opaque = await spawn({ auth: chatgptAuthJson({ lastRefresh: "2000-01-01T00:00:00Z" }), env });
    await opaque.call("account/rateLimits/read", { excludeResetCreditDetails: true });
    const valid = await spawn({ auth: chatgptAuthJson({ accessToken: fresh, lastRefresh: "2000-01-01T00:00:00Z" }), env });
    await valid.call("account/rateLimits/read", { excludeResetCreditDetails: true });
    expect(backend.mock.requestsTo("/oauth/token")).toHaveLength(0);
    expect(backend.mock.requestsTo("/backend-api/wham/usage")).toHaveLength(2);
  });

  it("a 401 from the backend refreshes auth.json tokens once (refresh_reason unauthorized) and repeats the call", async () => {
    backend.mock.route("POST /oauth/token", { body: { access_token: fresh, refresh_token: "refresh-token-2" } });
    backend.mock.route("GET /backend-api/wham/usage", (request) =>
      request.headers.authorization === `Bearer ${fresh}` ? { body: fixture("usage.json") } : { status: 401, body: "expired" },
    );
    const server = await spawn({ auth: chatgptAuthJson({ accessToken: "opaque-stale-token" }) });
    await server.call("account/rateLimits/read", { excludeResetCreditDetails: true });
    expect(backend.mock.requestsTo("/oauth/token").map((r) => (r.json as Record<string, unknown>).refresh_reason)).toEqual(["unauthorized"]);
    expect(backend.mock.requestsTo("/backend-api/wham/usage").map((r) => r.headers.authorization)).toEqual([
      "Bearer opaque-stale-token",
      `Bearer ${fresh}`,
    ]);
    expect(readAuth(server).tokens).toMatchObject({ access_token: fresh, refresh_token: "refresh-token-2" });
  });

  it("account/read refreshToken: true refreshes an auth.json login on request", async () => {
    backend.mock.route("POST /oauth/token", { body: { access_token: fresh } });
    const server = await spawn({ auth: chatgptAuthJson(), env: { CODEX_REFRESH_TOKEN_URL_OVERRIDE: backend.mock.url("/oauth/token") } });
    await server.call("account/read", { refreshToken: true });
    expect(backend.mock.requestsTo("/oauth/token")).toHaveLength(1);
    expect(readAuth(server).tokens.access_token).toBe(fresh);
    expect(readAuth(server).tokens.refresh_token).toBe("refresh-token-1");
  });
});
