import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import pino from "pino";
import type { ResolvedProvider } from "../../src/config/provider.js";
import { ModelClient, type ModelRequest } from "../../src/model/client.js";
import type { ModelEndpoint } from "../../src/model/endpoint.js";
import { ModelError, TurnAbortedError } from "../../src/model/errors.js";
import {
  ERROR_BODIES,
  failedResponse,
  loadFixture,
  startMockResponses,
  textResponse,
  type MockResponsesServer,
} from "../helpers/mock-responses.js";

let mock: MockResponsesServer;
const client = new ModelClient(pino({ level: "silent" }));

beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => {
  mock.reset();
});

function endpoint(overrides: Partial<ResolvedProvider> = {}, bearer: string | null = "sk-test"): ModelEndpoint {
  return {
    bearer,
    provider: {
      id: "mock",
      name: "Mock",
      baseUrl: mock.url,
      headers: {},
      queryParams: {},
      envKey: "MOCK_API_KEY",
      requiresOpenaiAuth: false,
      wireApi: "responses",
      retries: { request: 0, stream: 0 },
      idleTimeoutMs: 10_000,
      ...overrides,
    },
  };
}

const request: ModelRequest = {
  model: "gpt-test",
  input: [{ type: "message", role: "user", content: [{ type: "input_text", text: "say hello" }] }],
};

async function failure(promise: Promise<unknown>): Promise<ModelError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ModelError) return error;
    throw error;
  }
  throw new Error("expected the request to fail");
}

describe("ModelClient (openai SDK against the mock Responses server)", () => {
  it("streams events in order and returns the completed response with its headers", async () => {
    mock.enqueue({ type: "sse", events: loadFixture("hello"), headers: { "x-codex-primary-used-percent": "12.5" } });
    const types: string[] = [];
    const deltas: string[] = [];
    const result = await client.stream(endpoint(), request, new AbortController().signal, {
      onEvent: (event) => {
        types.push(event.type);
        if (event.type === "response.output_text.delta") deltas.push(event.delta);
      },
    });
    expect(deltas.join("")).toBe("Hello from mock model.");
    expect(types[0]).toBe("response.created");
    expect(types).not.toContain("response.completed");
    expect(result.response.usage?.total_tokens).toBe(15);
    expect(result.headers.get("x-codex-primary-used-percent")).toBe("12.5");
  });

  it("sends the Responses request the reference sends (stream, store:false, reasoning, schema, headers, query)", async () => {
    mock.enqueue({ type: "sse", events: textResponse() });
    await client.stream(
      endpoint({ headers: { "x-static": "1" }, queryParams: { "api-version": "2025" } }),
      {
        ...request,
        reasoning: { effort: "high", summary: "auto" },
        verbosity: "low",
        clientMetadata: { thread_id: "thread-1" },
        outputSchema: { type: "object", properties: { a: { type: "string" } }, required: ["a"], additionalProperties: false },
        promptCacheKey: "thread-1",
        headers: { "session-id": "thread-1" },
      },
      new AbortController().signal,
      { onEvent: () => {} },
    );
    const recorded = mock.requests[0]!;
    expect(recorded.path).toBe("/v1/responses");
    expect(recorded.query).toEqual({ "api-version": "2025" });
    expect(recorded.headers.authorization).toBe("Bearer sk-test");
    expect(recorded.headers["x-static"]).toBe("1");
    expect(recorded.headers["session-id"]).toBe("thread-1");
    expect(recorded.headers.accept).toBe("text/event-stream");
    expect(Object.keys(recorded.headers).filter((name) => name.startsWith("x-stainless"))).toEqual([]);
    expect(recorded.body.instructions).toBeUndefined();
    expect(recorded.body).toMatchObject({
      model: "gpt-test",
      input: request.input,
      tool_choice: "auto",
      parallel_tool_calls: true,
      client_metadata: { thread_id: "thread-1" },
      stream: true,
      store: false,
      reasoning: { effort: "high", summary: "auto" },
      include: ["reasoning.encrypted_content"],
      prompt_cache_key: "thread-1",
      text: { verbosity: "low", format: { type: "json_schema", name: "codex_output_schema", strict: true } },
    });
    expect(recorded.body.tools).toBeUndefined();
  });

  it("sends function tools when given, and no Authorization header for providers without a key", async () => {
    mock.enqueue({ type: "sse", events: textResponse() });
    const tools = [{ type: "function", name: "shell", description: "run", parameters: { type: "object", properties: {} }, strict: false }];
    await client.stream(endpoint({}, null), { ...request, tools }, new AbortController().signal, { onEvent: () => {} });
    const recorded = mock.requests[0]!;
    expect(recorded.headers.authorization).toBeUndefined();
    expect(recorded.body).toMatchObject({ tools, tool_choice: "auto", parallel_tool_calls: true });
    expect(recorded.body.reasoning).toBeUndefined();
    expect(recorded.body.include).toBeUndefined();
  });

  it("re-issues a request whose stream was cut, reporting the retry", async () => {
    mock.enqueue({ type: "sse", events: textResponse(), cutAfter: 4 }, { type: "sse", events: textResponse() });
    const retries: Array<[string, number, number]> = [];
    const attempts: number[] = [];
    const result = await client.stream(endpoint({ retries: { request: 0, stream: 2 } }), request, new AbortController().signal, {
      onEvent: () => {},
      onAttempt: (n) => attempts.push(n),
      onRetry: (error, retry, max) => retries.push([JSON.stringify(error.info), retry, max]),
    });
    expect(result.response.status).toBe("completed");
    expect(mock.requests).toHaveLength(2);
    expect(attempts).toEqual([0, 1]);
    expect(retries).toEqual([[JSON.stringify({ responseStreamDisconnected: { httpStatusCode: null } }), 1, 2]]);
  });

  it("fails with responseStreamDisconnected once stream retries are exhausted", async () => {
    mock.enqueue({ type: "sse", events: textResponse(), cutAfter: 3 }, { type: "sse", events: textResponse(), endAfter: 3 });
    const error = await failure(
      client.stream(endpoint({ retries: { request: 0, stream: 1 } }), request, new AbortController().signal, { onEvent: () => {} }),
    );
    expect(error.info).toEqual({ responseStreamDisconnected: { httpStatusCode: null } });
    expect(error.message).toBe("stream disconnected before completion: stream closed before response.completed");
    expect(mock.requests).toHaveLength(2);
  });

  it("aborts a stream that stays idle longer than stream_idle_timeout_ms", async () => {
    mock.enqueue({ type: "sse", events: textResponse(), hangAfter: 3 });
    const started = Date.now();
    const error = await failure(
      client.stream(endpoint({ idleTimeoutMs: 300 }), request, new AbortController().signal, { onEvent: () => {} }),
    );
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error.info).toEqual({ responseStreamDisconnected: { httpStatusCode: null } });
    expect(error.message).toBe("stream disconnected before completion: idle timeout waiting for SSE");
  });

  it("rejects with TurnAbortedError when the turn is interrupted mid-stream", async () => {
    mock.enqueue({ type: "sse", events: textResponse(), hangAfter: 5 });
    const controller = new AbortController();
    const promise = client.stream(endpoint(), request, controller.signal, {
      onEvent: (event) => {
        if (event.type === "response.output_text.delta") controller.abort();
      },
    });
    await expect(promise).rejects.toBeInstanceOf(TurnAbortedError);
  });

  const statusCases: Array<[string, number, unknown, unknown, RegExp]> = [
    ["usage limit (429)", 429, ERROR_BODIES.usageLimit, "usageLimitExceeded", /^You've hit your usage limit\. Try again later\.$/],
    ["context window (400)", 400, ERROR_BODIES.contextLength, "contextWindowExceeded", /ran out of room in the model's context window/],
    ["model not found (404)", 404, ERROR_BODIES.modelNotFound, "modelNotFound", /does not exist/],
    ["bad request (400)", 400, ERROR_BODIES.badRequest, "badRequest", /^unexpected status 400 Bad Request: Invalid value/],
    ["unauthorized (401)", 401, ERROR_BODIES.unauthorized, "unauthorized", /^unexpected status 401 Unauthorized/],
    ["internal error (500)", 500, ERROR_BODIES.internal, "internalServerError", /high demand/],
    ["overloaded (503)", 503, ERROR_BODIES.overloaded, "serverOverloaded", /at capacity/],
    ["forbidden (403)", 403, { error: { message: "nope" } }, { httpConnectionFailed: { httpStatusCode: 403 } }, /^unexpected status 403 Forbidden: nope$/],
  ];
  for (const [name, status, body, info, message] of statusCases) {
    it(`classifies ${name}`, async () => {
      mock.enqueue({ type: "error", status, body });
      const error = await failure(client.stream(endpoint(), request, new AbortController().signal, { onEvent: () => {} }));
      expect(error.info).toEqual(info);
      expect(error.message).toMatch(message);
    });
  }

  it("does not retry a usage-limit 429 even with request retries configured", async () => {
    mock.enqueue({ type: "error", status: 429, body: ERROR_BODIES.usageLimit, headers: { "retry-after-ms": "1" } });
    const error = await failure(
      client.stream(endpoint({ retries: { request: 3, stream: 0 } }), request, new AbortController().signal, { onEvent: () => {} }),
    );
    expect(error.info).toBe("usageLimitExceeded");
    expect(mock.requests).toHaveLength(1);
  });

  it("retries 5xx answers (request_max_retries) and then reports responseTooManyFailedAttempts", async () => {
    const bad = { type: "error" as const, status: 502, body: { error: { message: "bad gateway" } }, headers: { "retry-after-ms": "1" } };
    mock.enqueue(bad, bad, bad);
    const error = await failure(
      client.stream(endpoint({ retries: { request: 2, stream: 0 } }), request, new AbortController().signal, { onEvent: () => {} }),
    );
    expect(error.info).toEqual({ responseTooManyFailedAttempts: { httpStatusCode: 502 } });
    expect(mock.requests).toHaveLength(3);
  });

  it("succeeds when a retried request recovers", async () => {
    mock.enqueue({ type: "error", status: 500, body: ERROR_BODIES.internal, headers: { "retry-after-ms": "1" } }, { type: "sse", events: textResponse() });
    const result = await client.stream(endpoint({ retries: { request: 1, stream: 0 } }), request, new AbortController().signal, {
      onEvent: () => {},
    });
    expect(result.response.status).toBe("completed");
    expect(mock.requests).toHaveLength(2);
  });

  it("maps response.failed codes (context window: permanent, others: retried stream errors)", async () => {
    mock.enqueue({ type: "sse", events: failedResponse("context_length_exceeded", "too long") });
    const context = await failure(client.stream(endpoint(), request, new AbortController().signal, { onEvent: () => {} }));
    expect(context.info).toBe("contextWindowExceeded");

    mock.enqueue({ type: "sse", events: failedResponse("server_error", "boom") }, { type: "sse", events: textResponse() });
    const result = await client.stream(endpoint({ retries: { request: 0, stream: 1 } }), request, new AbortController().signal, {
      onEvent: () => {},
    });
    expect(result.response.status).toBe("completed");
  });

  it("reports a refused connection as httpConnectionFailed without a status", async () => {
    const error = await failure(
      client.stream(
        { bearer: "k", provider: { ...endpoint().provider, baseUrl: "http://127.0.0.1:9/v1" } },
        request,
        new AbortController().signal,
        { onEvent: () => {} },
      ),
    );
    expect(error.info).toEqual({ httpConnectionFailed: { httpStatusCode: null } });
    expect(error.message).toMatch(/^Connection failed: /);
  });
});
