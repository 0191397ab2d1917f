import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadFixture, startMockResponses, textResponse, type MockResponsesServer } from "../helpers/mock-responses.js";
import { referenceTrafficDir } from "../helpers/paths.js";
import type { WireMessage } from "../helpers/server-process.js";
import { conversation, kinds, MODEL, runTurn, startThread, startTurn, startTurnServer, text, turnCompleted, turnStream, workdir } from "../helpers/turns.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

/** The turn of the reference stdio transcript: messages from the turn/start answer to turn/completed. */
function referenceTurn(): { kinds: string[]; messages: WireMessage[] } {
  const file = path.join(referenceTrafficDir, "stdio-transcript-codex-0.169.0.txt");
  const messages: WireMessage[] = [];
  const out: string[] = [];
  let inTurn = false;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const match = /^[\d.]+ (>>|<<) (.*)$/.exec(line);
    if (!match) continue;
    const message = JSON.parse(match[2]!) as WireMessage;
    if (match[1] === ">>") {
      if (message.method === "turn/start") inTurn = true;
      continue;
    }
    if (!inTurn) continue;
    // Not part of the turn: the thread/start echo interleaves by chance. The unknown-model warning
    // (gpt-5.1-codex is not in the catalogue) belongs to it: sent before the turn/start answer.
    if (message.method === "thread/started") continue;
    messages.push(message);
    out.push(typeof message.method === "string" ? message.method : "response:turn/start");
    if (message.method === "turn/completed") break;
  }
  return { kinds: out, messages };
}

/** Structure of a JSON value: keys (sorted) and value kinds, arrays by their first element. */
function shape(value: unknown): unknown {
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as object).sort()) {
      if (key === "emittedAtMs") continue;
      out[key] = shape((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return typeof value;
}

describe("a turn against the mock Responses API", () => {
  it("streams the reference transcript's notifications, in its order and shapes", async () => {
    mock.enqueue({ type: "sse", events: loadFixture("hello") });
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    const turn = await startTurn(server, threadId, [{ type: "text", text: "say hello" }]);
    const completed = await turnCompleted(server, turn.id);

    const answerIndex = server.received.findIndex((r) => r.requestMethod === "turn/start");
    const threadStartAnswer = server.received.findIndex((r) => r.requestMethod === "thread/start");
    const ours = server.received
      .slice(threadStartAnswer + 1)
      .map((r) => r.message)
      // The thread/start echo is not part of the turn (the reference filter drops it too); thread/readState/changed
      // is sent by the thread store on every turn end and the reference's transcript has no equivalent.
      .filter((m) => m.method !== "thread/started" && m.method !== "thread/readState/changed");
    const end = ours.findIndex((m) => m.method === "turn/completed");
    const oursTurn = ours.slice(0, end + 1);
    const reference = referenceTurn();
    expect(kinds(server, oursTurn)).toEqual(reference.kinds);
    for (let i = 0; i < reference.messages.length; i++) {
      const label = `${reference.kinds[i]} (#${i})`;
      const theirs = reference.messages[i]!;
      const mine = oursTurn[i]!;
      expect(shape("result" in mine ? mine.result : mine.params), label).toEqual(shape("result" in theirs ? theirs.result : theirs.params));
    }

    // Values the mock makes identical to the reference run.
    const byMethod = (method: string) => oursTurn.filter((m) => m.method === method).map((m) => m.params as any);
    const refByMethod = (method: string) => reference.messages.filter((m) => m.method === method).map((m) => m.params as any);
    expect(byMethod("thread/tokenUsage/updated")[0].tokenUsage).toEqual(refByMethod("thread/tokenUsage/updated")[0].tokenUsage);
    expect(byMethod("account/rateLimits/updated")).toEqual(refByMethod("account/rateLimits/updated"));
    // Same model as the reference run, so the same warning text; our thread's id.
    expect(byMethod("warning")).toEqual(refByMethod("warning").map((p) => ({ ...p, threadId })));
    expect(byMethod("item/agentMessage/delta").map((p) => [p.itemId, p.delta])).toEqual(
      refByMethod("item/agentMessage/delta").map((p) => [p.itemId, p.delta]),
    );
    expect(byMethod("thread/status/changed").map((p) => p.status)).toEqual([{ type: "active", activeFlags: [] }, { type: "idle" }]);

    const startAnswer = server.received[answerIndex]!.message.result as any;
    expect(startAnswer.turn).toEqual({
      id: turn.id,
      rootTurnId: turn.id,
      items: [],
      itemsView: "notLoaded",
      status: "inProgress",
      error: null,
      startedAt: null,
      completedAt: null,
      durationMs: null,
    });
    const started = byMethod("turn/started")[0].turn;
    expect(started.startedAt).toEqual(expect.any(Number));
    expect(completed.turn).toMatchObject({
      id: turn.id,
      status: "completed",
      error: null,
      itemsView: "summary",
      items: [{ type: "agentMessage", id: "msg_1", text: "Hello from mock model.", phase: null }],
      startedAt: started.startedAt,
    });
    expect(completed.turn.completedAt).toBeGreaterThanOrEqual(started.startedAt);
    expect(completed.turn.durationMs).toEqual(expect.any(Number));
    const [userStarted, agentStarted] = byMethod("item/started");
    expect(userStarted.item).toEqual({
      type: "userMessage",
      id: expect.any(String),
      clientId: null,
      content: [{ type: "text", text: "say hello", text_elements: [] }],
      startedAtMs: userStarted.startedAtMs,
      completedAtMs: null,
    });
    expect(agentStarted.item).toMatchObject({ type: "agentMessage", id: "msg_1", text: "", completedAtMs: null });
    for (const done of byMethod("item/completed")) {
      expect(done.item.completedAtMs).toBe(done.completedAtMs);
      expect(done.item.startedAtMs).toBeLessThanOrEqual(done.completedAtMs);
    }
  });

  it("sends the Responses request: model, base instructions, developer instructions, environment context and the user's message", async () => {
    const server = await startTurnServer(mock);
    const threadId = await startThread(server, { developerInstructions: "Always answer in French." });
    await runTurn(server, threadId, [{ type: "text", text: "say hello" }]);
    const request = mock.requests[0]!;
    expect(request.path).toBe("/v1/responses");
    expect(request.headers.authorization).toBe("Bearer mock-key");
    expect(request.headers["session-id"]).toBe(threadId);
    expect(request.headers.originator).toBe("test_client");
    expect(request.body).toMatchObject({ model: MODEL, stream: true, store: false, prompt_cache_key: threadId });
    // The base prompt is developer message 0, not an `instructions` field (fact sheet §2, §4).
    expect(request.body.instructions).toBeUndefined();
    const input = request.body.input as any[];
    expect(input[0]).toMatchObject({ type: "message", role: "developer" });
    expect(input[1]).toMatchObject({ type: "message", role: "developer" });
    expect(input[1].content[0]).toEqual({ type: "input_text", text: "Always answer in French." });
    expect(input[2].content[0].text).toMatch(/^<environment_context>\n  <cwd>\//);
    expect(input.at(-1)).toMatchObject({ type: "message", role: "user", content: [{ type: "input_text", text: "say hello" }] });
    expect((request.body.tools as any[]).map((t) => t.name ?? t.type)).toEqual(["exec_command", "write_stdin", "request_user_input", "view_image", "multi_agent_v1", "get_goal", "create_goal", "update_goal", "web_search"]);
    // Fallback metadata (gpt-5.1-codex is not in the catalogue): summaries only (§2).
    expect(request.body.reasoning).toEqual({ summary: "auto" });
  });

  it("streams reasoning summaries: a part-added notification only when the second section begins", async () => {
    mock.enqueue({ type: "sse", events: loadFixture("reasoning-two-parts") });
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    const turn = await startTurn(server, threadId, text("what is 2 + 2?"), { effort: "high", summary: "detailed" });
    const completed = await turnCompleted(server, turn.id);
    expect(completed.turn.status).toBe("completed");

    const stream = turnStream(server, threadId, turn.id);
    const reasoning = stream.filter((m) => {
      const p = m.params as any;
      return p.itemId === "rs_1" || p.item?.id === "rs_1";
    });
    expect(reasoning.map((m) => [m.method, (m.params as any).summaryIndex ?? null, (m.params as any).delta ?? null])).toEqual([
      ["item/started", null, null],
      ["item/reasoning/summaryTextDelta", 0, "**Reading** "],
      ["item/reasoning/summaryTextDelta", 0, "the question"],
      ["item/reasoning/summaryPartAdded", 1, null],
      ["item/reasoning/summaryTextDelta", 1, "**Computing** "],
      ["item/reasoning/summaryTextDelta", 1, "2 + 2"],
      ["item/completed", null, null],
    ]);
    expect((reasoning[0]!.params as any).item).toMatchObject({ type: "reasoning", id: "rs_1", summary: [], content: [] });
    expect((reasoning.at(-1)!.params as any).item).toMatchObject({
      type: "reasoning",
      id: "rs_1",
      summary: ["**Reading** the question", "**Computing** 2 + 2"],
      content: [],
    });
    // Reasoning comes before the answer.
    const methods = stream.map((m) => `${m.method}:${(m.params as any).item?.type ?? ""}`);
    expect(methods.indexOf("item/completed:reasoning")).toBeLessThan(methods.indexOf("item/started:agentMessage"));

    const body = mock.requests[0]!.body;
    expect(body.reasoning).toEqual({ effort: "high", summary: "detailed" });
    expect(body.include).toEqual(["reasoning.encrypted_content"]);
    const usage = server.notifications("thread/tokenUsage/updated")[0]!.params as any;
    expect(usage.tokenUsage.last).toMatchObject({ inputTokens: 20, outputTokens: 12, reasoningOutputTokens: 6, totalTokens: 32 });

    // The encrypted reasoning goes back to the model with the next request (store: false).
    await runTurn(server, threadId, text("and 3 + 3?"));
    const input = mock.requests[1]!.body.input as any[];
    expect(input).toContainEqual({
      type: "reasoning",
      id: "rs_1",
      content: null,
      summary: [
        { type: "summary_text", text: "**Reading** the question" },
        { type: "summary_text", text: "**Computing** 2 + 2" },
      ],
      encrypted_content: "gAAAAencrypted-reasoning",
    });
    // Overrides stay thread defaults.
    expect(mock.requests[1]!.body.reasoning).toEqual({ effort: "high", summary: "detailed" });
  });

  it("accumulates token usage across turns and resends the conversation each turn", async () => {
    mock.enqueue(
      { type: "sse", events: textResponse({ deltas: ["first answer"], usage: { input: 10, output: 5, cached: 2 } }) },
      { type: "sse", events: textResponse({ deltas: ["second answer"], usage: { input: 30, output: 7 } }) },
    );
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    await runTurn(server, threadId, text("one"));
    const second = await runTurn(server, threadId, text("two"));
    expect(second.turn.items[0].text).toBe("second answer");
    const usages = server.notifications("thread/tokenUsage/updated").map((m) => (m.params as any).tokenUsage);
    expect(usages).toHaveLength(2);
    expect(usages[1]).toEqual({
      total: { totalTokens: 52, inputTokens: 40, cachedInputTokens: 2, cacheWriteInputTokens: 0, outputTokens: 12, reasoningOutputTokens: 0 },
      last: { totalTokens: 37, inputTokens: 30, cachedInputTokens: 0, cacheWriteInputTokens: 0, outputTokens: 7, reasoningOutputTokens: 0 },
      modelContextWindow: 258400,
    });
    const input = conversation(mock.requests[1]!.body.input as any[]);
    expect(input).toEqual([
      { type: "message", role: "user", content: [{ type: "input_text", text: "one" }] },
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "first answer" }] },
      { type: "message", role: "user", content: [{ type: "input_text", text: "two" }] },
    ]);
  });

  it("makes turn overrides the thread's defaults; outputSchema applies to its turn only", async () => {
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    const schema = { type: "object", properties: { answer: { type: "string" } }, required: ["answer"], additionalProperties: false };
    const cwd = workdir(); // another directory than the thread's, outside any project with an AGENTS.md
    await runTurn(server, threadId, text("one"), { model: "gpt-other", effort: "low", summary: "concise", outputSchema: schema, cwd });
    await runTurn(server, threadId, text("two"));
    const [first, second] = mock.requests.map((r) => r.body);
    expect(first.model).toBe("gpt-other");
    expect(first.reasoning).toEqual({ effort: "low", summary: "concise" });
    expect(first.text).toEqual({ format: { type: "json_schema", name: "codex_output_schema", schema, strict: true } });
    expect(first.input[2].content.at(-1).text).toContain(`<cwd>${cwd}</cwd>`);
    expect(second.model).toBe("gpt-other");
    expect(second.reasoning).toEqual({ effort: "low", summary: "concise" });
    expect(second.text).toBeUndefined();
    // The second turn's context is unchanged: its request repeats the first one's context items.
    expect(second.input[2]).toEqual(first.input[2]);
    const read = await server.call("thread/read", { threadId });
    expect(read.thread.model).toBe("gpt-other");
  });

  it("reports rate limits carried by the response headers", async () => {
    mock.enqueue({
      type: "sse",
      events: textResponse(),
      headers: {
        "x-codex-primary-used-percent": "42",
        "x-codex-primary-window-minutes": "300",
        "x-codex-primary-reset-at": "1795660000",
        "x-codex-secondary-used-percent": "7.4",
        "x-codex-secondary-window-minutes": "10080",
        "x-codex-credits-has-credits": "true",
        "x-codex-credits-unlimited": "false",
        "x-codex-credits-balance": "12.50",
      },
    });
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    await runTurn(server, threadId);
    expect(server.notifications("account/rateLimits/updated").map((m) => m.params)).toEqual([
      {
        rateLimits: {
          limitId: "codex",
          limitName: null,
          normalModelSlug: null,
          primary: { usedPercent: 42, windowDurationMins: 300, resetsAt: 1795660000 },
          secondary: { usedPercent: 7, windowDurationMins: 10080, resetsAt: null },
          credits: { hasCredits: true, unlimited: false, balance: "12.50" },
          individualLimit: null,
          spendControlReached: null,
          planType: null,
          rateLimitReachedType: null,
        },
      },
    ]);
  });

  it("inlines local images as data URLs and passes data-URL images through", async () => {
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    const png = path.join(workdir(), "pixel.png");
    writeFileSync(png, Buffer.from("iVBORw0KGgo=", "base64"));
    const dataUrl = "data:image/png;base64,iVBORw0KGgo=";
    const input = [
      { type: "text", text: "look" },
      { type: "image", url: dataUrl },
      { type: "localImage", path: png },
    ];
    const done = await runTurn(server, threadId, input);
    expect(done.turn.status).toBe("completed");
    const content = (mock.requests[0]!.body.input as any[]).at(-1).content;
    expect(content[0]).toEqual({ type: "input_text", text: "look" });
    expect(content[1]).toEqual({ type: "input_image", image_url: dataUrl, detail: "auto" });
    expect(content[2].type).toBe("input_image");
    expect(content[2]).toEqual({ type: "input_image", image_url: "data:image/png;base64,iVBORw0KGgo=", detail: "auto" });
    const userItem = server.notifications("item/completed").map((m) => (m.params as any).item).find((i) => i.type === "userMessage");
    expect(userItem.content).toEqual([
      { type: "text", text: "look", text_elements: [] },
      { type: "image", url: dataUrl, detail: null },
      { type: "localImage", path: png, detail: null },
    ]);
  });

  it("keeps the openai SDK's logging off stdout, even at OPENAI_LOG=debug and LOG_LEVEL=trace", async () => {
    const server = await startTurnServer(mock, { env: { LOG_LEVEL: "trace", OPENAI_LOG: "debug" } });
    const threadId = await startThread(server);
    const done = await runTurn(server, threadId);
    expect(done.turn.status).toBe("completed");
    await expect.poll(() => server.stderr).toContain('"component":"openai"');
    expect(server.stderr).not.toContain("mock-key");
    expect(server.badLines).toEqual([]);
  });

  it("runs turns on several threads at once", async () => {
    mock.defaultReply = () => ({ type: "sse", events: textResponse({ deltas: ["a", "b", "c"] }), delayMs: 20 });
    const server = await startTurnServer(mock);
    const threads = await Promise.all([startThread(server), startThread(server), startThread(server)]);
    const turns = await Promise.all(threads.map((id) => startTurn(server, id, text(`hi ${id}`))));
    const done = await Promise.all(turns.map((t) => turnCompleted(server, t.id)));
    expect(done.map((d) => d.turn.status)).toEqual(["completed", "completed", "completed"]);
    expect(new Set(done.map((d) => d.threadId))).toEqual(new Set(threads));
    expect(mock.requests).toHaveLength(3);
  });
});
