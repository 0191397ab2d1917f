/**
 * The backend HTTP client against a real loopback HTTP server (node:http):
 * URLs and headers for both path styles, typed errors, bounded timeouts.
 */
import net from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BackendClient, type BackendCredentials } from "../../src/backend/client.js";
import { BackendError } from "../../src/backend/errors.js";
import { BackendMock, fixture } from "../helpers/backend-mock.js";

const UA = "t/0.169.0 (Debian 12.0.0; x86_64) xterm (t; 0)";
const CREDS: BackendCredentials = { accessToken: "chatgpt-token", accountId: "acct-mock-123", isFedramp: false };

let mock: BackendMock;
beforeEach(async () => {
  mock = await new BackendMock().start();
});
afterEach(async () => {
  await mock.close();
});

function client(base: string, credentials: BackendCredentials = CREDS) {
  return new BackendClient({ baseUrl: base, userAgent: UA, credentials });
}

async function failure(promise: Promise<unknown>): Promise<BackendError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(BackendError);
    return error as BackendError;
  }
  throw new Error("expected the call to fail");
}

describe("paths and headers", () => {
  it("ChatGPT API style: /wham/... with the reference's headers", async () => {
    mock
      .route("GET /backend-api/wham/usage", { body: fixture("usage.json") })
      .route("GET /backend-api/wham/rate-limit-reset-credits", { body: fixture("credits.json") })
      .route("POST /backend-api/wham/rate-limit-reset-credits/consume", { body: fixture("consume-reset.json") });
    const c = client(`${mock.url("/backend-api")}//`);
    expect((await c.getUsage({ timeoutMs: 5000, luna: true })).plan_type).toBe("pro");
    expect((await c.getResetCredits({ timeoutMs: 5000 })).available_count).toBe(2);
    expect((await c.consumeResetCredit({ redeemRequestId: "k1" }, { timeoutMs: 5000 })).code).toBe("reset");

    expect(mock.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /backend-api/wham/usage",
      "GET /backend-api/wham/rate-limit-reset-credits",
      "POST /backend-api/wham/rate-limit-reset-credits/consume",
    ]);
    for (const request of mock.requests) {
      expect(request.headers["user-agent"]).toBe(UA);
      expect(request.headers.authorization).toBe("Bearer chatgpt-token");
      expect(request.headers["chatgpt-account-id"]).toBe("acct-mock-123");
      expect(request.headers.accept).toBe("*/*");
      expect(request.headers["x-openai-fedramp"]).toBeUndefined();
      expect(request.headers.originator).toBeUndefined();
      expect(request.headers.cookie).toBeUndefined();
    }
    const [usage, list, consume] = mock.requests;
    expect(usage!.headers["x-openai-codex-luna-reserve"]).toBe("1");
    expect(list!.headers["x-openai-codex-luna-reserve"]).toBeUndefined();
    expect(usage!.headers["content-type"]).toBeUndefined();
    expect(consume!.headers["content-type"]).toBe("application/json");
    expect(consume!.body).toBe('{"redeem_request_id":"k1"}');
  });

  it("Codex API style: /api/codex/... for any other base; credit_id and fedramp", async () => {
    mock
      .route("GET /proxy/api/codex/usage", { body: { plan_type: "plus" } })
      .route("POST /proxy/api/codex/rate-limit-reset-credits/consume", { status: 201, body: { code: "no_credit" } });
    const c = client(mock.url("/proxy/"), { accessToken: "opaque", accountId: null, isFedramp: true });
    await c.getUsage({ timeoutMs: 5000 });
    expect(await c.consumeResetCredit({ redeemRequestId: " ", creditId: "credit-123" }, { timeoutMs: 5000 })).toEqual({
      code: "no_credit",
    });
    const [usage, consume] = mock.requests;
    expect(usage!.path).toBe("/proxy/api/codex/usage");
    expect(usage!.headers["chatgpt-account-id"]).toBeUndefined();
    expect(usage!.headers["x-openai-fedramp"]).toBe("true");
    expect(usage!.headers.authorization).toBe("Bearer opaque");
    expect(consume!.path).toBe("/proxy/api/codex/rate-limit-reset-credits/consume");
    expect(consume!.body).toBe('{"redeem_request_id":" ","credit_id":"credit-123"}');
  });
});

describe("typed errors", () => {
  it("HTTP status: method, url, status line, content-type and a bounded body excerpt", async () => {
    mock.route("GET /backend-api/wham/usage", { status: 500, headers: { "content-type": "text/plain" }, body: "boom" });
    const c = client(mock.url());
    const error = await failure(c.getUsage({ timeoutMs: 5000 }));
    expect(error.kind).toBe("http");
    expect(error.status).toBe(500);
    expect(error.transient).toBe(true);
    expect(error.message).toBe(
      `GET ${mock.url()}/wham/usage failed: 500 Internal Server Error; content-type=text/plain; body=boom`,
    );

    mock.route("GET /backend-api/wham/usage", { status: 409, body: "x".repeat(50_000) });
    const long = await failure(c.getUsage({ timeoutMs: 5000 }));
    expect(long.transient).toBe(false);
    expect(long.message.length).toBeLessThan(2_300);
    expect(long.message).toContain("409 Conflict; content-type=;");
  });

  it("401 is `unauthenticated`; 429 carries retry-after", async () => {
    mock.route("GET /backend-api/wham/usage", [
      { status: 401, body: { error: "expired" } },
      { status: 429, headers: { "retry-after": "2" }, body: "slow down" },
    ]);
    const c = client(mock.url());
    const unauthorized = await failure(c.getUsage({ timeoutMs: 5000 }));
    expect(unauthorized.kind).toBe("unauthenticated");
    expect(unauthorized.message).toContain("failed: 401 Unauthorized; content-type=application/json");
    const limited = await failure(c.getUsage({ timeoutMs: 5000 }));
    expect(limited.kind).toBe("http");
    expect(limited.details.retryAfterMs).toBe(2000);
    expect(limited.transient).toBe(true);
  });

  it("decode: wrong types name the path; 204 empty body fails", async () => {
    mock.route("GET /backend-api/wham/usage", [
      { body: { plan_type: "pro", rate_limit: { allowed: "yes", limit_reached: false } } },
      { status: 204 },
    ]);
    const c = client(mock.url());
    const wrong = await failure(c.getUsage({ timeoutMs: 5000 }));
    expect(wrong.kind).toBe("decode");
    expect(wrong.message).toMatch(/^Decode error for http:\/\/127\.0\.0\.1:\d+\/backend-api\/wham\/usage: /);
    expect(wrong.message).toContain("rate_limit.allowed");
    const empty = await failure(c.getUsage({ timeoutMs: 5000 }));
    expect(empty.kind).toBe("decode");
  });

  it("timeout: a backend that never answers fails after the configured time", async () => {
    mock.route("GET /backend-api/wham/usage", { hang: true });
    const started = Date.now();
    const error = await failure(client(mock.url()).getUsage({ timeoutMs: 300 }));
    const elapsed = Date.now() - started;
    expect(error.kind).toBe("timeout");
    expect(error.transient).toBe(true);
    expect(error.message).toBe(`request timed out after 300 ms for url (${mock.url()}/wham/usage)`);
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(15_000);
  });

  it("timeout also covers a body that stalls after the headers", async () => {
    mock.route("GET /backend-api/wham/usage", { stallBody: true });
    const error = await failure(client(mock.url()).getUsage({ timeoutMs: 200 }));
    expect(error.kind).toBe("timeout");
  });

  it("network: dropped connections and refused ports", async () => {
    mock.route("GET /backend-api/wham/usage", { drop: true });
    const dropped = await failure(client(mock.url()).getUsage({ timeoutMs: 5000 }));
    expect(dropped.kind).toBe("network");
    expect(dropped.message).toBe(`error sending request for url (${mock.url()}/wham/usage)`);

    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (probe.address() as net.AddressInfo).port;
        probe.close(() => resolve(p));
      });
    });
    const refused = await failure(client(`http://127.0.0.1:${port}/backend-api`).getUsage({ timeoutMs: 5000 }));
    expect(refused.kind).toBe("network");
  });

  it("caller cancellation is `aborted`, not a timeout", async () => {
    mock.route("GET /backend-api/wham/usage", { hang: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await failure(client(mock.url()).getUsage({ timeoutMs: 10_000, signal: controller.signal }));
    expect(error.kind).toBe("aborted");
  });
});
