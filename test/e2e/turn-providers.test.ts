import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockResponses, type MockResponsesServer } from "../helpers/mock-responses.js";
import { ServerProcess } from "../helpers/server-process.js";
import { startTlsGateway } from "../helpers/tls-gateway.js";
import { MODEL, runTurn, startThread, startTurnServer, text } from "../helpers/turns.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.sig`;
}

function homeWithAuth(auth: unknown): string {
  const home = mkdtempSync(path.join(os.tmpdir(), "aas-provider-home-"));
  writeFileSync(path.join(home, "auth.json"), JSON.stringify(auth), { mode: 0o600 });
  return home;
}

async function openaiServer(codexHome: string, args: string[], env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = new ServerProcess({
    codexHome,
    args: ["app-server", "-c", `model="${MODEL}"`, "-c", 'model_provider="openai"', ...args],
    // HTTP + SSE here; the WebSocket transport has its own suite (model-websocket.test.ts).
    env: { OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined, AGENT_APP_SERVER_MODEL_WEBSOCKETS: "0", ...env },
  });
  await server.initialize();
  return server;
}

describe("model providers", () => {
  it("built-in openai with an API key login: openai_base_url, Bearer key", async () => {
    const codexHome = homeWithAuth({ auth_mode: "apikey", OPENAI_API_KEY: "sk-login-key", tokens: null, last_refresh: null });
    const server = await openaiServer(codexHome, ["-c", `openai_base_url="${mock.url}"`]);
    const threadId = await startThread(server);
    const done = await runTurn(server, threadId, text("hi"));
    expect(done.turn.status).toBe("completed");
    expect(mock.requests[0]!.path).toBe("/v1/responses");
    expect(mock.requests[0]!.headers.authorization).toBe("Bearer sk-login-key");
    expect(mock.requests[0]!.headers["chatgpt-account-id"]).toBeUndefined();
  });

  it("built-in openai with ChatGPT tokens: chatgpt_base_url + /codex and the account header", async () => {
    const accessToken = jwt({ exp: Math.floor(Date.now() / 1000) + 3600, "https://api.openai.com/auth": { chatgpt_account_id: "acct-1" } });
    const codexHome = homeWithAuth({
      auth_mode: "chatgpt",
      OPENAI_API_KEY: null,
      tokens: { id_token: jwt({ email: "dev@example.com" }), access_token: accessToken, refresh_token: "rt", account_id: "acct-1" },
      last_refresh: new Date().toISOString(),
    });
    // ChatGPT model traffic goes only to an https origin: the mock behind a TLS gateway that allows it (NO_CONSTRAINT).
    const gateway = await startTlsGateway(mock.url);
    try {
      const server = await openaiServer(
        codexHome,
        ["-c", `chatgpt_base_url="${gateway.url("/backend-api")}"`],
        gateway.env,
      );
      const threadId = await startThread(server);
      const done = await runTurn(server, threadId, text("hi"));
      expect(done.turn.status).toBe("completed");
      const request = mock.requests[0]!;
      expect(request.path).toBe("/backend-api/codex/responses");
      expect(request.headers.authorization).toBe(`Bearer ${accessToken}`);
      expect(request.headers["chatgpt-account-id"]).toBe("acct-1");
      expect(gateway.accountsChecks.map((headers) => headers["chatgpt-account-id"])).toEqual(["acct-1"]);
    } finally {
      await gateway.close();
    }
  });

  it("not signed in: the turn fails as unauthorized without calling the model", async () => {
    const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-provider-home-"));
    const server = await openaiServer(codexHome, ["-c", `openai_base_url="${mock.url}"`]);
    const threadId = await startThread(server);
    const done = await runTurn(server, threadId, text("hi"));
    expect(done.turn.status).toBe("failed");
    expect(done.turn.error.codexErrorInfo).toBe("unauthorized");
    expect(mock.requests).toHaveLength(0);
  });

  it("custom provider: http_headers, env_http_headers and query_params reach the model request", async () => {
    const server = await startTurnServer(mock, {
      args: [
        "-c",
        'model_providers.mock.http_headers={ "x-team" = "tools" }',
        "-c",
        'model_providers.mock.env_http_headers={ "x-trace" = "TRACE_ID" }',
        "-c",
        'model_providers.mock.query_params={ "api-version" = "2025-04-01" }',
      ],
      env: { TRACE_ID: "trace-42" },
    });
    const threadId = await startThread(server);
    await runTurn(server, threadId, text("hi"));
    const request = mock.requests[0]!;
    expect(request.headers["x-team"]).toBe("tools");
    expect(request.headers["x-trace"]).toBe("trace-42");
    expect(request.query).toEqual({ "api-version": "2025-04-01" });
    expect(request.headers.authorization).toBe("Bearer mock-key");
  });
});
