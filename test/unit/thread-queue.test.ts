/**
 * thread/queue/* (experimental): the user-message queue, through an in-process
 * server whose turns stream from the loopback Responses mock. Orders of
 * answers and notifications, and texts, as codex-cli 0.169.0 showed them
 * (driven over stdio against the same mock).
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { InProcessServer, type WireMessage } from "../helpers/in-process-server.js";
import { startMockResponses, textResponse, type MockResponsesServer, type RecordedRequest } from "../helpers/mock-responses.js";
import { mockProviderOverrides } from "../helpers/suite-mock-responses.js";

const text = (value: string) => [{ type: "text", text: value }];

/** The user texts of a model request's input (the last one is the turn's own message). */
function userTexts(request: RecordedRequest): string[] {
  const input = request.body.input as Array<{ role?: string; content?: Array<{ type: string; text?: string }> }>;
  return input
    .filter((item) => item.role === "user")
    .flatMap((item) => item.content ?? [])
    .filter((part) => part.type === "input_text" && !part.text!.startsWith("<"))
    .map((part) => part.text!);
}

describe("thread/queue", () => {
  let mock: MockResponsesServer;
  const savedKey = process.env.MOCK_API_KEY;
  const servers: InProcessServer[] = [];

  beforeAll(async () => {
    mock = await startMockResponses();
    process.env.MOCK_API_KEY = "mock-key";
  });
  afterAll(async () => {
    await mock.close();
    if (savedKey === undefined) delete process.env.MOCK_API_KEY;
    else process.env.MOCK_API_KEY = savedKey;
  });
  beforeEach(() => mock.reset());
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });

  async function start(codexHome?: string, experimentalApi = true): Promise<InProcessServer> {
    const server = new InProcessServer({ codexHome, configOverrides: mockProviderOverrides(mock) });
    servers.push(server);
    await server.initialize(experimentalApi ? { experimentalApi: true } : null);
    return server;
  }

  async function newThread(server: InProcessServer, extra: Record<string, unknown> = {}): Promise<string> {
    const { thread } = await server.call("thread/start", { cwd: mkdtempSync(path.join(os.tmpdir(), "aas-queue-cwd-")), ...extra });
    return thread.id as string;
  }

  /** Methods of the messages received after `from`, responses as `=> <method>`. */
  function sequence(server: InProcessServer, from: number, methods: string[]): string[] {
    return server.received
      .slice(from)
      .map((r) => (r.requestMethod ? `=> ${r.requestMethod}` : String(r.message.method)))
      .filter((m) => methods.includes(m.replace("=> ", "")));
  }

  function completions(server: InProcessServer): WireMessage[] {
    return server.notifications("turn/completed");
  }

  async function waitForCompletions(server: InProcessServer, count: number): Promise<void> {
    await server.waitFor(() => completions(server).length >= count);
  }

  /** A thread whose turn hangs on the model, so that what is added stays queued. */
  async function busyThread(server: InProcessServer): Promise<{ threadId: string; turnId: string }> {
    const threadId = await newThread(server);
    mock.enqueue({ type: "hang" });
    const { turn } = await server.call("turn/start", { threadId, input: text("busy") });
    await mock.waitForRequest(mock.requests.length);
    return { threadId, turnId: turn.id };
  }

  it("is experimental", async () => {
    const server = await start(undefined, false);
    const threadId = await newThread(server);
    const error = await server.callError("thread/queue/list", { threadId });
    expect(error.message).toContain("thread/queue/list");
  });

  it("an add to an idle thread starts it as a turn at once; one added meanwhile follows when that turn ends", async () => {
    const server = await start();
    const threadId = await newThread(server);
    expect(await server.call("thread/queue/list", { threadId })).toEqual({ data: [], nextCursor: null });

    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["one"] }), delayMs: 150 });
    const from = server.received.length;
    const { queuedSubmission } = await server.call("thread/queue/add", { threadId, clientUserMessageId: "c1", input: text("first") });
    expect(queuedSubmission).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/),
      input: [{ type: "text", text: "first", text_elements: [] }],
      clientUserMessageId: "c1",
      responsesapiClientMetadata: null,
    });
    // Added, then taken off for its turn: both told before the answer; the turn starts after it.
    await server.waitForNotification("turn/started");
    expect(sequence(server, from, ["thread/queue/changed", "thread/queue/add", "turn/started"])).toEqual([
      "thread/queue/changed",
      "thread/queue/changed",
      "=> thread/queue/add",
      "turn/started",
    ]);
    const userItem = await server.waitForNotification("item/started", (p) => p.item.type === "userMessage");
    expect(userItem.item.clientId).toBe("c1");

    const second = await server.call("thread/queue/add", { threadId, clientUserMessageId: "c2", input: text("second"), responsesapiClientMetadata: { k: "v" } });
    expect(second.queuedSubmission.responsesapiClientMetadata).toEqual({ k: "v" });
    expect((await server.call("thread/queue/list", { threadId })).data.map((d: any) => d.id)).toEqual([second.queuedSubmission.id]);

    await waitForCompletions(server, 2);
    const turns = completions(server).map((m) => (m.params as any).turn);
    expect(turns.map((t) => t.status)).toEqual(["completed", "completed"]);
    expect(mock.requests).toHaveLength(2);
    expect(userTexts(mock.requests[0]!)).toEqual(["first"]);
    expect(userTexts(mock.requests[1]!)).toEqual(["first", "second"]);
    // Queued turns say so in their turn metadata, with the submission's client metadata.
    const metadata = mock.requests.map((r) => JSON.parse(r.headers["x-codex-turn-metadata"] as string));
    expect(metadata[0]).toMatchObject({ turn_trigger: "queue", request_kind: "turn" });
    expect(metadata[0]).not.toHaveProperty("k");
    expect(metadata[1]).toMatchObject({ turn_trigger: "queue", k: "v", model: "gpt-5.1-codex" });
    // In the reference's order: the trigger right after the root turn, the submission's keys just before the model.
    const keys = Object.keys(metadata[1]);
    expect(keys.slice(keys.indexOf("history_initialization"), keys.indexOf("history_initialization") + 3)).toEqual([
      "history_initialization",
      "root_turn_id",
      "turn_trigger",
    ]);
    expect(keys.slice(-3)).toEqual(["analytics_enabled", "k", "model"]);
    expect(JSON.parse((mock.requests[1]!.body.client_metadata as Record<string, string>)["x-codex-turn-metadata"]!)).toEqual(metadata[1]);
    // The turn that follows another keeps its client as originator.
    expect(mock.requests.map((r) => r.headers.originator)).toEqual(["test_client", "test_client"]);
    expect(await server.call("thread/queue/list", { threadId })).toEqual({ data: [], nextCursor: null });
    // After the first turn/completed: the queue changed (taken off), then the next turn started.
    const afterFirst = server.received.findIndex((r) => r.message.method === "turn/completed");
    expect(sequence(server, afterFirst + 1, ["thread/queue/changed", "turn/started"]).slice(0, 2)).toEqual(["thread/queue/changed", "turn/started"]);
  });

  it("lists in pages of at most 25 with offset cursors; updates, deletes and reorders queued submissions", async () => {
    const server = await start();
    const { threadId, turnId } = await busyThread(server);
    const ids: string[] = [];
    for (let i = 0; i < 27; i++) {
      ids.push((await server.call("thread/queue/add", { threadId, clientUserMessageId: `c${i}`, input: text(`m${i}`) })).queuedSubmission.id);
    }
    const full = await server.call("thread/queue/list", { threadId });
    expect(full.data).toHaveLength(25);
    expect(full.nextCursor).toBe("25");
    expect((await server.call("thread/queue/list", { threadId, limit: 100 })).data).toHaveLength(25);
    const rest = await server.call("thread/queue/list", { threadId, cursor: "25" });
    expect(rest).toMatchObject({ nextCursor: null });
    expect(rest.data.map((d: any) => d.id)).toEqual(ids.slice(25));
    const one = await server.call("thread/queue/list", { threadId, limit: 0 });
    expect(one.data.map((d: any) => d.id)).toEqual([ids[0]]);
    expect(one.nextCursor).toBe("1");
    expect(await server.call("thread/queue/list", { threadId, cursor: "99" })).toEqual({ data: [], nextCursor: null });
    for (const cursor of ["x", "-1"]) {
      expect(await server.callError("thread/queue/list", { threadId, cursor })).toMatchObject({
        code: -32600,
        message: "invalid queue pagination cursor: invalid digit found in string",
      });
    }

    // Update: non-empty metadata replaces, an empty map or none keeps it.
    const updated = await server.call("thread/queue/update", { threadId, queuedSubmissionId: ids[1], input: text("new"), responsesapiClientMetadata: { a: "b" } });
    expect(updated.queuedSubmission).toEqual({ id: ids[1], input: [{ type: "text", text: "new", text_elements: [] }], clientUserMessageId: "c1", responsesapiClientMetadata: { a: "b" } });
    let from = server.received.length;
    const kept = await server.call("thread/queue/update", { threadId, queuedSubmissionId: ids[1], input: text("newer"), responsesapiClientMetadata: {} });
    expect(kept.queuedSubmission.responsesapiClientMetadata).toEqual({ a: "b" });
    await server.waitFor(() => sequence(server, from, ["thread/queue/changed"]).length === 1);
    expect(sequence(server, from, ["thread/queue/changed", "thread/queue/update"])).toEqual(["=> thread/queue/update", "thread/queue/changed"]);
    expect((await server.call("thread/queue/list", { threadId, limit: 2 })).data[1].input[0].text).toBe("newer");
    expect(await server.callError("thread/queue/update", { threadId, queuedSubmissionId: "zz", input: text("x") })).toMatchObject({ code: -32600, message: "queued submission not found: zz" });
    expect(await server.callError("thread/queue/update", { threadId, queuedSubmissionId: "zz", input: [] })).toMatchObject({
      code: -32600,
      message: "only user input can be added to the user-message queue",
    });
    expect(await server.callError("thread/queue/add", { threadId, clientUserMessageId: "e", input: [] })).toMatchObject({
      code: -32600,
      message: "only user input can be added to the user-message queue",
    });

    // Delete: true once, then false; the change is told after the answer, and only when something went.
    from = server.received.length;
    expect(await server.call("thread/queue/delete", { threadId, queuedSubmissionId: ids[0] })).toEqual({ deleted: true });
    await server.waitFor(() => sequence(server, from, ["thread/queue/changed"]).length === 1);
    expect(sequence(server, from, ["thread/queue/changed", "thread/queue/delete"])).toEqual(["=> thread/queue/delete", "thread/queue/changed"]);
    from = server.received.length;
    expect(await server.call("thread/queue/delete", { threadId, queuedSubmissionId: ids[0] })).toEqual({ deleted: false });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sequence(server, from, ["thread/queue/changed"])).toEqual([]);
    const remaining = ids.slice(1);

    // Reorder: every queued submission exactly once.
    const refusal = { code: -32600, message: "queue reorder must include every queued submission exactly once" };
    expect(await server.callError("thread/queue/reorder", { threadId, queuedSubmissionIds: remaining.slice(1) })).toMatchObject(refusal);
    expect(await server.callError("thread/queue/reorder", { threadId, queuedSubmissionIds: [...remaining, remaining[0]] })).toMatchObject(refusal);
    expect(await server.callError("thread/queue/reorder", { threadId, queuedSubmissionIds: [...remaining.slice(1), ids[0]] })).toMatchObject(refusal);
    const reversed = [...remaining].reverse();
    from = server.received.length;
    expect(await server.call("thread/queue/reorder", { threadId, queuedSubmissionIds: reversed })).toEqual({});
    await server.waitFor(() => sequence(server, from, ["thread/queue/changed"]).length === 1);
    expect(sequence(server, from, ["thread/queue/changed", "thread/queue/reorder"])).toEqual(["=> thread/queue/reorder", "thread/queue/changed"]);
    const page1 = await server.call("thread/queue/list", { threadId });
    const page2 = await server.call("thread/queue/list", { threadId, cursor: page1.nextCursor });
    expect([...page1.data, ...page2.data].map((d: any) => d.id)).toEqual(reversed);

    // The interrupt holds the queue: nothing more reaches the model, not even after an add.
    await server.call("turn/interrupt", { threadId, turnId });
    await waitForCompletions(server, 1);
    from = server.received.length;
    const added = (await server.call("thread/queue/add", { threadId, clientUserMessageId: "late", input: text("late") })).queuedSubmission.id;
    await server.waitFor(() => sequence(server, from, ["thread/queue/changed"]).length === 1);
    expect(sequence(server, from, ["thread/queue/changed", "thread/queue/add", "turn/started"])).toEqual(["=> thread/queue/add", "thread/queue/changed"]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(mock.requests).toHaveLength(1);
    expect((await server.call("thread/queue/list", { threadId, cursor: "25" })).data.map((d: any) => d.id)).toEqual([reversed[25], added]);

    // A turn/start turn that ends lets the queue run again: the queued ones follow it, in order.
    for (const id of [...reversed.slice(1, -1), added]) await server.call("thread/queue/delete", { threadId, queuedSubmissionId: id });
    await server.call("turn/start", { threadId, input: text("direct") });
    await waitForCompletions(server, 4);
    expect(mock.requests.slice(1).map((r) => userTexts(r).at(-1))).toEqual(["direct", "m26", "newer"]);
    expect(await server.call("thread/queue/list", { threadId })).toEqual({ data: [], nextCursor: null });
  });

  it("thread/queue/start starts the named (or first) submission after an interrupt held the queue; a failed turn does not hold it", async () => {
    const server = await start();
    const { threadId, turnId } = await busyThread(server);
    const a = (await server.call("thread/queue/add", { threadId, clientUserMessageId: "a", input: text("alpha") })).queuedSubmission.id;
    const b = (await server.call("thread/queue/add", { threadId, clientUserMessageId: "b", input: text("beta") })).queuedSubmission.id;
    expect(await server.callError("thread/queue/start", { threadId, queuedSubmissionId: "nope" })).toMatchObject({ code: -32600, message: "queued submission not found: nope" });
    expect(await server.callError("thread/queue/start", { threadId })).toMatchObject({ code: -32600, message: "thread already has an active or pending turn" });
    await server.call("turn/interrupt", { threadId, turnId });
    await waitForCompletions(server, 1);

    // The second one first; the model fails it, and the queue goes on with the first.
    mock.enqueue({ type: "error", status: 400, body: { error: { message: "bad", type: "invalid_request_error" } } });
    const from = server.received.length;
    const { turn } = await server.call("thread/queue/start", { threadId, queuedSubmissionId: b });
    expect(turn).toMatchObject({ status: "inProgress", items: [], startedAt: null, error: null });
    await server.waitForNotification("turn/started", (p) => p.turn.id === turn.id);
    expect(sequence(server, from, ["thread/queue/start", "thread/queue/changed", "turn/started"])).toEqual([
      "=> thread/queue/start",
      "thread/queue/changed",
      "turn/started",
    ]);
    await waitForCompletions(server, 3);
    const [, failed, next] = completions(server).map((m) => (m.params as any).turn);
    expect(failed).toMatchObject({ id: turn.id, status: "failed" });
    expect(next.status).toBe("completed");
    expect(mock.requests.slice(1).map((r) => userTexts(r).at(-1))).toEqual(["beta", "alpha"]);
    // turn/start's own turn carries no trigger.
    expect(JSON.parse(mock.requests[0]!.headers["x-codex-turn-metadata"] as string)).not.toHaveProperty("turn_trigger");
    expect(await server.call("thread/queue/list", { threadId })).toEqual({ data: [], nextCursor: null });
    expect(await server.callError("thread/queue/start", { threadId })).toMatchObject({ code: -32600, message: "queue is empty" });
    void a;
  });

  it("refuses ephemeral, unknown, malformed and archived threads as the reference does", async () => {
    const server = await start();
    const ephemeral = await newThread(server, { ephemeral: true });
    for (const method of ["thread/queue/list", "thread/queue/add"]) {
      expect(await server.callError(method, { threadId: ephemeral, clientUserMessageId: "x", input: text("x") })).toEqual({
        code: -32600,
        message: `ephemeral thread does not support queued submissions: ${ephemeral}`,
      });
    }
    const unknown = "019a0000-0000-7000-8000-000000000000";
    expect(await server.callError("thread/queue/start", { threadId: unknown })).toEqual({
      code: -32603,
      message: `failed to read thread: invalid thread-store request: no rollout found for thread id ${unknown}`,
    });
    expect((await server.callError("thread/queue/list", { threadId: "bad" })).message).toMatch(/^invalid thread id: /);

    const threadId = await newThread(server);
    await server.call("turn/start", { threadId, input: text("hi") });
    await waitForCompletions(server, 1);
    await server.call("thread/archive", { threadId });
    expect(await server.callError("thread/queue/list", { threadId })).toEqual({
      code: -32600,
      message: `session ${threadId} is archived. Run \`codex unarchive ${threadId}\` to unarchive it first.`,
    });
  });

  it("the queue is stored: after a restart it lists while the thread is not loaded, and starts once it is resumed", async () => {
    const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-queue-home-"));
    const first = await start(codexHome);
    const threadId = await newThread(first);
    await first.call("turn/start", { threadId, input: text("stored") });
    await waitForCompletions(first, 1);
    mock.enqueue({ type: "hang" });
    await first.call("turn/start", { threadId, input: text("hanging") });
    await mock.waitForRequest(1);
    const kept = (await first.call("thread/queue/add", { threadId, clientUserMessageId: "k", input: text("kept"), responsesapiClientMetadata: { m: "1" } })).queuedSubmission;
    await first.close();
    servers.splice(servers.indexOf(first), 1);

    mock.reset();
    const second = await start(codexHome);
    expect(await second.call("thread/queue/list", { threadId })).toEqual({ data: [kept], nextCursor: null });
    // Not loaded: it may be added to (nobody to tell) but not started.
    const later = (await second.call("thread/queue/add", { threadId, clientUserMessageId: "l", input: text("later") })).queuedSubmission;
    expect(second.notifications("thread/queue/changed")).toEqual([]);
    expect(await second.callError("thread/queue/start", { threadId })).toEqual({ code: -32600, message: "resume the thread before starting a queued message" });
    await second.call("thread/resume", { threadId });
    // Resumed, the queue still waits, through an add too, for thread/queue/start.
    const after = (await second.call("thread/queue/add", { threadId, clientUserMessageId: "a", input: text("after") })).queuedSubmission;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(mock.requests).toHaveLength(0);
    expect(second.notifications("thread/queue/changed")).toHaveLength(1);
    expect((await second.call("thread/queue/list", { threadId })).data.map((d: any) => d.id)).toEqual([kept.id, later.id, after.id]);
    await second.call("thread/queue/start", { threadId });
    await waitForCompletions(second, 3);
    expect(mock.requests.map((r) => userTexts(r).at(-1))).toEqual(["kept", "later", "after"]);
    expect(JSON.parse(mock.requests[0]!.headers["x-codex-turn-metadata"] as string)).toMatchObject({ turn_trigger: "queue", m: "1" });
  });
});
