/**
 * A scripted OpenAI Responses API server for tests and the benchmark: real
 * node:http with Server-Sent Events on 127.0.0.1. Plain ESM JavaScript so
 * scripts/bench.mjs can use it too; `mock-responses.ts` adds the types.
 *
 * Each POST …/responses takes the next queued reply (or the default one):
 *   { type: "sse", events, headers?, delayMs?, firstDelayMs?, cutAfter?, endAfter?, hangAfter?, waitBefore? }
 *   { type: "sse", raw }                  — a pre-serialized body (see `sseBody`), sent in one write
 *   { type: "error", status, body, headers? }
 *   { type: "hang" }                      — never answers (not even headers)
 * Request bodies and headers are recorded in `requests` (zstd-compressed bodies,
 * `content-encoding: zstd`, decoded first).
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

let zstd;
/** Decodes a zstd body with the same library the server encodes with (loaded on first use). */
async function zstdDecompress(data) {
  zstd ??= import("@bokuweb/zstd-wasm").then(async (module) => {
    const api = module.default ?? module;
    await api.init();
    return api;
  });
  return Buffer.from((await zstd).decompress(data));
}

const fixturesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/responses");

/** Events of `fixtures/responses/<name>.json`. */
export function loadFixture(name) {
  return JSON.parse(readFileSync(path.join(fixturesDir, `${name}.json`), "utf8"));
}

export function sseFrame(event) {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** The SSE body of `events`, serialized once (for replies sent many times). */
export function sseBody(events) {
  let out = "";
  for (const event of events) out += sseFrame(event);
  return out;
}

let responseCounter = 0;

function usageOf(usage) {
  const input = usage?.input ?? 10;
  const output = usage?.output ?? 5;
  const cached = usage?.cached ?? 0;
  const reasoning = usage?.reasoning ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: cached },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: reasoning },
    total_tokens: input + output,
  };
}

function responseObject(id, status, output, usage) {
  return {
    id,
    object: "response",
    created_at: Math.floor(Date.now() / 1000),
    status,
    model: "mock-model",
    output,
    usage: usage === null ? null : usageOf(usage),
    error: null,
    incomplete_details: null,
  };
}

function messageItem(id, text, status = "completed") {
  return {
    type: "message",
    id,
    role: "assistant",
    status,
    content: text === null ? [] : [{ type: "output_text", text, annotations: [] }],
  };
}

/**
 * A complete response stream: optional reasoning item (summary parts), then an
 * assistant message streamed as `deltas`, then `response.completed` with usage.
 */
export function textResponse({ deltas, messageId, responseId, usage, reasoning, phase } = {}) {
  const rid = responseId ?? `resp_${++responseCounter}`;
  const mid = messageId ?? `msg_${responseCounter}`;
  const parts = deltas ?? ["Hello ", "from ", "mock ", "model."];
  let seq = 0;
  const events = [{ type: "response.created", sequence_number: seq++, response: responseObject(rid, "in_progress", [], null) }];
  const output = [];
  let index = 0;
  if (reasoning) {
    const rsId = reasoning.id ?? `rs_${responseCounter}`;
    events.push({
      type: "response.output_item.added",
      sequence_number: seq++,
      output_index: index,
      item: { type: "reasoning", id: rsId, summary: [] },
    });
    const summary = [];
    reasoning.parts.forEach((chunks, summaryIndex) => {
      events.push({
        type: "response.reasoning_summary_part.added",
        sequence_number: seq++,
        item_id: rsId,
        output_index: index,
        summary_index: summaryIndex,
        part: { type: "summary_text", text: "" },
      });
      for (const delta of chunks) {
        events.push({
          type: "response.reasoning_summary_text.delta",
          sequence_number: seq++,
          item_id: rsId,
          output_index: index,
          summary_index: summaryIndex,
          delta,
        });
      }
      const text = chunks.join("");
      events.push({ type: "response.reasoning_summary_text.done", sequence_number: seq++, item_id: rsId, output_index: index, summary_index: summaryIndex, text });
      events.push({ type: "response.reasoning_summary_part.done", sequence_number: seq++, item_id: rsId, output_index: index, summary_index: summaryIndex, part: { type: "summary_text", text } });
      summary.push({ type: "summary_text", text });
    });
    const done = { type: "reasoning", id: rsId, summary, encrypted_content: reasoning.encrypted ?? null };
    events.push({ type: "response.output_item.done", sequence_number: seq++, output_index: index, item: done });
    output.push(done);
    index++;
  }
  const added = messageItem(mid, null, "in_progress");
  if (phase !== undefined) added.phase = phase;
  events.push({ type: "response.output_item.added", sequence_number: seq++, output_index: index, item: added });
  events.push({
    type: "response.content_part.added",
    sequence_number: seq++,
    item_id: mid,
    output_index: index,
    content_index: 0,
    part: { type: "output_text", text: "", annotations: [] },
  });
  for (const delta of parts) {
    events.push({ type: "response.output_text.delta", sequence_number: seq++, item_id: mid, output_index: index, content_index: 0, delta, logprobs: [] });
  }
  const text = parts.join("");
  events.push({ type: "response.output_text.done", sequence_number: seq++, item_id: mid, output_index: index, content_index: 0, text, logprobs: [] });
  const done = messageItem(mid, text);
  if (phase !== undefined) done.phase = phase;
  events.push({ type: "response.output_item.done", sequence_number: seq++, output_index: index, item: done });
  output.push(done);
  events.push({ type: "response.completed", sequence_number: seq++, response: responseObject(rid, "completed", output, usage) });
  return events;
}

/**
 * A response whose output is function calls (the model calling tools), each
 * streamed as the Responses API does: `output_item.added` (empty arguments),
 * `function_call_arguments.delta`s, `function_call_arguments.done`,
 * `output_item.done`, then `response.completed`. `calls`: `{ name, arguments
 * (object or JSON text), callId?, itemId?, namespace? }`, `{ kind: "custom", name, input,
 * callId? }` for a freeform custom tool call, or `{ kind: "tool_search", arguments }`. `text` adds a commentary message first.
 */
export function functionCallResponse({ calls, responseId, usage, text } = {}) {
  const rid = responseId ?? `resp_${++responseCounter}`;
  let seq = 0;
  const events = [{ type: "response.created", sequence_number: seq++, response: responseObject(rid, "in_progress", [], null) }];
  const output = [];
  let index = 0;
  if (text !== undefined) {
    const mid = `msg_${responseCounter}_${index}`;
    const added = messageItem(mid, null, "in_progress");
    events.push({ type: "response.output_item.added", sequence_number: seq++, output_index: index, item: added });
    events.push({ type: "response.output_text.delta", sequence_number: seq++, item_id: mid, output_index: index, content_index: 0, delta: text, logprobs: [] });
    const done = messageItem(mid, text);
    events.push({ type: "response.output_item.done", sequence_number: seq++, output_index: index, item: done });
    output.push(done);
    index++;
  }
  for (const call of calls) {
    if (call.kind === "tool_search") {
      // A client-executed tool search: one item carrying its `arguments` object.
      const itemId = call.itemId ?? `tsc_${responseCounter}_${index}`;
      const callId = call.callId ?? `call_${responseCounter}_${index}`;
      const base = { type: "tool_search_call", id: itemId, call_id: callId, execution: "client" };
      events.push({ type: "response.output_item.added", sequence_number: seq++, output_index: index, item: { ...base, arguments: {}, status: "in_progress" } });
      const done = { ...base, arguments: call.arguments ?? {}, status: "completed" };
      events.push({ type: "response.output_item.done", sequence_number: seq++, output_index: index, item: done });
      output.push(done);
      index++;
      continue;
    }
    if (call.kind === "custom") {
      // A freeform custom tool call: `custom_tool_call_input` deltas, then the done item with the raw `input`.
      const itemId = call.itemId ?? `ctc_${responseCounter}_${index}`;
      const callId = call.callId ?? `call_${responseCounter}_${index}`;
      const input = call.input ?? "";
      const base = { type: "custom_tool_call", id: itemId, call_id: callId, name: call.name };
      events.push({ type: "response.output_item.added", sequence_number: seq++, output_index: index, item: { ...base, input: "", status: "in_progress" } });
      events.push({ type: "response.custom_tool_call_input.delta", sequence_number: seq++, item_id: itemId, output_index: index, delta: input });
      events.push({ type: "response.custom_tool_call_input.done", sequence_number: seq++, item_id: itemId, output_index: index, input });
      const done = { ...base, input, status: "completed" };
      events.push({ type: "response.output_item.done", sequence_number: seq++, output_index: index, item: done });
      output.push(done);
      index++;
      continue;
    }
    const args = typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments);
    const itemId = call.itemId ?? `fc_${responseCounter}_${index}`;
    const callId = call.callId ?? `call_${responseCounter}_${index}`;
    const base = { type: "function_call", id: itemId, call_id: callId, name: call.name, ...(call.namespace ? { namespace: call.namespace } : {}) };
    events.push({ type: "response.output_item.added", sequence_number: seq++, output_index: index, item: { ...base, arguments: "", status: "in_progress" } });
    // Arguments arrive in a few chunks.
    const third = Math.max(1, Math.ceil(args.length / 3));
    for (let at = 0; at < args.length; at += third) {
      events.push({ type: "response.function_call_arguments.delta", sequence_number: seq++, item_id: itemId, output_index: index, delta: args.slice(at, at + third) });
    }
    events.push({ type: "response.function_call_arguments.done", sequence_number: seq++, item_id: itemId, output_index: index, name: call.name, arguments: args });
    const done = { ...base, arguments: args, status: "completed" };
    events.push({ type: "response.output_item.done", sequence_number: seq++, output_index: index, item: done });
    output.push(done);
    index++;
  }
  events.push({ type: "response.completed", sequence_number: seq++, response: responseObject(rid, "completed", output, usage) });
  return events;
}

/** A message streamed as `count` deltas of `chunk` (the delta-throughput benchmark). */
export function deltaResponse(count, chunk = "x ") {
  return textResponse({ deltas: Array.from({ length: count }, () => chunk) });
}

/** `response.failed` with an error code (e.g. `context_length_exceeded`). */
export function failedResponse(code, message) {
  const rid = `resp_${++responseCounter}`;
  const response = responseObject(rid, "failed", [], null);
  response.error = { code, message };
  return [
    { type: "response.created", sequence_number: 0, response: responseObject(rid, "in_progress", [], null) },
    { type: "response.failed", sequence_number: 1, response },
  ];
}

export const ERROR_BODIES = {
  usageLimit: { error: { type: "usage_limit_reached", code: "usage_limit_reached", message: "The usage limit has been reached", plan_type: "plus", resets_at: null } },
  contextLength: {
    error: { type: "invalid_request_error", code: "context_length_exceeded", param: "input", message: "Your input exceeds the context window of this model. Please adjust your input and try again." },
  },
  modelNotFound: { error: { type: "invalid_request_error", code: "model_not_found", param: "model", message: "The model `no-such-model` does not exist or you do not have access to it." } },
  badRequest: { error: { type: "invalid_request_error", code: null, param: null, message: "Invalid value for 'input'." } },
  unauthorized: { error: { type: "invalid_request_error", code: "invalid_api_key", param: null, message: "Incorrect API key provided." } },
  internal: { error: { type: "server_error", code: null, param: null, message: "The server had an error while processing your request." } },
  overloaded: { error: { type: "server_error", code: "server_is_overloaded", param: null, message: "The server is overloaded." } },
};

export class MockResponsesServer {
  constructor() {
    /** Every request received: `{ method, path, headers, body }` (headers lower-cased). */
    this.requests = [];
    this.queue = [];
    /** Replies whose connection the client closed before they ended. */
    this.abortedResponses = 0;
    this.closing = false;
    /** Reply used when the queue is empty: an object or a function of the recorded request. */
    this.defaultReply = () => ({ type: "sse", events: textResponse() });
    this.sockets = new Set();
    this.openResponses = new Set();
    this.requestWaiters = [];
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 1000;
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  static async start() {
    const mock = new MockResponsesServer();
    await new Promise((resolve) => mock.server.listen(0, "127.0.0.1", resolve));
    return mock;
  }

  get port() {
    return this.server.address().port;
  }

  /** Base URL including `/v1`, as `model_providers.<id>.base_url`. */
  get url() {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  /** `-c` overrides pointing a server at this mock as provider `id` (API key from `MOCK_API_KEY`). */
  configArgs(id = "mock", extra = {}) {
    const args = [
      "-c", `model_provider="${id}"`,
      "-c", `model_providers.${id}.name="Mock"`,
      "-c", `model_providers.${id}.base_url="${this.url}"`,
      "-c", `model_providers.${id}.env_key="MOCK_API_KEY"`,
      "-c", `model_providers.${id}.wire_api="responses"`,
    ];
    for (const [key, value] of Object.entries(extra)) args.push("-c", `model_providers.${id}.${key}=${JSON.stringify(value)}`);
    return args;
  }

  /** Forgets recorded requests and queued replies. */
  reset() {
    this.abortedResponses = 0;
    this.requests.length = 0;
    this.queue.length = 0;
    this.defaultReply = () => ({ type: "sse", events: textResponse() });
  }

  /** Queues replies for the next requests, in order. */
  enqueue(...replies) {
    this.queue.push(...replies);
    return this;
  }

  /** Resolves with request number `index` (0-based) once it has arrived. */
  waitForRequest(index, timeoutMs = 10_000) {
    if (this.requests[index]) return Promise.resolve(this.requests[index]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`mock: request #${index} did not arrive in ${timeoutMs} ms`)), timeoutMs);
      this.requestWaiters.push({ index, resolve: (r) => (clearTimeout(timer), resolve(r)) });
    });
  }

  async handle(req, res) {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const raw = Buffer.concat(chunks);
    const text = (req.headers["content-encoding"] === "zstd" ? await zstdDecompress(raw) : raw).toString("utf8");
    let body;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const record = { method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: { ...req.headers }, body };
    if (req.method !== "POST" || !url.pathname.endsWith("/responses")) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: `no route for ${req.method} ${url.pathname}` } }));
      return;
    }
    this.requests.push(record);
    const index = this.requests.length - 1;
    this.requestWaiters = this.requestWaiters.filter((w) => (w.index === index ? (w.resolve(record), false) : true));
    let reply = this.queue.length > 0 ? this.queue.shift() : this.defaultReply;
    if (typeof reply === "function") reply = reply(record);
    await this.reply(reply, req, res);
  }

  async reply(reply, req, res) {
    this.openResponses.add(res);
    res.on("close", () => {
      this.openResponses.delete(res);
      // The client went away before the reply ended (an aborted stream).
      if (!res.writableEnded && !this.closing) this.abortedResponses++;
    });
    if (reply.type === "hang") return;
    if (reply.type === "error") {
      res.writeHead(reply.status, { "content-type": "application/json", ...(reply.headers ?? {}) });
      res.end(typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body ?? {}));
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", ...(reply.headers ?? {}) });
    if (reply.raw !== undefined) {
      res.end(reply.raw);
      return;
    }
    const events = reply.events;
    const stopAt = Math.min(events.length, reply.cutAfter ?? reply.endAfter ?? reply.hangAfter ?? events.length);
    const finish = () => {
      if (reply.cutAfter !== undefined) {
        // Let what was written reach the client, then drop the connection mid-stream.
        res.write("", () => setTimeout(() => res.socket?.destroy(), 20));
      } else if (reply.hangAfter !== undefined) {
        res.flushHeaders();
      } else {
        res.end();
      }
    };
    if (!reply.delayMs && !reply.firstDelayMs && !reply.waitBefore) {
      let out = "";
      for (let i = 0; i < stopAt; i++) out += sseFrame(events[i]);
      if (out) res.write(out);
      finish();
      return;
    }
    for (let i = 0; i < stopAt; i++) {
      if (res.destroyed) return;
      if (reply.waitBefore && reply.waitBefore.index === i) await reply.waitBefore.promise;
      const delay = i === 0 ? (reply.firstDelayMs ?? reply.delayMs ?? 0) : (reply.delayMs ?? 0);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      if (res.destroyed) return;
      res.write(sseFrame(events[i]));
    }
    finish();
  }

  async close() {
    this.closing = true;
    for (const res of this.openResponses) res.destroy();
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(() => resolve()));
  }
}
