/**
 * Auth and account behaviour that needs a server process of its own: the
 * refresh token endpoint comes from the environment
 * (CODEX_REFRESH_TOKEN_URL_OVERRIDE), a corrupt auth.json must not end the
 * process, and readers in another process must never see a partial
 * auth.json. The rest runs in process: test/unit/account-auth.test.ts.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { chatgptAuthJson, fixture, idToken, makeJwt, useBackendMock } from "../helpers/backend-mock.js";
import type { ServerProcess } from "../helpers/server-process.js";

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

describe("account/read", () => {
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
});

describe("account/login/start with an API key", () => {
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
