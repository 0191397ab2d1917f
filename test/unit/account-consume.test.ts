/**
 * `account/rateLimitResetCredit/consume` through an in-process server against a
 * loopback ChatGPT backend: outcomes, the reference's errors, and our
 * additions (retries with the same redeem_request_id, single-flight).
 */
import { describe, expect, it, vi } from "vitest";
import { useInProcessBackendMock } from "../helpers/backend-in-process.js";
import { chatgptAuthJson, fixture } from "../helpers/backend-mock.js";

const CONSUME = "/backend-api/wham/rate-limit-reset-credits/consume";
/** Fast retries for tests. */
const FAST = ["backend_retry.base_delay_ms=40", "backend_retry.max_delay_ms=100"];

// Real HTTP round trips with retries and timeouts: generous limits for loaded CI machines.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

const backend = useInProcessBackendMock({ auth: chatgptAuthJson(), config: FAST });
const { spawn: start } = backend;

function posts() {
  return backend.mock.requestsTo(CONSUME, "POST");
}

describe("outcomes and request shape", () => {
  it.each([
    ["reset", "reset"],
    ["nothing_to_reset", "nothingToReset"],
    ["no_credit", "noCredit"],
    ["already_redeemed", "alreadyRedeemed"],
  ])("backend code %s → outcome %s", async (code, outcome) => {
    backend.mock.route(`POST ${CONSUME}`, { body: fixture(`consume-${code}.json`) });
    const server = await start();
    const init = server.received.find((r) => r.requestMethod === "initialize")!.message.result as { userAgent: string };
    expect(await server.call("account/rateLimitResetCredit/consume", { idempotencyKey: `key-${code}` })).toEqual({ outcome });
    expect(posts()).toHaveLength(1);
    const [post] = posts();
    expect(post!.body).toBe(`{"redeem_request_id":"key-${code}"}`);
    expect(post!.headers["content-type"]).toBe("application/json");
    expect(post!.headers.authorization).toBe("Bearer chatgpt-token");
    expect(post!.headers["chatgpt-account-id"]).toBe("acct-mock-123");
    expect(post!.headers["user-agent"]).toBe(init.userAgent);
    expect(post!.headers.accept).toBe("*/*");
  });

  it("forwards creditId, treats null as omitted, and keys byte-for-byte", async () => {
    backend.mock.route(`POST ${CONSUME}`, { status: 201, body: fixture("consume-reset.json") });
    const server = await start();
    const longKey = "k".repeat(600);
    await server.call("account/rateLimitResetCredit/consume", { idempotencyKey: "request-selected", creditId: "credit-123" });
    await server.call("account/rateLimitResetCredit/consume", { idempotencyKey: "k-null", creditId: null });
    await server.call("account/rateLimitResetCredit/consume", { idempotencyKey: " ", creditId: " ", extra: true });
    await server.call("account/rateLimitResetCredit/consume", { idempotencyKey: longKey });
    expect(posts().map((p) => p.body)).toEqual([
      '{"redeem_request_id":"request-selected","credit_id":"credit-123"}',
      '{"redeem_request_id":"k-null"}',
      '{"redeem_request_id":" ","credit_id":" "}',
      JSON.stringify({ redeem_request_id: longKey }),
    ]);
  });

  it("sends the same key twice as two identical POSTs (no local idempotency state)", async () => {
    backend.mock.route(`POST ${CONSUME}`, [{ body: fixture("consume-reset.json") }, { body: fixture("consume-already_redeemed.json") }]);
    const server = await start();
    expect(await server.call("account/rateLimitResetCredit/consume", { idempotencyKey: "k1" })).toEqual({ outcome: "reset" });
    expect(await server.call("account/rateLimitResetCredit/consume", { idempotencyKey: "k1" })).toEqual({
      outcome: "alreadyRedeemed",
    });
    expect(posts().map((p) => p.body)).toEqual(['{"redeem_request_id":"k1"}', '{"redeem_request_id":"k1"}']);
  });

  it("uses /api/codex/... paths for other bases", async () => {
    backend.mock.route("POST /api/codex/rate-limit-reset-credits/consume", { body: { code: "reset" } });
    const server = await start({ basePath: "" });
    expect(await server.call("account/rateLimitResetCredit/consume", { idempotencyKey: "k" })).toEqual({ outcome: "reset" });
  });
});

describe("validation and auth errors (reference texts)", () => {
  it("param shape, empty values and auth", async () => {
    const server = await start();
    expect(await server.callError("account/rateLimitResetCredit/consume")).toEqual({
      code: -32600,
      message: "Invalid request: missing field `params`",
    });
    expect(await server.callError("account/rateLimitResetCredit/consume", {})).toEqual({
      code: -32600,
      message: "Invalid request: missing field `idempotencyKey`",
    });
    const wrongType = await server.callError("account/rateLimitResetCredit/consume", { idempotencyKey: 5 });
    expect(wrongType.code).toBe(-32600);
    expect(wrongType.message).toMatch(/^Invalid request: invalid type: integer `5`, expected a string/);
    expect(await server.callError("account/rateLimitResetCredit/consume", { idempotencyKey: "" })).toEqual({
      code: -32600,
      message: "idempotencyKey must not be empty",
    });
    expect(await server.callError("account/rateLimitResetCredit/consume", { idempotencyKey: "k", creditId: "" })).toEqual({
      code: -32600,
      message: "creditId must not be empty",
    });
    expect(posts()).toHaveLength(0);
  });

  it("not signed in / API key", async () => {
    const signedOut = await start({ auth: undefined });
    expect(await signedOut.callError("account/rateLimitResetCredit/consume", { idempotencyKey: "k" })).toEqual({
      code: -32600,
      message: "codex account authentication required for rate limit reset credits",
    });
    // Validation comes before auth.
    expect(await signedOut.callError("account/rateLimitResetCredit/consume", { idempotencyKey: "" })).toEqual({
      code: -32600,
      message: "idempotencyKey must not be empty",
    });
    const apiKey = await start({ auth: undefined });
    await apiKey.call("account/login/start", { type: "apiKey", apiKey: "sk-test" });
    expect(await apiKey.callError("account/rateLimitResetCredit/consume", { idempotencyKey: "k" })).toEqual({
      code: -32600,
      message: "chatgpt authentication required for rate limit reset credits",
    });
    expect(posts()).toHaveLength(0);
  });

  it("consumes without a local account id (no chatgpt-account-id header)", async () => {
    backend.mock.route(`POST ${CONSUME}`, { body: { code: "reset" } });
    const server = await start({ auth: chatgptAuthJson({ accountId: null }) });
    expect(await server.call("account/rateLimitResetCredit/consume", { idempotencyKey: "k" })).toEqual({ outcome: "reset" });
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.headers["chatgpt-account-id"]).toBeUndefined();
  });
});

describe("backend failures", () => {
  it.each([
    [{ code: "something_new" }, "unknown variant `something_new`, expected one of `reset`, `nothing_to_reset`, `no_credit`, `already_redeemed`"],
    [{ code: "RESET" }, "unknown variant `RESET`"],
    [{ windows_reset: 1 }, "missing field `code`"],
    [{ code: "reset", windows_reset: null }, "windows_reset"],
    ["not json", "invalid JSON"],
  ])("decode failure %j → -32603 naming it, one POST", async (body, fragment) => {
    backend.mock.route(`POST ${CONSUME}`, { body });
    const server = await start();
    const error = await server.callError("account/rateLimitResetCredit/consume", { idempotencyKey: "k" });
    expect(error.code).toBe(-32603);
    expect(error.message).toMatch(/^failed to consume rate limit reset: Decode error for http:\/\/127\.0\.0\.1:\d+\/backend-api\/wham\/rate-limit-reset-credits\/consume: /);
    expect(error.message).toContain(fragment);
    expect(error.message).toContain("; content-type=");
    expect(posts()).toHaveLength(1);
  });

  it.each([
    [400, "400 Bad Request"],
    [401, "401 Unauthorized"],
    [403, "403 Forbidden"],
    [409, "409 Conflict"],
  ])("HTTP %i is never retried", async (status, line) => {
    backend.mock.route(`POST ${CONSUME}`, { status, body: "nope" });
    const server = await start();
    const error = await server.callError("account/rateLimitResetCredit/consume", { idempotencyKey: "k" });
    expect(error.code).toBe(-32603);
    expect(error.message).toMatch(
      new RegExp(`^failed to consume rate limit reset: POST http://127\\.0\\.0\\.1:\\d+${CONSUME.replace(/\//g, "\\/")} failed: ${line}; content-type=; body=nope$`),
    );
    expect(posts()).toHaveLength(1);
  });
});

describe("retries with the same redeem_request_id (beyond the reference)", () => {
  it("503 then 200: exactly two POSTs with identical bodies", async () => {
    backend.mock.route(`POST ${CONSUME}`, [{ status: 503, body: "busy" }, { body: fixture("consume-reset.json") }]);
    const server = await start();
    expect(await server.call("account/rateLimitResetCredit/consume", { idempotencyKey: "k-retry", creditId: "credit-1" })).toEqual({
      outcome: "reset",
    });
    expect(posts()).toHaveLength(2);
    expect(posts()[0]!.body).toBe('{"redeem_request_id":"k-retry","credit_id":"credit-1"}');
    expect(posts()[1]!.body).toBe(posts()[0]!.body);
  });

  it("network drop then success", async () => {
    backend.mock.route(`POST ${CONSUME}`, [{ drop: true }, { body: { code: "already_redeemed" } }]);
    const server = await start();
    expect(await server.call("account/rateLimitResetCredit/consume", { idempotencyKey: "k" })).toEqual({ outcome: "alreadyRedeemed" });
    expect(posts()).toHaveLength(2);
  });

  it("429 honours retry-after", async () => {
    backend.mock.route(`POST ${CONSUME}`, [{ status: 429, headers: { "retry-after": "1" }, body: "later" }, { body: { code: "reset" } }]);
    const server = await start();
    expect(await server.call("account/rateLimitResetCredit/consume", { idempotencyKey: "k" })).toEqual({ outcome: "reset" });
    const [first, second] = posts();
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    expect(second!.body).toBe(first!.body);
  });

  it("gives up after three attempts with the last error", async () => {
    backend.mock.route(`POST ${CONSUME}`, { status: 500, body: "boom" });
    const server = await start();
    const error = await server.callError("account/rateLimitResetCredit/consume", { idempotencyKey: "k" });
    expect(error.code).toBe(-32603);
    expect(error.message).toMatch(/^failed to consume rate limit reset: POST .* failed: 500 Internal Server Error; content-type=; body=boom$/);
    expect(posts()).toHaveLength(3);
    expect(new Set(posts().map((p) => p.body)).size).toBe(1);
  });

  it("does not wait for a retry-after beyond the total budget", async () => {
    backend.mock.route(`POST ${CONSUME}`, { status: 429, headers: { "retry-after": "120" }, body: "later" });
    const server = await start();
    const started = Date.now();
    const error = await server.callError("account/rateLimitResetCredit/consume", { idempotencyKey: "k" });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(error.message).toContain("429 Too Many Requests");
    expect(posts()).toHaveLength(1);
  });

  it("times out per attempt and in total: `rate limit reset consume timed out`", async () => {
    backend.mock.route(`POST ${CONSUME}`, { hang: true });
    const server = await start({
      config: [...FAST, "backend_timeouts.consume_attempt_ms=250", "backend_timeouts.consume_total_ms=2000"],
    });
    const started = Date.now();
    const error = await server.callError("account/rateLimitResetCredit/consume", { idempotencyKey: "k-slow" });
    const elapsed = Date.now() - started;
    expect(error).toEqual({ code: -32603, message: "rate limit reset consume timed out" });
    expect(posts()).toHaveLength(3);
    expect(new Set(posts().map((p) => p.body))).toEqual(new Set(['{"redeem_request_id":"k-slow"}']));
    expect(elapsed).toBeGreaterThanOrEqual(700);
    expect(elapsed).toBeLessThan(20_000);
  });

  it("the total budget caps attempts", async () => {
    backend.mock.route(`POST ${CONSUME}`, { hang: true });
    const server = await start({
      config: [...FAST, "backend_timeouts.consume_attempt_ms=400", "backend_timeouts.consume_total_ms=600"],
    });
    const started = Date.now();
    const error = await server.callError("account/rateLimitResetCredit/consume", { idempotencyKey: "k" });
    expect(error.message).toBe("rate limit reset consume timed out");
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(posts().length).toBeLessThanOrEqual(2);
  });

  it("a hanging consume does not block other account requests", async () => {
    backend.mock.route(`POST ${CONSUME}`, { hang: true });
    const server = await start({ config: ["backend_timeouts.consume_attempt_ms=60000", "backend_retry.consume_max_attempts=1"] });
    let settled = false;
    const pending = server
      .callError("account/rateLimitResetCredit/consume", { idempotencyKey: "k" })
      .finally(() => (settled = true));
    while (posts().length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await server.call("account/read", {})).toMatchObject({ account: { type: "chatgpt" } });
    expect(settled).toBe(false);
    backend.mock.dropConnections();
    expect((await pending).message).toMatch(/^failed to consume rate limit reset: error sending request for url/);
  });
});

describe("single-flight (beyond the reference)", () => {
  it("concurrent consumes with the same key share one POST", async () => {
    backend.mock.route(`POST ${CONSUME}`, { body: { code: "reset" }, delayMs: 1500 });
    const server = await start();
    const results = await Promise.all([
      server.call("account/rateLimitResetCredit/consume", { idempotencyKey: "shared", creditId: "credit-1" }),
      server.call("account/rateLimitResetCredit/consume", { idempotencyKey: "shared", creditId: "credit-1" }),
      server.call("account/rateLimitResetCredit/consume", { idempotencyKey: "shared", creditId: "credit-1" }),
    ]);
    expect(results).toEqual([{ outcome: "reset" }, { outcome: "reset" }, { outcome: "reset" }]);
    expect(posts()).toHaveLength(1);
  });

  it("different keys or credits are separate; a finished consume is not reused", async () => {
    backend.mock.route(`POST ${CONSUME}`, { body: { code: "reset" }, delayMs: 200 });
    const server = await start();
    await Promise.all([
      server.call("account/rateLimitResetCredit/consume", { idempotencyKey: "a" }),
      server.call("account/rateLimitResetCredit/consume", { idempotencyKey: "a", creditId: "credit-1" }),
      server.call("account/rateLimitResetCredit/consume", { idempotencyKey: "b" }),
    ]);
    expect(posts()).toHaveLength(3);
    await server.call("account/rateLimitResetCredit/consume", { idempotencyKey: "a" });
    expect(posts()).toHaveLength(4);
  });

  it("shares failures too", async () => {
    backend.mock.route(`POST ${CONSUME}`, { status: 409, body: "conflict", delayMs: 1500 });
    const server = await start();
    const errors = await Promise.all([
      server.callError("account/rateLimitResetCredit/consume", { idempotencyKey: "x" }),
      server.callError("account/rateLimitResetCredit/consume", { idempotencyKey: "x" }),
    ]);
    expect(errors[0]).toEqual(errors[1]);
    expect(errors[0]!.message).toContain("409 Conflict");
    expect(posts()).toHaveLength(1);
  });
});
