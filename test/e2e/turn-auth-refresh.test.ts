/**
 * A 401 from the model endpoint with ChatGPT credentials: the tokens are
 * refreshed once (client-supplied ones through `account/chatgptAuthTokens/refresh`,
 * auth.json ones through the refresh-token grant) and the request is sent once
 * more; otherwise the turn fails `unauthorized`. API keys are never retried.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { BackendMock, chatgptAuthJson, makeJwt } from "../helpers/backend-mock.js";
import {
  ERROR_BODIES,
  startMockResponses,
  textResponse,
  type MockReply,
  type MockResponsesServer,
  type RecordedRequest,
} from "../helpers/mock-responses.js";
import { ServerProcess } from "../helpers/server-process.js";
import { startTlsGateway, type TlsGateway } from "../helpers/tls-gateway.js";
import { MODEL, runTurn, startThread, text, turnStream } from "../helpers/turns.js";

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let mock: MockResponsesServer;
/** ChatGPT model traffic goes only to an https origin: the mock behind a TLS gateway that allows it (NO_CONSTRAINT). */
let gateway: TlsGateway;
beforeAll(async () => {
  mock = await startMockResponses();
  gateway = await startTlsGateway(mock.url);
});
afterAll(async () => {
  await gateway.close();
  await mock.close();
});
beforeEach(() => mock.reset());

const OLD_TOKEN = makeJwt({
  email: "ext@example.com",
  "https://api.openai.com/auth": { chatgpt_plan_type: "plus", chatgpt_user_id: "user-ext" },
  n: 1,
});
const NEW_TOKEN = makeJwt({
  email: "ext@example.com",
  "https://api.openai.com/auth": { chatgpt_plan_type: "plus", chatgpt_user_id: "user-ext" },
  n: 2,
});

/** Streams a reply for `Bearer <accepted>`, 401 for anything else. */
function acceptOnly(accepted: string) {
  return (request: RecordedRequest): MockReply =>
    request.headers.authorization === `Bearer ${accepted}`
      ? { type: "sse", events: textResponse({ deltas: ["Hello ", "again."] }) }
      : { type: "error", status: 401, body: ERROR_BODIES.unauthorized };
}

function home(auth?: unknown): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "aas-auth-refresh-home-"));
  if (auth !== undefined) writeFileSync(path.join(dir, "auth.json"), JSON.stringify(auth), { mode: 0o600 });
  return dir;
}

/** The built-in openai provider with ChatGPT auth pointed at the mock (`/backend-api/codex/responses`). */
async function openaiServer(codexHome: string, args: string[] = [], env: Record<string, string | undefined> = {}) {
  const backend = gateway.url("/backend-api");
  const server = new ServerProcess({
    codexHome,
    args: [
      "app-server",
      "-c",
      `model="${MODEL}"`,
      "-c",
      'model_provider="openai"',
      "-c",
      `chatgpt_base_url="${backend}"`,
      // The model catalogue's fixed host stays off the network: a refused loopback port (the bundled list applies).
      "-c",
      'chatgpt_models_url="http://127.0.0.1:1/backend-api/codex/models"',
      ...args,
    ],
    // These suites exercise HTTP + SSE; the WebSocket transport has its own (model-websocket.test.ts).
    env: { OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined, AGENT_APP_SERVER_MODEL_WEBSOCKETS: "0", ...gateway.env, ...env },
  });
  await server.initialize();
  return server;
}

async function loginExternal(server: ServerProcess): Promise<void> {
  await server.call("account/login/start", { type: "chatgptAuthTokens", accessToken: OLD_TOKEN, chatgptAccountId: "acct-ext" });
}

function refreshRequests(server: ServerProcess) {
  return server.received.map((r) => r.message).filter((m) => m.method === "account/chatgptAuthTokens/refresh" && "id" in m);
}

function expectNoSecrets(server: ServerProcess, completed: unknown, secrets: string[]) {
  const wire = JSON.stringify(server.received.map((r) => r.message));
  for (const secret of secrets) {
    expect(server.stderr).not.toContain(secret);
    expect(JSON.stringify(completed)).not.toContain(secret);
    // Nothing the server wrote carries a token.
    expect(wire).not.toContain(secret);
  }
}

describe("model 401 with client-supplied chatgptAuthTokens", () => {
  it("asks the client once, retries with the new bearer and account id, and the turn completes", async () => {
    mock.defaultReply = acceptOnly(NEW_TOKEN);
    const server = await openaiServer(home());
    server.onServerRequest(() => ({ accessToken: NEW_TOKEN, chatgptAccountId: "acct-new", chatgptPlanType: null }));
    await loginExternal(server);
    const threadId = await startThread(server);
    const done = await runTurn(server, threadId, text("hi"));

    expect(done.turn.status).toBe("completed");
    expect(refreshRequests(server).map((m) => m.params)).toEqual([{ reason: "unauthorized", previousAccountId: "acct-ext" }]);
    expect(mock.requests).toHaveLength(2);
    expect(mock.requests.map((r) => r.path)).toEqual(["/backend-api/codex/responses", "/backend-api/codex/responses"]);
    expect(mock.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${OLD_TOKEN}`, `Bearer ${NEW_TOKEN}`]);
    expect(mock.requests.map((r) => r.headers["chatgpt-account-id"])).toEqual(["acct-ext", "acct-new"]);
    expect(mock.requests[1]!.body).toEqual(mock.requests[0]!.body);

    // Nothing duplicated, no retry announced: one user message, one agent message, no `error`.
    const stream = turnStream(server, threadId, done.turn.id);
    expect(stream.filter((m) => m.method === "error")).toEqual([]);
    const started = stream.filter((m) => m.method === "item/started").map((m) => (m.params as any).item.type);
    expect(started).toEqual(["userMessage", "agentMessage"]);
    const deltas = stream.filter((m) => m.method === "item/agentMessage/delta").map((m) => (m.params as any).delta);
    expect(deltas.join("")).toBe("Hello again.");

    // The refreshed token is current now: the next turn needs no refresh.
    const second = await runTurn(server, threadId, text("again"));
    expect(second.turn.status).toBe("completed");
    expect(refreshRequests(server)).toHaveLength(1);
    expect(mock.requests).toHaveLength(3);
    expect(mock.requests[2]!.headers.authorization).toBe(`Bearer ${NEW_TOKEN}`);
    expect(server.stderr).not.toContain(OLD_TOKEN);
    expect(server.stderr).not.toContain(NEW_TOKEN);
  });

  it("a refresh answered with a JSON-RPC error fails the turn `unauthorized` without a second request", async () => {
    mock.defaultReply = acceptOnly(NEW_TOKEN);
    const server = await openaiServer(home());
    server.onServerRequest(() => {
      throw new Error("cannot refresh");
    });
    await loginExternal(server);
    const threadId = await startThread(server);
    const done = await runTurn(server, threadId, text("hi"));

    expect(done.turn.status).toBe("failed");
    expect(done.turn.error.codexErrorInfo).toBe("unauthorized");
    expect(done.turn.error.message).toMatch(
      /^The model endpoint rejected the ChatGPT access token \(401 Unauthorized\) and refreshing it failed: the client did not refresh the ChatGPT tokens \(.*cannot refresh.*\)$/,
    );
    expect(done.turn.error.additionalDetails).toBe("unexpected status 401 Unauthorized: Incorrect API key provided.");
    expect(refreshRequests(server)).toHaveLength(1);
    expect(mock.requests).toHaveLength(1);
    const errors = turnStream(server, threadId, done.turn.id).filter((m) => m.method === "error");
    expect(errors.map((m) => (m.params as any).willRetry)).toEqual([false]);
    expectNoSecrets(server, done, [OLD_TOKEN]);
  });

  it("a 401 after the refresh fails the turn `unauthorized` after exactly one refresh", async () => {
    mock.defaultReply = { type: "error", status: 401, body: ERROR_BODIES.unauthorized };
    const server = await openaiServer(home());
    server.onServerRequest(() => ({ accessToken: NEW_TOKEN, chatgptAccountId: "acct-new" }));
    await loginExternal(server);
    const threadId = await startThread(server);
    const done = await runTurn(server, threadId, text("hi"));

    expect(done.turn.status).toBe("failed");
    expect(done.turn.error.codexErrorInfo).toBe("unauthorized");
    expect(done.turn.error.message).toBe(
      "The model endpoint rejected the refreshed ChatGPT access token too (401 Unauthorized); sign in again",
    );
    expect(refreshRequests(server)).toHaveLength(1);
    expect(mock.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${OLD_TOKEN}`, `Bearer ${NEW_TOKEN}`]);
    expect(server.stderr).not.toContain(NEW_TOKEN);
  });

  it("a client that never answers: the turn fails after backend_timeouts.client_token_refresh_ms", async () => {
    mock.defaultReply = acceptOnly(NEW_TOKEN);
    const server = await openaiServer(home(), ["-c", "backend_timeouts.client_token_refresh_ms=300"]);
    server.onServerRequest(() => new Promise(() => undefined));
    await loginExternal(server);
    const threadId = await startThread(server);
    const done = await runTurn(server, threadId, text("hi"));
    expect(done.turn.status).toBe("failed");
    expect(done.turn.error.codexErrorInfo).toBe("unauthorized");
    expect(done.turn.error.message).toMatch(/refreshing it failed: the client did not refresh the ChatGPT tokens \(no answer in time\)$/);
    expect(mock.requests).toHaveLength(1);
  });

  it("turn/interrupt while waiting for the client's refresh ends the turn interrupted", async () => {
    mock.defaultReply = acceptOnly(NEW_TOKEN);
    const server = await openaiServer(home());
    server.onServerRequest(() => new Promise(() => undefined));
    await loginExternal(server);
    const threadId = await startThread(server);
    const { turn } = await server.call("turn/start", { threadId, input: text("hi") });
    await server.waitFor((m) => m.method === "account/chatgptAuthTokens/refresh");
    await server.call("turn/interrupt", { threadId, turnId: turn.id });
    const done = await server.waitForNotification("turn/completed", (p) => p.turn.id === turn.id);
    expect(done.turn.status).toBe("interrupted");
    expect(mock.requests).toHaveLength(1);
  });
});

describe("model 401 with auth.json ChatGPT tokens", () => {
  let tokenEndpoint: BackendMock;
  beforeEach(async () => {
    tokenEndpoint = await new BackendMock().start();
  });
  afterEach(async () => {
    await tokenEndpoint.close();
  });

  it("refreshes through the token endpoint, retries once and saves the new tokens", async () => {
    tokenEndpoint.route("POST /oauth/token", { body: { access_token: NEW_TOKEN, refresh_token: "refresh-token-2" } });
    mock.defaultReply = acceptOnly(NEW_TOKEN);
    // An opaque access token is never refreshed proactively: only the 401 triggers the refresh.
    const codexHome = home(chatgptAuthJson({ accessToken: "old-opaque-token", accountId: "acct-file" }));
    const server = await openaiServer(codexHome, [], { CODEX_REFRESH_TOKEN_URL_OVERRIDE: tokenEndpoint.url("/oauth/token") });
    const threadId = await startThread(server);
    const done = await runTurn(server, threadId, text("hi"));

    expect(done.turn.status).toBe("completed");
    const refreshes = tokenEndpoint.requestsTo("/oauth/token", "POST");
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]!.json).toEqual({
      client_id: "app_EMoamEEZ73f0CkXaXp7hrann",
      grant_type: "refresh_token",
      refresh_reason: "unauthorized",
      refresh_token: "refresh-token-1",
    });
    expect(mock.requests.map((r) => r.headers.authorization)).toEqual(["Bearer old-opaque-token", `Bearer ${NEW_TOKEN}`]);
    expect(mock.requests.map((r) => r.path)).toEqual(["/backend-api/codex/responses", "/backend-api/codex/responses"]);
    expect(mock.requests.map((r) => r.headers["chatgpt-account-id"])).toEqual(["acct-file", "acct-file"]);
    const saved = JSON.parse(readFileSync(path.join(codexHome, "auth.json"), "utf8"));
    expect(saved.tokens.access_token).toBe(NEW_TOKEN);
    expect(saved.tokens.refresh_token).toBe("refresh-token-2");
    expect(refreshRequests(server)).toEqual([]);
    expectNoSecrets(server, done, ["old-opaque-token", NEW_TOKEN, "refresh-token-1", "refresh-token-2"]);
  });

  it("a failed token refresh fails the turn `unauthorized` after one request", async () => {
    tokenEndpoint.route("POST /oauth/token", { status: 400, body: { error: "invalid_grant" } });
    mock.defaultReply = acceptOnly(NEW_TOKEN);
    const codexHome = home(chatgptAuthJson({ accessToken: "old-opaque-token" }));
    const before = readFileSync(path.join(codexHome, "auth.json"), "utf8");
    const server = await openaiServer(codexHome, [], { CODEX_REFRESH_TOKEN_URL_OVERRIDE: tokenEndpoint.url("/oauth/token") });
    const threadId = await startThread(server);
    const done = await runTurn(server, threadId, text("hi"));

    expect(done.turn.status).toBe("failed");
    expect(done.turn.error.codexErrorInfo).toBe("unauthorized");
    expect(done.turn.error.message).toMatch(/refreshing it failed: token refresh failed: POST .*\/oauth\/token answered 400 Bad Request$/);
    expect(tokenEndpoint.requestsTo("/oauth/token")).toHaveLength(1);
    expect(mock.requests).toHaveLength(1);
    expect(readFileSync(path.join(codexHome, "auth.json"), "utf8")).toBe(before);
    expectNoSecrets(server, done, ["old-opaque-token", "refresh-token-1"]);
  });
});

describe("model 401 with an API key", () => {
  it("is not retried and asks nobody for new tokens", async () => {
    mock.defaultReply = { type: "error", status: 401, body: ERROR_BODIES.unauthorized };
    const server = await openaiServer(
      home({ auth_mode: "apikey", OPENAI_API_KEY: "sk-login-key", tokens: null, last_refresh: null }),
      ["-c", `openai_base_url="${mock.url}"`],
    );
    const threadId = await startThread(server);
    const done = await runTurn(server, threadId, text("hi"));
    expect(done.turn.status).toBe("failed");
    expect(done.turn.error.codexErrorInfo).toBe("unauthorized");
    expect(done.turn.error.message).toBe("unexpected status 401 Unauthorized: Incorrect API key provided.");
    expect(mock.requests).toHaveLength(1);
    expect(mock.requests[0]!.path).toBe("/v1/responses");
    expect(refreshRequests(server)).toEqual([]);
  });
});
