import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { v7 as uuidv7 } from "uuid";
import {
  ERROR_BODIES,
  failedResponse,
  startMockResponses,
  textResponse,
  type MockReply,
  type MockResponsesServer,
} from "../helpers/mock-responses.js";
import type { ServerProcess } from "../helpers/server-process.js";
import { runTurn, startThread, startTurnServer, text, turnStream } from "../helpers/turns.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

/** The end of a failed turn: `error` (willRetry false) → status idle → turn/completed failed, with one TurnError. */
function expectFailedEnding(server: ServerProcess, threadId: string, turnId: string, completed: any) {
  const stream = turnStream(server, threadId, turnId).filter((m) => m.method !== "account/rateLimits/updated");
  const tail = stream.slice(-3);
  expect(tail.map((m) => m.method)).toEqual(["error", "thread/status/changed", "turn/completed"]);
  const error = tail[0]!.params as any;
  expect(error).toEqual({ error: completed.turn.error, willRetry: false, threadId, turnId });
  expect((tail[1]!.params as any).status).toEqual({ type: "idle" });
  expect(completed.turn.status).toBe("failed");
  expect(completed.turn.error).toEqual({
    message: expect.any(String),
    codexErrorInfo: expect.anything(),
    additionalDetails: completed.turn.error.additionalDetails ?? null,
    misalignment: null,
  });
  return completed.turn.error as { message: string; codexErrorInfo: unknown; additionalDetails: string | null };
}

interface FailureCase {
  name: string;
  replies: MockReply[];
  provider?: Record<string, string | number | boolean>;
  info: unknown;
  message: RegExp;
  requests: number;
}

const cases: FailureCase[] = [
  { name: "usage limit (HTTP 429)", replies: [{ type: "error", status: 429, body: ERROR_BODIES.usageLimit }], info: "usageLimitExceeded", message: /^You've hit your usage limit\. Try again later\.$/, requests: 1 },
  { name: "context window exceeded (HTTP 400)", replies: [{ type: "error", status: 400, body: ERROR_BODIES.contextLength }], info: "contextWindowExceeded", message: /^Codex ran out of room in the model's context window\./, requests: 1 },
  { name: "model not found (HTTP 404)", replies: [{ type: "error", status: 404, body: ERROR_BODIES.modelNotFound }], info: "modelNotFound", message: /does not exist/, requests: 1 },
  { name: "bad request (HTTP 400)", replies: [{ type: "error", status: 400, body: ERROR_BODIES.badRequest }], info: "badRequest", message: /^unexpected status 400 Bad Request: Invalid value for 'input'\.$/, requests: 1 },
  { name: "unauthorized (HTTP 401)", replies: [{ type: "error", status: 401, body: ERROR_BODIES.unauthorized }], info: "unauthorized", message: /^unexpected status 401 Unauthorized: Incorrect API key provided\.$/, requests: 1 },
  { name: "internal server error (HTTP 500)", replies: [{ type: "error", status: 500, body: ERROR_BODIES.internal }], info: "internalServerError", message: /high demand/, requests: 1 },
  { name: "server overloaded (HTTP 503)", replies: [{ type: "error", status: 503, body: ERROR_BODIES.overloaded }], info: "serverOverloaded", message: /^Selected model is at capacity\./, requests: 1 },
  {
    name: "too many failed attempts (HTTP 502, request_max_retries = 1)",
    replies: [1, 2].map(() => ({ type: "error" as const, status: 502, body: { error: { message: "bad gateway" } }, headers: { "retry-after-ms": "1" } })),
    provider: { request_max_retries: 1 },
    info: { responseTooManyFailedAttempts: { httpStatusCode: 502 } },
    message: /^exceeded retry limit, last status: 502 Bad Gateway$/,
    requests: 2,
  },
  { name: "context window exceeded (response.failed)", replies: [{ type: "sse", events: failedResponse("context_length_exceeded", "too long") }], info: "contextWindowExceeded", message: /context window/, requests: 1 },
  {
    name: "stream cut mid-way (stream_max_retries = 1)",
    replies: [1, 2].map(() => ({ type: "sse" as const, events: textResponse({ messageId: "msg_cut" }), cutAfter: 5 })),
    provider: { stream_max_retries: 1 },
    info: { responseStreamDisconnected: { httpStatusCode: null } },
    message: /^stream disconnected before completion: /,
    requests: 2,
  },
  {
    name: "idle stream past stream_idle_timeout_ms",
    replies: [{ type: "sse", events: textResponse(), hangAfter: 2 }],
    provider: { stream_idle_timeout_ms: 300 },
    info: { responseStreamDisconnected: { httpStatusCode: null } },
    message: /^stream disconnected before completion: idle timeout waiting for SSE$/,
    requests: 1,
  },
];

describe("turn failures end the turn `failed` with the reference's TurnError", () => {
  for (const c of cases) {
    it(c.name, async () => {
      mock.enqueue(...c.replies);
      const server = await startTurnServer(mock, { provider: c.provider });
      const threadId = await startThread(server);
      const completed = await runTurn(server, threadId, text("hi"));
      const error = expectFailedEnding(server, threadId, completed.turn.id, completed);
      expect(error.codexErrorInfo).toEqual(c.info);
      expect(error.message).toMatch(c.message);
      expect(mock.requests).toHaveLength(c.requests);
      if (c.requests === 2 && c.provider?.stream_max_retries) {
        // Each re-issued request was announced with `willRetry: true`.
        const retries = server.notifications("error").filter((m) => (m.params as any).willRetry);
        expect(retries.map((m) => (m.params as any).error)).toEqual([
          { message: "Reconnecting... 1/1", codexErrorInfo: c.info, additionalDetails: expect.stringMatching(/^stream disconnected/), misalignment: null },
        ]);
      }
      // The failed turn is stored as such.
      const read = await server.call("thread/read", { threadId, includeTurns: true });
      expect(read.thread.turns.at(-1)).toMatchObject({ id: completed.turn.id, status: "failed", error: completed.turn.error });
      // And the thread takes the next turn.
      mock.enqueue({ type: "sse", events: textResponse() });
      const next = await runTurn(server, threadId, text("again"));
      expect(next.turn.status).toBe("completed");
    });
  }

  it("a stream cut once is re-issued and the turn completes (error willRetry: true first)", async () => {
    mock.enqueue({ type: "sse", events: textResponse({ messageId: "msg_a" }), cutAfter: 5 }, { type: "sse", events: textResponse({ messageId: "msg_a" }) });
    const server = await startTurnServer(mock, { provider: { stream_max_retries: 2 } });
    const threadId = await startThread(server);
    const completed = await runTurn(server, threadId, text("hi"));
    expect(completed.turn.status).toBe("completed");
    expect(completed.turn.error).toBeNull();
    const errors = server.notifications("error").map((m) => m.params as any);
    expect(errors).toEqual([
      {
        error: {
          message: "Reconnecting... 1/2",
          codexErrorInfo: { responseStreamDisconnected: { httpStatusCode: null } },
          additionalDetails: expect.stringMatching(/^stream disconnected before completion: /),
          misalignment: null,
        },
        willRetry: true,
        threadId,
        turnId: completed.turn.id,
      },
    ]);
    const agentDone = server.notifications("item/completed").filter((m) => (m.params as any).item.type === "agentMessage");
    expect(agentDone.map((m) => (m.params as any).item.text)).toEqual(["Hello from mock model."]);
  });

  it("a stream cut after some text keeps what was streamed as the agent message", async () => {
    mock.enqueue({ type: "sse", events: textResponse({ messageId: "msg_p", deltas: ["partial ", "answer", " never finished"] }), cutAfter: 5 });
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    const completed = await runTurn(server, threadId, text("hi"));
    expect(completed.turn.status).toBe("failed");
    expect(completed.turn.items).toEqual([expect.objectContaining({ type: "agentMessage", id: "msg_p", text: "partial answer" })]);
  });

  it("fails the turn when the provider's API key variable is missing", async () => {
    const server = await startTurnServer(mock, { env: { MOCK_API_KEY: undefined } });
    const threadId = await startThread(server);
    const completed = await runTurn(server, threadId, text("hi"));
    const error = expectFailedEnding(server, threadId, completed.turn.id, completed);
    expect(error).toEqual({
      message: "Missing environment variable: `MOCK_API_KEY`.",
      codexErrorInfo: "other",
      additionalDetails: null,
      misalignment: null,
    });
    expect(mock.requests).toHaveLength(0);
  });

  it("reports an unreachable provider as httpConnectionFailed", async () => {
    const server = await startTurnServer(mock, { provider: { base_url: "http://127.0.0.1:9/v1" } });
    const threadId = await startThread(server);
    const completed = await runTurn(server, threadId, text("hi"));
    const error = expectFailedEnding(server, threadId, completed.turn.id, completed);
    expect(error.codexErrorInfo).toEqual({ httpConnectionFailed: { httpStatusCode: null } });
    expect(error.message).toMatch(/^Connection failed: /);
  });
});

describe("turn/start validation", () => {
  it("rejects empty input, oversized input, remote images, unknown threads and bad ids", async () => {
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);

    expect(await server.callError("turn/start", { threadId, input: [] })).toEqual({ code: -32600, message: "input must not be empty" });

    const tooLong = "a".repeat(1_048_577);
    expect(await server.callError("turn/start", { threadId, input: [{ type: "text", text: tooLong }] })).toEqual({
      code: -32602,
      message: "Input exceeds the maximum length of 1048576 characters.",
      data: { input_error_code: "input_too_large", max_chars: 1048576, actual_chars: 1048577 },
    });
    // The limit counts characters over all text items, not bytes.
    const half = "é".repeat(524_288);
    const split = await server.callError("turn/start", { threadId, input: [{ type: "text", text: half }, { type: "text", text: `${half}b` }] });
    expect(split.data).toEqual({ input_error_code: "input_too_large", max_chars: 1048576, actual_chars: 1048577 });

    expect(await server.callError("turn/start", { threadId, input: [{ type: "image", url: "https://example.com/cat.png" }] })).toEqual({
      code: -32600,
      message: "remote image URLs are not supported; use an inline data URL instead",
    });

    const unknown = uuidv7();
    expect(await server.callError("turn/start", { threadId: unknown, input: text("hi") })).toEqual({
      code: -32600,
      message: `thread not found: ${unknown}`,
    });
    const bad = await server.callError("turn/start", { threadId: "not-a-uuid", input: text("hi") });
    expect(bad.code).toBe(-32600);
    expect(bad.message).toMatch(/^invalid thread id: /);

    expect(mock.requests).toHaveLength(0);
    expect(server.notifications("turn/started")).toHaveLength(0);
  });

  it("refuses a turn on an archived thread and touches nothing stored", async () => {
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    await runTurn(server, threadId, text("before archiving"));
    await server.call("thread/archive", { threadId });
    const before = await server.call("thread/read", { threadId, includeTurns: true });

    const error = await server.callError("turn/start", { threadId, input: text("after archiving") });
    expect(error).toEqual({ code: -32600, message: `thread ${threadId} is archived; unarchive it before starting a turn` });
    expect(await server.callError("thread/compact/start", { threadId })).toEqual(error);

    const after = await server.call("thread/read", { threadId, includeTurns: true });
    expect(after.thread.turns).toEqual(before.thread.turns);
    expect(after.thread.updatedAt).toBe(before.thread.updatedAt);
    expect(mock.requests).toHaveLength(1);
  });

  it("rejects toolOutput combined with input", async () => {
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    const error = await server.callError("turn/start", {
      threadId,
      input: text("x"),
      toolOutput: { name: "tool", namespace: null, output: "done" },
    });
    expect(error).toEqual({ code: -32600, message: "`toolOutput` cannot be combined with nonempty `input`" });
  });
});
