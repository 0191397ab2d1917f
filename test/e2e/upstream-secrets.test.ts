/**
 * Upstream bodies never carry secrets out: a loopback upstream that echoes
 * the request's `Authorization` header, the bare token, every request header
 * and the request body into its error answers stands in for the model
 * endpoint, the ChatGPT backend and the OAuth token endpoint. The server runs
 * at LOG_LEVEL=trace; no credential may appear in anything the client
 * received, on stderr, in the log file or in the bytes of any file the server
 * wrote under CODEX_HOME (the SQLite database and its WAL included).
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ServerProcess } from "../helpers/server-process.js";
import { startTlsGateway, type TlsGateway } from "../helpers/tls-gateway.js";
import { MODEL, runTurn, startThread, text } from "../helpers/turns.js";

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const REDACTED = "[REDACTED]";

type Shape = "json" | "text";

interface EchoMode {
  status: number;
  shape: Shape;
}

/** node:http upstream answering every request with `mode`, quoting back what it was sent. */
class EchoUpstream {
  mode: EchoMode = { status: 401, shape: "json" };
  readonly paths: string[] = [];
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      this.paths.push(`${req.method} ${req.url}`);
      const body = Buffer.concat(chunks).toString("utf8");
      const authorization = req.headers.authorization ?? "";
      const bare = authorization.replace(/^bearer\s+/i, "");
      const headers = JSON.stringify(req.headers);
      const { status, shape } = this.mode;
      // The SDK must not retry: its backoff would only slow the test down.
      const common = { "x-should-retry": "false" };
      if (shape === "json") {
        const message = `rejected token ${bare} (Authorization: ${authorization}); headers ${headers}; body ${body}`;
        res.writeHead(status, { ...common, "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message, type: "invalid_request_error", code: null, headers: req.headers, body } }));
      } else {
        res.writeHead(status, { ...common, "content-type": "text/plain" });
        res.end(`authorization: ${authorization}\ntoken: ${bare}\nheaders: ${headers}\nbody: ${body}\n`);
      }
    });
  });

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return this;
  }

  url(suffix: string): string {
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}${suffix}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let upstream: EchoUpstream;
/** ChatGPT model traffic goes only to an https origin: the upstream behind a TLS gateway that allows it (NO_CONSTRAINT). */
let gateway: TlsGateway;
beforeAll(async () => {
  upstream = await new EchoUpstream().start();
  gateway = await startTlsGateway(upstream.url(""));
});
afterAll(async () => {
  await gateway.close();
  await upstream.close();
});

/** A unique, unguessable marker: no pattern rule knows its shape, only registration can find it. */
function unique(prefix: string): string {
  return `${prefix}-${randomBytes(16).toString("hex")}`;
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** An unsigned JWT with a unique signature (so its tail is a fragment nothing else contains). */
function jwt(payload: Record<string, unknown>): string {
  return `${b64url({ alg: "none", typ: "JWT" })}.${b64url(payload)}.${randomBytes(24).toString("base64url")}`;
}

function chatgptClaims(extra: Record<string, unknown> = {}) {
  return {
    email: "secrets@example.com",
    "https://api.openai.com/auth": { chatgpt_plan_type: "plus", chatgpt_user_id: "user-secrets", chatgpt_account_id: "acct-secrets" },
    ...extra,
  };
}

interface TracedServer {
  server: ServerProcess;
  /** `--log-file`, or null when the logs go to stderr. */
  logFile: string | null;
}

/** A server at LOG_LEVEL=trace logging to a file (or stderr), initialized. */
async function spawnTraced(options: { args: string[]; env?: Record<string, string | undefined>; auth?: unknown; logTo: "file" | "stderr" }): Promise<TracedServer> {
  const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-secrets-home-"));
  if (options.auth !== undefined) writeFileSync(path.join(codexHome, "auth.json"), JSON.stringify(options.auth), { mode: 0o600 });
  const logFile = options.logTo === "file" ? path.join(mkdtempSync(path.join(os.tmpdir(), "aas-secrets-log-")), "server.log") : null;
  const server = new ServerProcess({
    codexHome,
    args: ["app-server", "-c", `model="${MODEL}"`, ...options.args, ...(logFile ? ["--log-file", logFile] : [])],
    // HTTP + SSE here; the WebSocket transport has its own suite (model-websocket.test.ts).
    env: { LOG_LEVEL: "trace", AGENT_APP_SERVER_MODEL_WEBSOCKETS: "0", OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined, CODEX_REFRESH_TOKEN_URL_OVERRIDE: undefined, ...gateway.env, ...options.env },
  });
  await server.initialize();
  return { server, logFile };
}

/** The built-in `openai` provider with an API key: `openai_base_url`. */
function apiKeyProviderArgs(): string[] {
  return ["-c", 'model_provider="openai"', "-c", `openai_base_url="${upstream.url("/v1")}"`];
}

/** The built-in `openai` provider with ChatGPT tokens: `chatgpt_base_url` + `/codex`. */
function chatgptProviderArgs(): string[] {
  return ["-c", 'model_provider="openai"', "-c", `chatgpt_base_url="${gateway.url("/backend-api")}"`];
}

/** Every file under `dir` except auth.json (which holds the credentials by design), as raw bytes. */
function filesUnder(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) for (const [file, bytes] of filesUnder(full)) files.set(file, bytes);
    else if (!name.startsWith("auth.json")) files.set(full, readFileSync(full));
  }
  return files;
}

/** The whole secret and pieces of it, so that a truncated leak is caught too. */
function fragments(secret: string): string[] {
  const middle = Math.floor(secret.length / 2);
  return [secret, secret.slice(0, 16), secret.slice(middle - 8, middle + 8), secret.slice(-16)];
}

/**
 * Stops the server (so logs and the database are complete), then checks that
 * no piece of any secret is anywhere it wrote. Returns the places for more checks.
 */
async function expectNoSecretsAnywhere(traced: TracedServer, secrets: string[]) {
  const { server, logFile } = traced;
  await server.close();
  await server.stdioClosed;
  const wire = JSON.stringify(server.received.map((r) => r.message));
  const log = logFile && existsSync(logFile) ? readFileSync(logFile, "utf8") : "";
  const stored = filesUnder(server.codexHome);
  expect([...stored.keys()].some((file) => file.endsWith(".sqlite"))).toBe(true);
  for (const secret of secrets) {
    for (const fragment of fragments(secret)) {
      expect(wire, "client-bound messages").not.toContain(fragment);
      expect(server.stderr, "stderr").not.toContain(fragment);
      expect(log, "log file").not.toContain(fragment);
      for (const [file, bytes] of stored) expect(bytes.includes(fragment), `${file} holds a secret`).toBe(false);
    }
  }
  return { wire, log, stderr: server.stderr, stored };
}

/** The logs went where they were sent, at debug/trace detail: the log checks above were not vacuous. */
function expectTraceLogs(places: { log: string; stderr: string }, logFile: string | null) {
  const logs = logFile ? places.log : places.stderr;
  expect(logs.split("\n").filter((line) => line.includes('"level":20')).length).toBeGreaterThan(0);
}

describe("model endpoint errors during a turn", () => {
  const cases = [
    { status: 401, shape: "json" as Shape, logTo: "file" as const },
    { status: 500, shape: "text" as Shape, logTo: "stderr" as const },
    { status: 500, shape: "json" as Shape, logTo: "file" as const },
  ];

  for (const { status, shape, logTo } of cases) {
    it(`API-key login, HTTP ${status} ${shape} body echoing the key (logs to ${logTo})`, async () => {
      upstream.mode = { status, shape };
      const apiKey = unique("opaque-api-key");
      const traced = await spawnTraced({ args: apiKeyProviderArgs(), logTo });
      await traced.server.call("account/login/start", { type: "apiKey", apiKey });
      const threadId = await startThread(traced.server);
      const done = await runTurn(traced.server, threadId, text("hello"));
      expect(done.turn.status).toBe("failed");
      const error = done.turn.error as { message: string; additionalDetails: string | null };
      // The upstream body is still quoted, minus the secret.
      expect(`${error.message} ${error.additionalDetails ?? ""}`).toContain(REDACTED);
      expect(`${error.message} ${error.additionalDetails ?? ""}`).toContain("Bearer [REDACTED]");

      const places = await expectNoSecretsAnywhere(traced, [apiKey]);
      expectTraceLogs(places, traced.logFile);
      // The failed turn's error was stored, scrubbed.
      expect([...places.stored.values()].some((bytes) => bytes.includes(REDACTED))).toBe(true);
    });
  }

  for (const status of [401, 500]) {
    it(`client-supplied chatgptAuthTokens, HTTP ${status} echoing old and refreshed tokens`, async () => {
      upstream.mode = { status, shape: "json" };
      const oldToken = jwt(chatgptClaims({ n: 1 }));
      const newToken = jwt(chatgptClaims({ n: 2 }));
      const traced = await spawnTraced({ args: chatgptProviderArgs(), logTo: "file" });
      traced.server.onServerRequest(() => ({ accessToken: newToken, chatgptAccountId: "acct-secrets", chatgptPlanType: null }));
      await traced.server.call("account/login/start", { type: "chatgptAuthTokens", accessToken: oldToken, chatgptAccountId: "acct-secrets" });
      const threadId = await startThread(traced.server);
      const done = await runTurn(traced.server, threadId, text("hello"));
      expect(done.turn.status).toBe("failed");
      expect(JSON.stringify(done.turn.error)).toContain(REDACTED);
      expect(upstream.paths.at(-1)).toBe("POST /backend-api/codex/responses");

      const places = await expectNoSecretsAnywhere(traced, [oldToken, newToken]);
      expectTraceLogs(places, traced.logFile);
    });
  }
});

describe("ChatGPT backend errors (account/rateLimits/read)", () => {
  it("401, 500 and undecodable 200 bodies echoing the auth.json tokens", async () => {
    const accessToken = unique("opaque-access-token");
    const refreshToken = unique("opaque-refresh-token");
    const idToken = jwt(chatgptClaims());
    const auth = {
      auth_mode: "chatgpt",
      OPENAI_API_KEY: null,
      tokens: { id_token: idToken, access_token: accessToken, refresh_token: refreshToken, account_id: "acct-secrets" },
      last_refresh: "2026-01-01T00:00:00Z",
    };
    const traced = await spawnTraced({
      args: ["-c", `chatgpt_base_url="${upstream.url("/backend-api")}"`],
      auth,
      logTo: "file",
    });
    const errors: string[] = [];
    for (const mode of [
      { status: 401, shape: "json" },
      { status: 500, shape: "text" },
      { status: 200, shape: "text" },
    ] as EchoMode[]) {
      upstream.mode = mode;
      const error = await traced.server.callError("account/rateLimits/read", {});
      expect(error.code).toBe(-32603);
      expect(error.message).toContain(`Bearer ${REDACTED}`);
      expect(error.message).toMatch(/token:? \[REDACTED\]/);
      errors.push(error.message);
    }
    expect(errors[2]).toMatch(/^failed to fetch codex rate limits: Decode error for /);
    expect(upstream.paths).toContain("GET /backend-api/wham/usage");

    const places = await expectNoSecretsAnywhere(traced, [accessToken, refreshToken, idToken]);
    expectTraceLogs(places, traced.logFile);
  });
});

describe("OAuth token endpoint errors (refresh of an expired auth.json login)", () => {
  it("the refresh request's echoed refresh token and the model 401 reach nobody", async () => {
    upstream.mode = { status: 401, shape: "json" };
    const accessToken = jwt(chatgptClaims({ exp: Math.floor(Date.now() / 1000) - 3600 }));
    const refreshToken = unique("opaque-refresh-token");
    const idToken = jwt(chatgptClaims());
    const auth = {
      auth_mode: "chatgpt",
      OPENAI_API_KEY: null,
      tokens: { id_token: idToken, access_token: accessToken, refresh_token: refreshToken, account_id: "acct-secrets" },
      last_refresh: "2026-01-01T00:00:00Z",
    };
    const traced = await spawnTraced({
      args: chatgptProviderArgs(),
      auth,
      env: { CODEX_REFRESH_TOKEN_URL_OVERRIDE: upstream.url("/oauth/token") },
      logTo: "file",
    });
    const threadId = await startThread(traced.server);
    const done = await runTurn(traced.server, threadId, text("hello"));
    expect(done.turn.status).toBe("failed");
    expect(done.turn.error.codexErrorInfo).toBe("unauthorized");
    expect(done.turn.error.message).toMatch(/refreshing it failed: token refresh failed: POST .*\/oauth\/token answered 401 Unauthorized/);
    // Proactive refresh (expired token), the model request, the refresh after its 401.
    expect(upstream.paths.filter((p) => p === "POST /oauth/token").length).toBeGreaterThanOrEqual(2);
    expect(upstream.paths).toContain("POST /backend-api/codex/responses");

    const places = await expectNoSecretsAnywhere(traced, [accessToken, refreshToken, idToken]);
    expectTraceLogs(places, traced.logFile);
  });
});
