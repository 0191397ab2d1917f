/**
 * account/usage/read, account/workspaceMessages/read, account/securitySetup/read,
 * account/sendAddCreditsNudgeEmail and accountSession/list|switch against a
 * loopback ChatGPT backend: the endpoints, bodies and headers the reference
 * sends, its mapping, its error texts, timeouts and the 401 token refresh.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { chatgptAuthJson, idToken, makeJwt, useBackendMock } from "../helpers/backend-mock.js";
import type { ServerProcess } from "../helpers/server-process.js";

vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

const backend = useBackendMock({ auth: chatgptAuthJson() });
const { spawn } = backend;
const THREAD = "019a0000-0000-7000-8000-000000000000";
const fresh = makeJwt({ exp: Math.floor(Date.now() / 1000) + 3600, marker: "fresh" });

function readAuth(server: ServerProcess): any {
  return JSON.parse(readFileSync(path.join(server.codexHome, "auth.json"), "utf8"));
}

async function userAgentOf(server: ServerProcess): Promise<string> {
  const init = server.received.find((r) => r.requestMethod === "initialize")!.message.result as { userAgent: string };
  return init.userAgent;
}

describe("account/usage/read", () => {
  it("maps GET …/profiles/me, sends the account headers, and reads one thread with POST …/usage/thread_usage/query", async () => {
    backend.mock.route("GET /backend-api/wham/profiles/me", {
      body: {
        stats: { lifetime_tokens: 123, peak_daily_tokens: 45, longest_streak_days: 9, daily_usage_buckets: [{ start_date: "2026-05-29", tokens: 10 }] },
        extra: true,
      },
    });
    backend.mock.route("POST /backend-api/wham/usage/thread_usage/query", {
      body: {
        threads: [
          {
            thread_id: THREAD,
            estimated_usage_credits_micros: 1500,
            estimated_usage_usd_micros: null,
            groups: [{ model: "gpt-5", estimated_usage_credits_micros: 1500, input_tokens: 10, total_tokens: 12 }],
          },
        ],
      },
    });
    const server = await spawn();
    expect(await server.call("account/usage/read")).toEqual({
      summary: { lifetimeTokens: 123, peakDailyTokens: 45, longestRunningTurnSec: null, currentStreakDays: null, longestStreakDays: 9 },
      dailyUsageBuckets: [{ startDate: "2026-05-29", tokens: 10 }],
      threadUsage: null,
    });
    const [profile] = backend.mock.requestsTo("/backend-api/wham/profiles/me", "GET");
    expect(profile!.headers.authorization).toBe("Bearer chatgpt-token");
    expect(profile!.headers["chatgpt-account-id"]).toBe("acct-mock-123");
    expect(profile!.headers["user-agent"]).toBe(await userAgentOf(server));

    expect(await server.call("account/usage/read", { threadId: THREAD })).toEqual({
      summary: { lifetimeTokens: null, peakDailyTokens: null, longestRunningTurnSec: null, currentStreakDays: null, longestStreakDays: null },
      dailyUsageBuckets: null,
      threadUsage: {
        threadId: THREAD,
        estimatedUsageCreditsMicros: 1500,
        estimatedUsageUsdMicros: null,
        nativeUsageUsdMicros: null,
        groups: [
          {
            model: "gpt-5",
            reasoningEffort: null,
            speed: null,
            estimatedUsageCreditsMicros: 1500,
            netNewInputTokens: null,
            cachedInputTokens: null,
            inputTokens: 10,
            outputTokens: null,
            totalTokens: 12,
          },
        ],
      },
    });
    const [query] = backend.mock.requestsTo("/backend-api/wham/usage/thread_usage/query", "POST");
    expect(query!.body).toBe(`{"thread_ids":["${THREAD}"]}`);
    expect(query!.headers["content-type"]).toBe("application/json");
  });

  it("errors: auth, invalid thread id, backend failure, 403/404 thread usage, missing thread row", async () => {
    backend.mock.route("GET /backend-api/wham/profiles/me", { status: 500, headers: { "content-type": "text/plain" }, body: "boom" });
    backend.mock.route("POST /backend-api/wham/usage/thread_usage/query", [
      { status: 404, body: "nf" },
      { status: 403, body: "no" },
      { body: { threads: [] } },
      { status: 502, body: "bad" },
    ]);
    const server = await spawn();
    expect(await server.callError("account/usage/read", {})).toEqual({
      code: -32603,
      message: `failed to fetch token usage profile: GET ${backend.mock.url()}/wham/profiles/me failed: 500 Internal Server Error; content-type=text/plain; body=boom`,
    });
    expect((await server.callError("account/usage/read", { threadId: "abc" })).message).toMatch(/^invalid thread id: /);
    const nullUsage = { threadUsage: null, dailyUsageBuckets: null };
    expect(await server.call("account/usage/read", { threadId: THREAD })).toMatchObject(nullUsage);
    expect(await server.call("account/usage/read", { threadId: THREAD })).toMatchObject(nullUsage);
    expect((await server.callError("account/usage/read", { threadId: THREAD })).message).toBe(
      `failed to fetch thread usage: thread usage response did not contain requested thread ${THREAD}`,
    );
    expect((await server.callError("account/usage/read", { threadId: THREAD })).message).toMatch(/^failed to fetch thread usage: POST .* failed: 502/);

    const signedOut = await spawn({ auth: undefined });
    expect(await signedOut.callError("account/usage/read")).toEqual({
      code: -32600,
      message: "codex account authentication required to read token usage",
    });
    await signedOut.call("account/login/start", { type: "apiKey", apiKey: "sk-test" });
    expect(await signedOut.callError("account/usage/read")).toEqual({
      code: -32600,
      message: "chatgpt authentication required to read token usage",
    });
  });

  it("times out with the reference's text (backend_timeouts.token_usage_ms)", async () => {
    backend.mock.route("GET /backend-api/wham/profiles/me", { hang: true });
    const server = await spawn({ config: ["backend_timeouts.token_usage_ms=300"] });
    expect(await server.callError("account/usage/read")).toEqual({ code: -32603, message: "token usage profile fetch timed out" });
  });

  it("a 401 refreshes auth.json tokens once and repeats the read", async () => {
    backend.mock.route("POST /oauth/token", { body: { access_token: fresh, refresh_token: "refresh-token-2" } });
    backend.mock.route("GET /backend-api/wham/profiles/me", (request) =>
      request.headers.authorization === `Bearer ${fresh}` ? { body: { stats: {} } } : { status: 401, body: "expired" },
    );
    const server = await spawn({ auth: chatgptAuthJson({ accessToken: "opaque-stale-token" }) });
    expect(await server.call("account/usage/read")).toMatchObject({ summary: { lifetimeTokens: null }, dailyUsageBuckets: null });
    expect(backend.mock.requestsTo("/oauth/token").map((r) => (r.json as Record<string, unknown>).refresh_reason)).toEqual(["unauthorized"]);
    expect(backend.mock.requestsTo("/backend-api/wham/profiles/me").map((r) => r.headers.authorization)).toEqual([
      "Bearer opaque-stale-token",
      `Bearer ${fresh}`,
    ]);
    expect(readAuth(server).tokens.access_token).toBe(fresh);
  });
});

describe("account/workspaceMessages/read", () => {
  it("maps messages (RFC 3339 → seconds, unknown types), 404 → feature off, errors and the 1 s timeout", async () => {
    backend.mock.route("GET /backend-api/wham/workspace-messages", [
      {
        body: {
          messages: [
            { message_id: "headline-id", message_type: "headline", message_body: "Headline body", created_at: "2026-06-14T00:00:00Z", archived_at: "2026-06-15T00:00:00Z" },
            { message_id: "m2", message_type: "brand_new", message_body: "x" },
          ],
        },
      },
      { status: 404, body: "nf" },
      { status: 403, body: "no" },
      { body: { messages: [{ message_id: "m", message_type: "headline", message_body: "b", created_at: "yesterday" }] } },
      { hang: true },
    ]);
    const server = await spawn();
    expect(await server.call("account/workspaceMessages/read")).toEqual({
      featureEnabled: true,
      messages: [
        { messageId: "headline-id", messageType: "headline", messageBody: "Headline body", createdAt: 1_781_395_200, archivedAt: 1_781_481_600 },
        { messageId: "m2", messageType: "unknown", messageBody: "x", createdAt: null, archivedAt: null },
      ],
    });
    expect(backend.mock.requestsTo("/backend-api/wham/workspace-messages")[0]!.headers["cache-control"]).toBe("no-store");
    expect(await server.call("account/workspaceMessages/read")).toEqual({ featureEnabled: false, messages: [] });
    expect((await server.callError("account/workspaceMessages/read")).message).toMatch(
      /^failed to fetch workspace messages: GET .*\/wham\/workspace-messages failed: 403 Forbidden/,
    );
    expect((await server.callError("account/workspaceMessages/read")).message).toMatch(
      /^failed to parse workspace message timestamp `yesterday`/,
    );
    const started = Date.now();
    expect(await server.callError("account/workspaceMessages/read")).toEqual({ code: -32603, message: "workspace messages fetch timed out" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("auth errors", async () => {
    const server = await spawn({ auth: undefined });
    expect(await server.callError("account/workspaceMessages/read")).toEqual({
      code: -32600,
      message: "codex account authentication required to read workspace messages",
    });
  });
});

describe("account/securitySetup/read", () => {
  it("returns the backend's notice bound to the account, and no notice when unavailable", async () => {
    const notice = { title: "Secure your account", description: "Add a passkey.", action: { label: "Set up", url: "https://chatgpt.com/#settings/Security" } };
    backend.mock.route("GET /backend-api/wham/security-setup", [{ body: { notice } }, { body: {} }, { status: 404, body: "nf" }, { status: 500, body: "x" }]);
    const server = await spawn();
    expect(await server.call("account/securitySetup/read")).toEqual({
      notice: { accountId: "acct-mock-123", userId: "user-mock-1", ...notice },
    });
    for (let i = 0; i < 3; i++) expect(await server.call("account/securitySetup/read")).toEqual({ notice: null });
    const signedOut = await spawn({ auth: undefined });
    expect(await signedOut.call("account/securitySetup/read")).toEqual({ notice: null });
    expect(backend.mock.requestsTo("/backend-api/wham/security-setup")).toHaveLength(4);
  });
});

describe("account/sendAddCreditsNudgeEmail", () => {
  it("POSTs {credit_type} once; 2xx → sent, 429 → cooldown_active, other failures → -32603 without retry", async () => {
    const nudge = "/backend-api/wham/accounts/send_add_credits_nudge_email";
    backend.mock.route(`POST ${nudge}`, [{ status: 204 }, { status: 429, body: "slow down" }, { status: 503, body: "down" }]);
    const server = await spawn();
    expect(await server.call("account/sendAddCreditsNudgeEmail", { creditType: "usage_limit" })).toEqual({ status: "sent" });
    expect(await server.call("account/sendAddCreditsNudgeEmail", { creditType: "credits" })).toEqual({ status: "cooldown_active" });
    expect(await server.callError("account/sendAddCreditsNudgeEmail", { creditType: "credits" })).toEqual({
      code: -32603,
      message: `failed to notify workspace owner: POST ${backend.mock.url()}/wham/accounts/send_add_credits_nudge_email failed: 503 Service Unavailable; content-type=; body=down`,
    });
    expect(backend.mock.requestsTo(nudge, "POST").map((r) => r.body)).toEqual([
      '{"credit_type":"usage_limit"}',
      '{"credit_type":"credits"}',
      '{"credit_type":"credits"}',
    ]);
    expect((await server.callError("account/sendAddCreditsNudgeEmail", { creditType: "gold" })).code).toBe(-32600);

    const signedOut = await spawn({ auth: undefined });
    expect(await signedOut.callError("account/sendAddCreditsNudgeEmail", { creditType: "credits" })).toEqual({
      code: -32600,
      message: "codex account authentication required to notify workspace owner",
    });
  });

  it("uses /api/codex/... paths for other bases", async () => {
    backend.mock.route("POST /api/codex/accounts/send_add_credits_nudge_email", { body: {} });
    const server = await spawn({ basePath: "" });
    expect(await server.call("account/sendAddCreditsNudgeEmail", { creditType: "credits" })).toEqual({ status: "sent" });
  });
});

describe("accountSession/list and accountSession/switch (experimental)", () => {
  const experimental = { capabilities: { experimentalApi: true } };
  const accountsCheck = {
    accounts: [
      { id: "acct-mock-123", name: "Personal", structure: "personal", profile_picture_url: "https://img/1" },
      { id: "acct-team", name: "Team", structure: "workspace" },
    ],
  };

  it("lists the signed-in session, with workspace metadata on request", async () => {
    backend.mock.route("GET /backend-api/wham/accounts/check", [{ body: accountsCheck }, { status: 500, body: "x" }]);
    const server = await spawn(experimental);
    const listed = (await server.call("accountSession/list", {})) as any;
    expect(listed).toMatchObject({
      activeSessionId: "user-mock-1",
      sessions: [
        {
          sessionId: "user-mock-1",
          email: "user@example.com",
          userId: "user-mock-1",
          displayName: null,
          imageUrl: null,
          isActive: true,
          selectedWorkspaceAccountId: "acct-mock-123",
          workspaces: [{ accountId: "acct-mock-123", name: null, imageUrl: null, kind: null }],
        },
      ],
    });
    expect(Math.abs(listed.sessions[0].lastUsedAt - Date.now() / 1000)).toBeLessThan(60);
    expect(((await server.call("accountSession/list", { refreshWorkspaceMetadata: true })) as any).sessions[0].workspaces).toEqual([
      { accountId: "acct-mock-123", name: "Personal", imageUrl: "https://img/1", kind: "personal" },
      { accountId: "acct-team", name: "Team", imageUrl: null, kind: "workspace" },
    ]);
    expect(await server.callError("accountSession/list", { refreshWorkspaceMetadata: true })).toEqual({
      code: -32603,
      message: "Failed to fetch workspace metadata",
    });
    expect((await server.callError("accountSession/list", null)).code).toBe(-32600);

    const plain = await spawn();
    expect((await plain.callError("accountSession/list", {})).message).toMatch(/experimentalApi/);
  });

  it("switches the active session to another workspace with new tokens stored in auth.json", async () => {
    const teamIdToken = idToken({ accountId: "acct-team", plan: "team" });
    backend.mock.route("GET /backend-api/wham/accounts/check", { body: accountsCheck });
    backend.mock.route("POST /backend-api/accounts/switch-workspace-token", { body: { id_token: teamIdToken, access_token: "team-access" } });
    const server = await spawn(experimental);
    expect(await server.callError("accountSession/switch", { sessionId: "someone-else", accountId: "acct-team" })).toEqual({
      code: -32600,
      message: "Only the active managed account session can be switched",
    });
    const same = (await server.call("accountSession/switch", { sessionId: "user-mock-1", accountId: "acct-mock-123" })) as any;
    expect(same.sessions[0].selectedWorkspaceAccountId).toBe("acct-mock-123");
    expect(backend.mock.requestsTo("/backend-api/accounts/switch-workspace-token")).toHaveLength(0);

    const switched = (await server.call("accountSession/switch", { sessionId: "user-mock-1", accountId: "acct-team" })) as any;
    expect(switched.sessions[0].selectedWorkspaceAccountId).toBe("acct-team");
    expect(switched.sessions[0].workspaces[0]).toEqual({ accountId: "acct-team", name: "Team", imageUrl: null, kind: "workspace" });
    const [exchange] = backend.mock.requestsTo("/backend-api/accounts/switch-workspace-token", "POST");
    expect(exchange!.body).toBe('{"workspace_id":"acct-team"}');
    expect(exchange!.headers.authorization).toBe("Bearer chatgpt-token");
    expect(readAuth(server).tokens).toMatchObject({ access_token: "team-access", account_id: "acct-team", refresh_token: "refresh-token-1" });
    const updated = await server.waitForNotification("account/updated");
    expect(updated).toMatchObject({ authMode: "chatgpt", planType: "team" });
  });

  it("refuses a switch answer without a valid id token and keeps the old login", async () => {
    backend.mock.route("GET /backend-api/wham/accounts/check", { body: accountsCheck });
    backend.mock.route("POST /backend-api/accounts/switch-workspace-token", { body: { access_token: "x" } });
    const server = await spawn(experimental);
    expect(await server.callError("accountSession/switch", { sessionId: "user-mock-1", accountId: "acct-team" })).toEqual({
      code: -32600,
      message: "invalid ID token format",
    });
    expect(readAuth(server).tokens.access_token).toBe("chatgpt-token");
  });
});
