/**
 * ChatGPT login from the client through the spawned server, against a loopback
 * OAuth issuer written for the tests (test/helpers/oauth-issuer.ts): the
 * browser flow (authorization code + PKCE, loopback callback server, state
 * check, token and API-key exchange, auth.json, notifications), the device-code
 * flow (pending → approved, expiry, cancellation), logout revoking the tokens,
 * and the failure modes (wrong state, issuer 500, hanging token endpoint, busy
 * port, a login nobody completes). The test plays the browser with fetch.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { chatgptAuthJson, useBackendMock } from "../helpers/backend-mock.js";
import { ISSUED, OAuthIssuer } from "../helpers/oauth-issuer.js";
import type { ServerProcess } from "../helpers/server-process.js";

vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

const backend = useBackendMock();
let issuer: OAuthIssuer;

beforeEach(async () => {
  issuer = await new OAuthIssuer().start();
});
afterEach(async () => {
  await issuer.close();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A server whose logins go to the test issuer, on a free callback port. */
function spawn(options: { auth?: Record<string, unknown>; config?: string[]; env?: Record<string, string> } = {}): Promise<ServerProcess> {
  return backend.spawn({
    auth: options.auth,
    // The issuer is also the refresh endpoint (logout's revocation URL derives from it when it is overridden).
    env: { CODEX_REFRESH_TOKEN_URL_OVERRIDE: `${issuer.url}/oauth/token`, ...options.env },
    config: [`chatgpt_login.issuer="${issuer.url}"`, "chatgpt_login.callback_port=0", ...(options.config ?? [])],
  });
}

function authFile(server: ServerProcess): string {
  return path.join(server.codexHome, "auth.json");
}

/** The browser: one request, redirects not followed (`localhost` is the callback server's 127.0.0.1). */
function browse(url: string): Promise<Response> {
  return fetch(url.replace("://localhost:", "://127.0.0.1:"), { redirect: "manual" });
}

/** Opens the authorize URL; the issuer sends the browser back to the callback URL it returns. */
async function authorize(authUrl: string): Promise<string> {
  const response = await browse(authUrl);
  expect(response.status).toBe(302);
  return response.headers.get("location")!;
}

async function startBrowserLogin(server: ServerProcess, params: Record<string, unknown> = {}): Promise<{ loginId: string; authUrl: string }> {
  const result = await server.call("account/login/start", { type: "chatgpt", ...params });
  expect(result).toEqual({ type: "chatgpt", loginId: expect.stringMatching(UUID), authUrl: expect.any(String) });
  return result;
}

function completion(server: ServerProcess, loginId: string): Promise<any> {
  return server.waitForNotification("account/login/completed", (p) => p.loginId === loginId, 20_000);
}

async function portIsClosed(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/`);
    return false;
  } catch {
    return true;
  }
}

describe("browser login (type: chatgpt)", () => {
  it("authorization code + PKCE end to end: tokens and API key saved, completion and account/updated sent", async () => {
    const server = await spawn({ env: { LOG_LEVEL: "trace" } });
    const { loginId, authUrl } = await startBrowserLogin(server);
    const url = new URL(authUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${issuer.url}/oauth/authorize`);
    const query = Object.fromEntries(url.searchParams);
    const port = Number(new URL(query.redirect_uri!).port);
    expect(query).toEqual({
      response_type: "code",
      client_id: "app_EMoamEEZ73f0CkXaXp7hrann",
      redirect_uri: `http://localhost:${port}/auth/callback`,
      scope: "openid profile email offline_access api.connectors.read api.connectors.invoke",
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge_method: "S256",
      id_token_add_organizations: "true",
      codex_cli_simplified_flow: "true",
      state: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      originator: "test_client",
    });

    // The success page means nothing before the callback: the login keeps waiting.
    expect((await browse(`http://127.0.0.1:${port}/success`)).status).toBe(404);
    const callback = await authorize(authUrl);
    const afterCallback = await browse(callback);
    expect(afterCallback.status).toBe(302);
    const success = afterCallback.headers.get("location")!;
    expect(success).toMatch(new RegExp(`^http://localhost:${port}/success\\?id_token=`));
    // Signed in once the code is exchanged, before the success page is shown.
    const [exchange, apiKeyExchange] = issuer.requestsTo("/oauth/token");
    expect(exchange!.contentType).toBe("application/x-www-form-urlencoded");
    expect(exchange!.fields).toEqual({
      grant_type: "authorization_code",
      code: ISSUED.code,
      redirect_uri: `http://localhost:${port}/auth/callback`,
      client_id: "app_EMoamEEZ73f0CkXaXp7hrann",
      code_verifier: expect.any(String),
    });
    const verifier = exchange!.fields.code_verifier as string;
    expect(createHash("sha256").update(verifier).digest("base64url")).toBe(query.code_challenge);
    expect(apiKeyExchange!.fields).toEqual({
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      client_id: "app_EMoamEEZ73f0CkXaXp7hrann",
      requested_token: "openai-api-key",
      subject_token: ISSUED.idToken,
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
    });

    const page = await browse(success);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await page.text()).toContain("Signed in");

    expect(await completion(server, loginId)).toEqual({ loginId, success: true, error: null, onboardingEntrypoint: null });
    expect(await server.waitForNotification("account/updated")).toEqual({ authMode: "chatgpt", planType: "plus" });
    const completedAt = server.received.findIndex((r) => r.message.method === "account/login/completed");
    const updatedAt = server.received.findIndex((r) => r.message.method === "account/updated");
    expect(completedAt).toBeLessThan(updatedAt);

    expect(statSync(authFile(server)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(authFile(server), "utf8"))).toEqual({
      auth_mode: "chatgpt",
      OPENAI_API_KEY: ISSUED.apiKey,
      tokens: { id_token: ISSUED.idToken, access_token: ISSUED.accessToken, refresh_token: ISSUED.refreshToken, account_id: "acct-new" },
      last_refresh: expect.any(String),
    });
    expect((await server.call("account/read", {})).account).toEqual({ type: "chatgpt", email: "new@example.com", planType: "plus", workspaceName: null });
    expect(await portIsClosed(port)).toBe(true);
    // Nothing secret in the logs, even at trace level.
    for (const secret of [ISSUED.code, verifier, ISSUED.accessToken, ISSUED.refreshToken, ISSUED.apiKey, query.state!]) {
      expect(server.stderr).not.toContain(secret);
    }
  });

  it("the hosted success page ends the login with the redirect", async () => {
    const server = await spawn();
    const { loginId, authUrl } = await startBrowserLogin(server, { useHostedLoginSuccessPage: true, appBrand: "chatgpt" });
    const response = await browse(await authorize(authUrl));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("https://chatgpt.com/codex/open-app?source=login&app_brand=chatgpt");
    expect(await completion(server, loginId)).toMatchObject({ success: true, error: null });
  });

  it("a callback with the wrong state is refused and the login keeps waiting", async () => {
    const server = await spawn();
    const { loginId, authUrl } = await startBrowserLogin(server);
    const callback = new URL(await authorize(authUrl));
    const forged = new URL(callback);
    forged.searchParams.set("state", "forged-state");
    const refused = await browse(forged.toString());
    expect(refused.status).toBe(400);
    expect(await refused.text()).toBe("State mismatch");
    expect(issuer.requestsTo("/oauth/token")).toHaveLength(0);
    expect(existsSync(authFile(server))).toBe(false);
    expect(server.notifications("account/login/completed")).toEqual([]);

    const accepted = await browse(callback.toString());
    expect(accepted.status).toBe(302);
    await browse(accepted.headers.get("location")!);
    expect(await completion(server, loginId)).toMatchObject({ success: true });
  });

  it("an issuer that answers 500 fails the login with its error; no auth.json", async () => {
    issuer.routes.set("/oauth/token", () => ({ status: 500, body: { error: "server_error", error_description: "issuer is down" } }));
    const server = await spawn({ auth: chatgptAuthJson() });
    const before = readFileSync(authFile(server), "utf8");
    const { loginId, authUrl } = await startBrowserLogin(server);
    const page = await browse(await authorize(authUrl));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Token exchange failed");
    expect(await completion(server, loginId)).toEqual({
      loginId,
      success: false,
      error: "Login server error: Token exchange failed: token endpoint returned status 500 Internal Server Error: issuer is down",
      onboardingEntrypoint: null,
    });
    expect(readFileSync(authFile(server), "utf8")).toBe(before);
    expect(server.notifications("account/updated")).toEqual([]);
  });

  it("a token endpoint that hangs times out (chatgpt_login.request_timeout_ms)", async () => {
    issuer.routes.set("/oauth/token", () => ({ hang: true }));
    const server = await spawn({ config: ["chatgpt_login.request_timeout_ms=300"] });
    const { loginId, authUrl } = await startBrowserLogin(server);
    const page = await browse(await authorize(authUrl));
    expect(page.status).toBe(200);
    const done = await completion(server, loginId);
    expect(done.success).toBe(false);
    expect(done.error).toBe(`Login server error: Token exchange failed: request timed out after 300 ms for url (${issuer.url}/oauth/token)`);
    expect(existsSync(authFile(server))).toBe(false);
    expect(readdirTemps(server)).toEqual([]);
  });

  it("an error sent back by the issuer ends the login", async () => {
    const server = await spawn();
    const { loginId, authUrl } = await startBrowserLogin(server);
    const callback = new URL(await authorize(authUrl));
    callback.searchParams.delete("code");
    callback.searchParams.set("error", "access_denied");
    callback.searchParams.set("error_description", "the user said no");
    expect((await browse(callback.toString())).status).toBe(200);
    expect((await completion(server, loginId)).error).toBe("Login server error: Sign-in failed: the user said no");
  });

  it("account/login/cancel stops the callback server; a second cancel finds nothing", async () => {
    const server = await spawn();
    const { loginId, authUrl } = await startBrowserLogin(server);
    const port = Number(new URL(new URL(authUrl).searchParams.get("redirect_uri")!).port);
    expect(await server.call("account/login/cancel", { loginId })).toEqual({ status: "canceled" });
    expect(await completion(server, loginId)).toEqual({
      loginId,
      success: false,
      error: "Login server error: Login was not completed",
      onboardingEntrypoint: null,
    });
    expect(await portIsClosed(port)).toBe(true);
    expect(await server.call("account/login/cancel", { loginId })).toEqual({ status: "notFound" });
    expect(existsSync(authFile(server))).toBe(false);
  });

  it("a second login cancels the first", async () => {
    const server = await spawn();
    const first = await startBrowserLogin(server);
    const second = await startBrowserLogin(server);
    expect(second.loginId).not.toBe(first.loginId);
    expect(await completion(server, first.loginId)).toMatchObject({ success: false, error: "Login server error: Login was not completed" });
    expect(await server.call("account/login/cancel", { loginId: first.loginId })).toEqual({ status: "notFound" });
    // The first login's callback no longer signs anyone in; the second one works.
    const stale = await browse(await authorize(first.authUrl)).catch(() => null);
    expect(stale === null || stale.status !== 302).toBe(true);
    const response = await browse(await authorize(second.authUrl));
    await browse(response.headers.get("location")!);
    expect(await completion(server, second.loginId)).toMatchObject({ success: true });
  });

  it("a callback port held by something else: -32603 after the retries", async () => {
    const squatter = http.createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => squatter.listen(0, "127.0.0.1", resolve));
    const port = (squatter.address() as { port: number }).port;
    try {
      const server = await spawn({ config: [`chatgpt_login.callback_port=${port}`] });
      const error = await server.callError("account/login/start", { type: "chatgpt" });
      expect(error).toEqual({ code: -32603, message: `failed to start login server: Port 127.0.0.1:${port} is already in use` });
      expect(server.notifications("account/login/completed")).toEqual([]);
      expect(existsSync(authFile(server))).toBe(false);
      // Nothing was left waiting: an API-key login goes through at once.
      expect(await server.call("account/login/start", { type: "apiKey", apiKey: "sk-test-key-123" })).toEqual({ type: "apiKey" });
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it("a login nobody completes times out (chatgpt_login.browser_timeout_ms): callback server closed, nothing written", async () => {
    const server = await spawn({ config: ["chatgpt_login.browser_timeout_ms=500"], env: { LOG_LEVEL: "trace" } });
    const { loginId, authUrl } = await startBrowserLogin(server);
    const query = new URL(authUrl).searchParams;
    const port = Number(new URL(query.get("redirect_uri")!).port);
    expect(await completion(server, loginId)).toMatchObject({ success: false, error: "Login timed out" });
    expect(await portIsClosed(port)).toBe(true);
    expect(existsSync(authFile(server))).toBe(false);
    expect(readdirTemps(server)).toEqual([]);
    expect(await server.call("account/login/cancel", { loginId })).toEqual({ status: "notFound" });
    expect(server.stderr).not.toContain(query.get("state")!);
    expect(server.stderr).not.toContain(query.get("code_challenge")!);
  });

  it("failed logins leak no secret: forged state, issuer 500 and a hanging token endpoint, at LOG_LEVEL=trace", async () => {
    let hang = false;
    issuer.routes.set("/oauth/token", () => (hang ? { hang: true } : { status: 500, body: { error: "server_error", error_description: "issuer is down" } }));
    const server = await spawn({ auth: chatgptAuthJson(), config: ["chatgpt_login.request_timeout_ms=1500"], env: { LOG_LEVEL: "trace" } });
    const before = readFileSync(authFile(server), "utf8");
    // The state travels in the authorize URL the client opens; it must stay out of the logs only.
    const secrets: string[] = [ISSUED.code];
    const states: string[] = [];

    // A forged state, then the real callback against an issuer answering 500.
    const first = await startBrowserLogin(server);
    const callback = new URL(await authorize(first.authUrl));
    states.push(callback.searchParams.get("state")!);
    const forged = new URL(callback);
    forged.searchParams.set("state", "forged-state");
    expect((await browse(forged.toString())).status).toBe(400);
    expect((await browse(callback.toString())).status).toBe(200);
    expect((await completion(server, first.loginId)).error).toBe(
      "Login server error: Token exchange failed: token endpoint returned status 500 Internal Server Error: issuer is down",
    );

    // A token endpoint that never answers.
    hang = true;
    const second = await startBrowserLogin(server);
    const secondCallback = new URL(await authorize(second.authUrl));
    states.push(secondCallback.searchParams.get("state")!);
    expect((await browse(secondCallback.toString())).status).toBe(200);
    expect((await completion(server, second.loginId)).error).toMatch(/request timed out after 1500 ms/);

    for (const exchange of issuer.requestsTo("/oauth/token")) secrets.push(exchange.fields.code_verifier as string);
    expect(secrets).toHaveLength(3);
    const messages = JSON.stringify(server.received.map((r) => r.message));
    for (const secret of secrets) {
      expect(server.stderr).not.toContain(secret);
      expect(messages).not.toContain(secret);
    }
    for (const state of states) expect(server.stderr).not.toContain(state);
    // The earlier login is untouched and no temporary file is left behind.
    expect(readFileSync(authFile(server), "utf8")).toBe(before);
    expect(readdirTemps(server)).toEqual([]);
    expect(server.notifications("account/updated")).toEqual([]);
  });

  it("API-key login cancels a browser login in progress", async () => {
    const server = await spawn();
    const { loginId } = await startBrowserLogin(server);
    await server.call("account/login/start", { type: "apiKey", apiKey: "sk-test-key-123" });
    expect(await completion(server, loginId)).toMatchObject({ success: false, error: "Login server error: Login was not completed" });
    expect(JSON.parse(readFileSync(authFile(server), "utf8")).auth_mode).toBe("apikey");
  });
});

function readdirTemps(server: ServerProcess): string[] {
  if (!existsSync(server.codexHome)) return [];
  return readdirSync(server.codexHome).filter((name: string) => name.endsWith(".tmp"));
}

describe("device-code login (type: chatgptDeviceCode)", () => {
  it("pending, then approved: tokens saved, completion and account/updated sent", async () => {
    issuer.devicePendingPolls = 2;
    const server = await spawn();
    const result = await server.call("account/login/start", { type: "chatgptDeviceCode" });
    expect(result).toEqual({
      type: "chatgptDeviceCode",
      loginId: expect.stringMatching(UUID),
      verificationUrl: `${issuer.url}/codex/device`,
      userCode: ISSUED.userCode,
    });
    expect(issuer.requestsTo("/api/accounts/deviceauth/usercode")[0]!.fields).toEqual({ client_id: "app_EMoamEEZ73f0CkXaXp7hrann" });
    expect(await completion(server, result.loginId)).toEqual({ loginId: result.loginId, success: true, error: null, onboardingEntrypoint: null });
    expect(await server.waitForNotification("account/updated")).toEqual({ authMode: "chatgpt", planType: "plus" });
    const polls = issuer.requestsTo("/api/accounts/deviceauth/token");
    expect(polls).toHaveLength(3);
    expect(polls[0]!.fields).toEqual({ device_auth_id: ISSUED.deviceAuthId, user_code: ISSUED.userCode });
    const exchanges = issuer.requestsTo("/oauth/token");
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]!.fields).toEqual({
      grant_type: "authorization_code",
      code: ISSUED.code,
      redirect_uri: `${issuer.url}/deviceauth/callback`,
      client_id: "app_EMoamEEZ73f0CkXaXp7hrann",
      code_verifier: ISSUED.deviceCodeVerifier,
    });
    const saved = JSON.parse(readFileSync(authFile(server), "utf8"));
    expect(saved).toMatchObject({ auth_mode: "chatgpt", OPENAI_API_KEY: null, tokens: { refresh_token: ISSUED.refreshToken, account_id: "acct-new" } });
    expect(statSync(authFile(server)).mode & 0o777).toBe(0o600);
  });

  it("an issuer without device codes (404) is -32600; one that fails (500) is -32603", async () => {
    issuer.routes.set("/api/accounts/deviceauth/usercode", () => ({ status: 404 }));
    const server = await spawn();
    expect(await server.callError("account/login/start", { type: "chatgptDeviceCode" })).toEqual({
      code: -32600,
      message: "device code login is not enabled for this Codex server. Use the browser login or verify the server URL.",
    });
    issuer.routes.set("/api/accounts/deviceauth/usercode", () => ({ status: 500 }));
    expect(await server.callError("account/login/start", { type: "chatgptDeviceCode" })).toEqual({
      code: -32603,
      message: "failed to request device code: device code request failed with status 500 Internal Server Error",
    });
  });

  it("cancelled while pending", async () => {
    issuer.devicePendingPolls = 1000;
    const server = await spawn();
    const { loginId } = await server.call("account/login/start", { type: "chatgptDeviceCode" });
    expect(await server.call("account/login/cancel", { loginId })).toEqual({ status: "canceled" });
    expect(await completion(server, loginId)).toEqual({ loginId, success: false, error: "Login was not completed", onboardingEntrypoint: null });
    const polls = issuer.requestsTo("/api/accounts/deviceauth/token").length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(issuer.requestsTo("/api/accounts/deviceauth/token")).toHaveLength(polls);
    expect(existsSync(authFile(server))).toBe(false);
  });

  it("expires when the user never approves (chatgpt_login.device_code_timeout_ms)", async () => {
    issuer.devicePendingPolls = 1000;
    const server = await spawn({ config: ["chatgpt_login.device_code_timeout_ms=1500"] });
    const { loginId } = await server.call("account/login/start", { type: "chatgptDeviceCode" });
    expect(await completion(server, loginId)).toMatchObject({ success: false, error: "device auth timed out after 15 minutes" });
    expect(existsSync(authFile(server))).toBe(false);
  });

  it("an issuer refusing the poll ends the login", async () => {
    issuer.routes.set("/api/accounts/deviceauth/token", () => ({ status: 500 }));
    const server = await spawn();
    const { loginId } = await server.call("account/login/start", { type: "chatgptDeviceCode" });
    expect(await completion(server, loginId)).toMatchObject({ success: false, error: "device auth failed with status 500 Internal Server Error" });
  });
});

describe("account/logout revokes the stored ChatGPT login", () => {
  it("revokes the refresh token at the issuer, then removes auth.json", async () => {
    const server = await spawn({ auth: chatgptAuthJson({ refreshToken: "refresh-to-revoke-123" }) });
    expect(await server.call("account/logout")).toEqual({});
    expect(issuer.requestsTo("/oauth/revoke").map((r) => r.fields)).toEqual([
      { token: "refresh-to-revoke-123", token_type_hint: "refresh_token", client_id: "app_EMoamEEZ73f0CkXaXp7hrann" },
    ]);
    expect(await server.waitForNotification("account/updated")).toEqual({ authMode: null, planType: null });
    expect(existsSync(authFile(server))).toBe(false);
  });

  it("a failed revocation is logged and the local logout still happens", async () => {
    issuer.routes.set("/oauth/revoke", () => ({ status: 500, body: { error: { message: "revoke failed" } } }));
    const server = await spawn({ auth: chatgptAuthJson({ refreshToken: "refresh-to-revoke-456" }) });
    expect(await server.call("account/logout")).toEqual({});
    expect(existsSync(authFile(server))).toBe(false);
    await vi.waitFor(() => expect(server.stderr).toContain("failed to revoke auth tokens during logout"));
    expect(server.stderr).not.toContain("refresh-to-revoke-456");
  });

  it("API-key logins have nothing to revoke", async () => {
    const server = await spawn();
    await server.call("account/login/start", { type: "apiKey", apiKey: "sk-test-key-123" });
    expect(await server.call("account/logout")).toEqual({});
    expect(issuer.requestsTo("/oauth/revoke")).toEqual([]);
  });
});
