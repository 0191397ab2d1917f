/**
 * Auth storage and the account methods through an in-process server:
 * account/read, login (apiKey, chatgptAuthTokens), logout, auth.json
 * compatibility/permissions, client-side token refresh via
 * account/chatgptAuthTokens/refresh on 401. What needs a process of its own
 * (a refresh endpoint from the environment, surviving a corrupt auth.json,
 * readers racing the writer) is in test/e2e/account-auth.test.ts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { useInProcessBackendMock } from "../helpers/backend-in-process.js";
import { chatgptAuthJson, fixture, makeJwt } from "../helpers/backend-mock.js";
import type { InProcessServer, WireMessage } from "../helpers/in-process-server.js";

// Real HTTP round trips with timeouts: generous limits for loaded CI machines.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

const backend = useInProcessBackendMock();
const { spawn: start } = backend;

function authFile(server: InProcessServer): string {
  return path.join(server.codexHome, "auth.json");
}

function readAuth(server: InProcessServer): any {
  return JSON.parse(readFileSync(authFile(server), "utf8"));
}

function mode(file: string): number {
  return statSync(file).mode & 0o777;
}

/** Index in `server.received` of the first message matching `predicate`. */
function indexOf(server: InProcessServer, predicate: (m: WireMessage) => boolean): number {
  return server.received.findIndex((r) => predicate(r.message));
}

const EXTERNAL_TOKEN = makeJwt({
  email: "ext@example.com",
  "https://api.openai.com/auth": { chatgpt_plan_type: "plus", chatgpt_user_id: "user-ext" },
});

describe("account/read", () => {
  it("signed out", async () => {
    const server = await start();
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
    const server = await start({
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
    const server = await start({ auth: chatgptAuthJson() });
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
    const server = await start({ auth: chatgptAuthJson(), capabilities: { experimentalApi: true } });
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

  it("bounds routing discovery with its timeout", async () => {
    backend.mock.route("GET /backend-api/wham/accounts/check", { hang: true });
    const server = await start({
      auth: chatgptAuthJson(),
      capabilities: { experimentalApi: true },
      config: ["backend_timeouts.accounts_check_ms=300"],
    });
    expect(await server.callError("account/read", {})).toEqual({ code: -32603, message: "workspace routing discovery timed out" });
  });

  it("requires email and plan type for ChatGPT accounts", async () => {
    const server = await start({ auth: chatgptAuthJson({ plan: null }) });
    expect(await server.callError("account/read", {})).toEqual({
      code: -32600,
      message: "email and plan type are required for chatgpt authentication",
    });
  });

  it("picks up a login written to auth.json while running", async () => {
    const server = await start();
    expect((await server.call("account/read", {})).account).toBeNull();
    const { writeAuthJson } = await import("../helpers/backend-mock.js");
    writeAuthJson(server.codexHome, chatgptAuthJson({ email: "later@example.com" }));
    expect((await server.call("account/read", {})).account).toMatchObject({ type: "chatgpt", email: "later@example.com" });
  });
});

describe("account/login/start with an API key", () => {
  it("persists auth.json (0600, atomic), answers, then notifies", async () => {
    const server = await start({ env: { LOG_LEVEL: "trace" } });
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
    expect(await server.readLog()).not.toContain(secret);
  });

  it("moves an unreadable auth.json aside instead of overwriting it", async () => {
    const corrupt = "{ this is not json";
    const server = await start({ auth: corrupt });
    await server.call("account/login/start", { type: "apiKey", apiKey: "sk-new" });
    const backups = readdirSync(server.codexHome).filter((name) => name.startsWith("auth.json.corrupt-"));
    expect(backups).toHaveLength(1);
    expect(readFileSync(path.join(server.codexHome, backups[0]!), "utf8")).toBe(corrupt);
    expect(readAuth(server).OPENAI_API_KEY).toBe("sk-new");
  });

  // ChatGPT browser and device-code logins: test/e2e/account-login.test.ts.
  it("bedrock logins answer -32600 not supported; unknown types are refused", async () => {
    const server = await start();
    expect((await server.callError("account/login/start", { type: "amazonBedrock", apiKey: "k", region: "us-east-1" })).code).toBe(-32600);
    const unknown = await server.callError("account/login/start", { type: "magic" });
    expect(unknown.code).toBe(-32600);
    expect(unknown.message).toMatch(/^Invalid request: unknown variant `magic`, expected one of `apiKey`, `chatgpt`/);
    expect(server.notifications("account/login/completed")).toEqual([]);
  });

  it("account/login/cancel", async () => {
    const server = await start();
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
    const server = await start({ auth: chatgptAuthJson() });
    expect(await server.call("account/logout")).toEqual({});
    expect(await server.waitForNotification("account/updated")).toEqual({ authMode: null, planType: null });
    expect(existsSync(authFile(server))).toBe(false);
    // The stored refresh token was revoked first (in process there is no refresh-endpoint override,
    // so at the configured issuer; the mock answers 404: logged, logout goes on).
    expect(backend.mock.requestsTo("/issuer/oauth/revoke", "POST").map((r) => r.json)).toEqual([
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
    const server = await start();
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
    expect(await server.readLog()).not.toContain(refreshed);
  });

  it("concurrent 401s (usage and credit list) share one client refresh", async () => {
    const refreshed = makeJwt({ "https://api.openai.com/auth": { chatgpt_user_id: "user-ext" }, email: "e@x", n: 4 });
    const gate = (body: unknown) => (request: { headers: Record<string, unknown> }) =>
      request.headers.authorization === `Bearer ${refreshed}` ? { body } : { status: 401, body: "expired" };
    backend.mock.route("GET /backend-api/wham/usage", gate(fixture("usage.json")));
    backend.mock.route("GET /backend-api/wham/rate-limit-reset-credits", gate(fixture("credits.json")));
    const server = await start();
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
    const server = await start();
    server.onServerRequest(() => ({ accessToken: refreshed, chatgptAccountId: "acct-ext" }));
    await server.call("account/login/start", { type: "chatgptAuthTokens", accessToken: EXTERNAL_TOKEN, chatgptAccountId: "acct-ext" });
    expect(await server.call("account/rateLimitResetCredit/consume", { idempotencyKey: "k-401" })).toEqual({ outcome: "reset" });
    const posts = backend.mock.requestsTo("/backend-api/wham/rate-limit-reset-credits/consume");
    expect(posts).toHaveLength(2);
    expect(posts.map((p) => p.body)).toEqual(['{"redeem_request_id":"k-401"}', '{"redeem_request_id":"k-401"}']);
  });

  it("a failed client refresh surfaces the original 401", async () => {
    backend.mock.route("GET /backend-api/wham/usage", { status: 401, body: "expired" });
    const server = await start();
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
    const server = await start();
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
