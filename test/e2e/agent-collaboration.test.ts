/**
 * Multi-agent v2 through the protocol: a code-mode model (gpt-6.1-sol, the
 * catalogue's `multi_agent_version: "v2"`) calls the `collaboration`
 * namespace directly — spawn_agent, wait_agent, list_agents, send_message,
 * followup_task, interrupt_agent. Sub-agents are child threads addressed by
 * path (`/root/<task_name>`) whose turns run against the same mock; the
 * parent sees `subAgentActivity` items and a `collabAgentToolCall` item for
 * each wait; a finished child's answer reaches the parent as a message.
 * Bad input gets the reference's texts and the turn goes on.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { functionCallResponse, startMockResponses, textResponse, type FunctionCallSpec, type MockReply, type MockResponsesServer, type RecordedRequest } from "../helpers/mock-responses.js";
import type { ServerProcess } from "../helpers/server-process.js";
import { startTurn, startTurnServer, text, turnCompleted, workdir } from "../helpers/turns.js";
import { toolOutput } from "../helpers/tools.js";

let mock: MockResponsesServer;
const servers: ServerProcess[] = [];
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

const MODEL = "gpt-6.1-sol";

async function server(): Promise<ServerProcess> {
  const started = await startTurnServer(mock, { capabilities: { experimentalApi: true } });
  servers.push(started);
  return started;
}

async function codeThread(s: ServerProcess): Promise<string> {
  const result = await s.call("thread/start", { cwd: workdir(), model: MODEL, sandbox: "danger-full-access", approvalPolicy: "never" });
  return result.thread.id;
}

function collab(name: string, callId: string, args: Record<string, unknown>): FunctionCallSpec {
  return { name, namespace: "collaboration", callId, arguments: args };
}

function calls(...specs: FunctionCallSpec[]): MockReply {
  return { type: "sse", events: functionCallResponse({ calls: specs }) };
}

function answer(value: string): MockReply {
  return { type: "sse", events: textResponse({ deltas: [value] }) };
}

function userTexts(request: RecordedRequest): string[] {
  return (request.body.input as any[])
    .filter((item) => item.type === "message" && item.role === "user")
    .flatMap((item) => item.content.map((part: any) => part.text as string));
}

/** A sub-agent's task as the reference hands it over: the inter-agent envelope. */
function envelope(type: string, taskName: string, sender: string, payload: string): string {
  return `Message Type: ${type}\nTask name: ${taskName}\nSender: ${sender}\nPayload:\n${payload}`;
}

/**
 * Replies by thread: the parent is the thread whose id is the request's
 * prompt_cache_key; a child is named by a text its first request carries.
 */
function route(parentId: () => string, roles: Record<string, string>, steps: Record<string, Array<(request: RecordedRequest) => MockReply>>) {
  const byThread = new Map<string, string>();
  const counts = new Map<string, number>();
  mock.defaultReply = (request: RecordedRequest) => {
    const key = request.body.prompt_cache_key as string;
    let role = byThread.get(key);
    if (!role) {
      role = key === parentId() ? "parent" : Object.entries(roles).find(([, task]) => userTexts(request).some((t) => t.includes(task)))?.[0];
      if (!role) throw new Error(`no role for request of ${key}`);
      byThread.set(key, role);
    }
    const count = counts.get(role) ?? 0;
    counts.set(role, count + 1);
    const step = steps[role]?.[count];
    return step ? step(request) : answer(`${role} is done`);
  };
}

function requestsOf(threadId: string): RecordedRequest[] {
  return mock.requests.filter((r) => r.body.prompt_cache_key === threadId);
}

function completedItems(s: ServerProcess, type: string): any[] {
  return s
    .notifications("item/completed")
    .map((m) => m.params as any)
    .filter((p) => p.item.type === type);
}

describe("collaboration namespace (multi-agent v2)", () => {
  it("spawns a sub-agent by task name, wakes wait_agent with its final answer and lists the team", async () => {
    const s = await server();
    let parent = "";
    route(() => parent, { worker: "Count the files." }, {
      parent: [
        () => calls(collab("spawn_agent", "call_spawn", { task_name: "worker", message: "Count the files.", fork_turns: "none" })),
        () => calls(collab("wait_agent", "call_wait", { timeout_ms: 20_000 })),
        () => calls(collab("list_agents", "call_list", {})),
        () => answer("The worker counted 3 files."),
      ],
      worker: [() => answer("There are 3 files.")],
    });
    parent = await codeThread(s);
    const turn = await startTurn(s, parent, text("Delegate the count."));
    expect((await turnCompleted(s, turn.id, 30_000)).turn.status).toBe("completed");

    const last = requestsOf(parent).at(-1)!;
    const spawned = JSON.parse(toolOutput(last, "call_spawn"));
    expect(Object.keys(spawned)).toEqual(["task_name", "nickname"]);
    expect(spawned.task_name).toBe("/root/worker");
    expect(typeof spawned.nickname).toBe("string");
    expect(JSON.parse(toolOutput(last, "call_wait"))).toEqual({ message: "Wait completed.", timed_out: false });
    // The namespaced call goes back with its namespace.
    expect((last.body.input as any[]).find((i) => i.type === "function_call" && i.call_id === "call_spawn").namespace).toBe("collaboration");

    // The child: a thread of its own with its path, started on its task envelope.
    const started = completedItems(s, "subAgentActivity").find((p) => p.item.id === "call_spawn");
    const child = started.item.agentThreadId as string;
    expect(started.threadId).toBe(parent);
    expect(started.turnId).toBe(turn.id);
    expect(started.item).toMatchObject({ type: "subAgentActivity", kind: "started", agentPath: "/root/worker", model: MODEL });
    // The reference reports activity with item/completed only.
    expect(s.notifications("item/started").some((m) => (m.params as any).item.type === "subAgentActivity")).toBe(false);
    const read = await s.call("thread/read", { threadId: child, includeTurns: true });
    expect(read.thread.parentThreadId).toBe(parent);
    // Its parent drives it: clients are told it takes no direct input.
    expect(read.thread.canAcceptDirectInput).toBe(false);
    expect((await s.call("thread/read", { threadId: parent })).thread.canAcceptDirectInput).toBe(true);
    expect(read.thread.source).toEqual({
      subAgent: { thread_spawn: { parent_thread_id: parent, depth: 1, agent_path: "/root/worker", agent_nickname: spawned.nickname, agent_role: null } },
    });
    const childRequest = requestsOf(child)[0]!;
    expect(userTexts(childRequest)).toContain(envelope("NEW_TASK", "/root/worker", "/root", "Count the files."));
    // A sub-agent is not offered request_user_input_async (the reference keeps it to the thread a user talks to).
    const childFunctions = (childRequest.body.input as any[])[0].tools.find((ns: any) => ns.name === "functions");
    expect(childFunctions.tools.map((t: any) => t.name)).toEqual(["exec", "wait", "request_user_input"]);

    // wait_agent: a collabAgentToolCall item, started then completed, with no receivers.
    const waitStarted = s.notifications("item/started").map((m) => (m.params as any).item).find((i) => i.id === "call_wait");
    expect(waitStarted).toMatchObject({ type: "collabAgentToolCall", tool: "wait", status: "inProgress", senderThreadId: parent, receiverThreadIds: [], agentsStates: {} });
    const waitDone = completedItems(s, "collabAgentToolCall").find((p) => p.item.id === "call_wait").item;
    expect(waitDone).toMatchObject({ tool: "wait", status: "completed", receiverThreadIds: [], agentsStates: {} });

    // The child's finish: an activity item in the parent's turn and its answer as a message to the parent.
    const childTurn = s.notifications("turn/completed").map((m) => m.params as any).find((p) => p.threadId === child).turn;
    const finished = completedItems(s, "subAgentActivity").find((p) => p.item.kind === "completed");
    expect(finished.threadId).toBe(parent);
    expect(finished.item).toMatchObject({ id: `subagent-completed-${childTurn.id}`, agentThreadId: child, agentPath: "/root/worker" });
    const afterWait = requestsOf(parent)[2]!;
    expect(userTexts(afterWait)).toContain(envelope("FINAL_ANSWER", "/root", "/root/worker", "There are 3 files."));

    expect(JSON.parse(toolOutput(last, "call_list"))).toEqual({
      agents: [
        { agent_name: "/root", agent_status: "running", last_task_message: "Main thread" },
        { agent_name: "/root/worker", agent_status: { completed: "There are 3 files." }, last_task_message: "Count the files." },
      ],
    });
    // The parent's history keeps the activity items.
    const parentRead = await s.call("thread/read", { threadId: parent, includeTurns: true });
    const kinds = parentRead.thread.turns[0].items.map((i: any) => i.type);
    expect(kinds.filter((k: string) => k === "subAgentActivity")).toHaveLength(2);
  }, 60_000);

  it("send_message waits for the agent's next turn, followup_task starts one; bad input gets the reference's texts", async () => {
    const s = await server();
    let parent = "";
    const unknown = "00000000-0000-7000-8000-000000000000";
    route(() => parent, { worker: "First task." }, {
      parent: [
        () => calls(collab("spawn_agent", "call_spawn", { task_name: "worker", message: "First task.", fork_turns: "none" })),
        () => calls(collab("wait_agent", "call_wait1", {})),
        () => calls(collab("send_message", "call_send", { target: "worker", message: "Use the docs folder." })),
        () => calls(collab("followup_task", "call_followup", { target: "/root/worker", message: "Second task." })),
        () => calls(collab("wait_agent", "call_wait2", { timeout_ms: 20_000 })),
        () =>
          calls(
            collab("followup_task", "call_root", { target: "/root", message: "x" }),
            collab("send_message", "call_nobody", { target: "nobody", message: "x" }),
            collab("send_message", "call_unknown", { target: unknown, message: "x" }),
            collab("send_message", "call_empty", { target: "worker", message: "  " }),
            collab("send_message", "call_badpath", { target: "../up", message: "x" }),
            collab("interrupt_agent", "call_interrupt_root", { target: "/root" }),
            collab("spawn_agent", "call_dup", { task_name: "worker", message: "again", fork_turns: "none" }),
            collab("spawn_agent", "call_badname", { task_name: "Bad Name", message: "x" }),
            collab("spawn_agent", "call_forkctx", { task_name: "other", message: "x", fork_context: true }),
            collab("spawn_agent", "call_forkturns", { task_name: "other", message: "x", fork_turns: "0" }),
            collab("spawn_agent", "call_unknownfield", { task_name: "other", message: "x", color: "red" }),
            collab("spawn_agent", "call_missing", { message: "x" }),
            collab("wait_agent", "call_short", { timeout_ms: 5 }),
            collab("list_agents", "call_prefix", { path_prefix: "worker" }),
          ),
        () => answer("ok"),
      ],
      worker: [() => answer("first done"), () => answer("second done")],
    });
    parent = await codeThread(s);
    const turn = await startTurn(s, parent, text("go"));
    expect((await turnCompleted(s, turn.id, 30_000)).turn.status).toBe("completed");

    const last = requestsOf(parent).at(-1)!;
    expect(toolOutput(last, "call_send")).toBe("");
    expect(toolOutput(last, "call_followup")).toBe("");
    expect(JSON.parse(toolOutput(last, "call_wait2"))).toEqual({ message: "Wait completed.", timed_out: false });
    const child = completedItems(s, "subAgentActivity").find((p) => p.item.id === "call_spawn").item.agentThreadId as string;

    // The message waited in the worker's context; the follow-up started its second turn.
    const childTurns = s.notifications("turn/completed").filter((m) => (m.params as any).threadId === child);
    expect(childTurns.map((m) => (m.params as any).turn.status)).toEqual(["completed", "completed"]);
    const second = userTexts(requestsOf(child)[1]!);
    const message = second.indexOf(envelope("MESSAGE", "/root/worker", "/root", "Use the docs folder."));
    const task = second.indexOf(envelope("NEW_TASK", "/root/worker", "/root", "Second task."));
    expect(message).toBeGreaterThanOrEqual(0);
    expect(task).toBeGreaterThan(message);
    for (const id of ["call_send", "call_followup"]) {
      const activity = completedItems(s, "subAgentActivity").find((p) => p.item.id === id).item;
      expect(activity).toMatchObject({ kind: "interacted", agentThreadId: child, agentPath: "/root/worker", model: null });
    }

    expect(toolOutput(last, "call_root")).toBe("Follow-up tasks can't target the root agent");
    expect(toolOutput(last, "call_nobody")).toBe("live agent path `/root/nobody` not found");
    expect(toolOutput(last, "call_unknown")).toBe(`agent with id ${unknown} not found`);
    expect(toolOutput(last, "call_empty")).toBe("Empty message can't be sent to an agent");
    expect(toolOutput(last, "call_badpath")).toBe("agent_name `..` is reserved");
    expect(toolOutput(last, "call_interrupt_root")).toBe("root is not a spawned agent");
    expect(toolOutput(last, "call_dup")).toBe("agent path `/root/worker` already exists");
    expect(toolOutput(last, "call_badname")).toBe("agent_name must use only lowercase letters, digits, and underscores");
    expect(toolOutput(last, "call_forkctx")).toBe("fork_context is not supported in MultiAgentV2; use fork_turns instead");
    expect(toolOutput(last, "call_forkturns")).toBe("fork_turns must be `none`, `all`, or a positive integer string");
    expect(toolOutput(last, "call_unknownfield")).toBe(
      "failed to parse function arguments: unknown field `color`, expected one of `message`, `task_name`, `agent_type`, `model`, `reasoning_effort`, `service_tier`, `fork_turns`, `fork_context`",
    );
    expect(toolOutput(last, "call_missing")).toBe("failed to parse function arguments: missing field `task_name`");
    expect(toolOutput(last, "call_short")).toBe("timeout_ms must be at least 10000");
    expect(JSON.parse(toolOutput(last, "call_prefix"))).toEqual({
      agents: [{ agent_name: "/root/worker", agent_status: { completed: "second done" }, last_task_message: "Second task." }],
    });
    // Refused calls report no activity; only the one worker exists.
    expect(completedItems(s, "subAgentActivity").filter((p) => p.item.kind === "started")).toHaveLength(1);
  }, 60_000);

  it("interrupt_agent stops a working sub-agent and reports its previous status; an idle wait times out", async () => {
    const s = await server();
    let parent = "";
    route(() => parent, { slow: "Think for a long time." }, {
      parent: [
        () => calls(collab("spawn_agent", "call_spawn", { task_name: "slow", message: "Think for a long time.", fork_turns: "none" })),
        () => calls(collab("interrupt_agent", "call_interrupt", { target: "slow" })),
        () => calls(collab("wait_agent", "call_wait", { timeout_ms: 10_000 })),
        () => answer("stopped"),
      ],
      slow: [() => ({ type: "hang" })],
    });
    parent = await codeThread(s);
    const turn = await startTurn(s, parent, text("go"));
    expect((await turnCompleted(s, turn.id, 40_000)).turn.status).toBe("completed");
    const last = requestsOf(parent).at(-1)!;
    expect(JSON.parse(toolOutput(last, "call_interrupt"))).toEqual({ previous_status: "running" });
    const interrupted = completedItems(s, "subAgentActivity").find((p) => p.item.id === "call_interrupt").item;
    const child = interrupted.agentThreadId as string;
    expect(interrupted).toMatchObject({ kind: "interrupted", agentPath: "/root/slow" });
    const childTurns = s.notifications("turn/completed").filter((m) => (m.params as any).threadId === child);
    expect(childTurns.map((m) => (m.params as any).turn.status)).toEqual(["interrupted"]);
    // An interrupted agent sends its parent nothing: the wait runs out.
    expect(JSON.parse(toolOutput(last, "call_wait"))).toEqual({ message: "Wait timed out.", timed_out: true });
    expect(completedItems(s, "subAgentActivity").some((p) => p.item.kind === "completed")).toBe(false);
  }, 60_000);
});

describe("a sub-agent that outlives its parent's turn", () => {
  it("reports its finish in the turn that spawned it, after that turn ended; its answer reaches the parent's next request; clients may not drive it", async () => {
    const s = await server();
    let parent = "";
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    route(() => parent, { worker: "Take your time." }, {
      parent: [
        () => calls(collab("spawn_agent", "call_spawn", { task_name: "worker", message: "Take your time.", fork_turns: "none" })),
        () => answer("Started a worker."),
        () => answer("Noted."),
      ],
      worker: [() => ({ type: "sse", events: textResponse({ deltas: ["Took my time."] }), waitBefore: { index: 0, promise: gate } })],
    });
    parent = await codeThread(s);
    const first = await startTurn(s, parent, text("Start a worker."));
    expect((await turnCompleted(s, first.id, 30_000)).turn.status).toBe("completed");
    const child = completedItems(s, "subAgentActivity").find((p) => p.item.id === "call_spawn").item.agentThreadId as string;

    // A multi-agent v2 sub-agent takes input from its parent only.
    const refused = { code: -32600, message: "direct app-server input is not allowed for multi-agent v2 sub-agents" };
    expect(await s.callError("turn/start", { threadId: child, input: text("hi") })).toEqual(refused);
    const childTurn = (await s.waitForNotification("turn/started", (p) => p.threadId === child)).turn.id;
    expect(await s.callError("turn/steer", { threadId: child, expectedTurnId: childTurn, input: text("hi") })).toEqual(refused);

    release();
    const finished = await s.waitForNotification("item/completed", (p) => p.item.type === "subAgentActivity" && p.item.kind === "completed", 20_000);
    expect(finished).toMatchObject({ threadId: parent, turnId: first.id, item: { id: `subagent-completed-${childTurn}`, agentThreadId: child, agentPath: "/root/worker" } });
    const order = s.received.map((entry) => entry.message as any);
    const parentDone = order.findIndex((m: any) => m.method === "turn/completed" && m.params.turn.id === first.id);
    const reported = order.findIndex((m: any) => m.method === "item/completed" && m.params.item.type === "subAgentActivity" && m.params.item.kind === "completed");
    expect(reported).toBeGreaterThan(parentDone);
    const read = await s.call("thread/read", { threadId: parent, includeTurns: true });
    expect(read.thread.turns[0].items.filter((i: any) => i.type === "subAgentActivity").map((i: any) => i.kind)).toEqual(["started", "completed"]);

    const second = await startTurn(s, parent, text("Any news?"));
    expect((await turnCompleted(s, second.id, 30_000)).turn.status).toBe("completed");
    const texts = userTexts(requestsOf(parent).at(-1)!);
    const news = texts.indexOf(envelope("FINAL_ANSWER", "/root", "/root/worker", "Took my time."));
    expect(news).toBeGreaterThanOrEqual(0);
    expect(texts.indexOf("Any news?")).toBeGreaterThan(news);
  }, 60_000);
});

describe("request_user_input_async", () => {
  it("shows the questions as an async agentMessage without asking the client, answers {\"accepted\":true} and keeps them out of the model context", async () => {
    const s = await server();
    const threadId = await codeThread(s);
    const questions = [
      { title: "Which database?", options: ["Postgres (Recommended)", "SQLite"] },
      { title: "Anything else to know?" },
    ];
    mock.enqueue({ type: "sse", events: functionCallResponse({ calls: [{ name: "request_user_input_async", namespace: "functions", callId: "call_ask", arguments: { questions } }] }) });
    mock.enqueue({
      type: "sse",
      events: functionCallResponse({
        calls: [
          { name: "request_user_input_async", namespace: "functions", callId: "call_none", arguments: { questions: [] } },
          { name: "request_user_input_async", namespace: "functions", callId: "call_blank", arguments: { questions: [{ title: " " }] } },
          { name: "request_user_input_async", namespace: "functions", callId: "call_noopts", arguments: { questions: [{ title: "Which?", options: [] }] } },
          { name: "request_user_input_async", namespace: "functions", callId: "call_extra", arguments: { questions: [{ title: "Which?" }], mode: "async" } },
        ],
      }),
    });
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["Working on it meanwhile."] }) });
    const turn = await startTurn(s, threadId, text("Set up the project."));
    expect((await turnCompleted(s, turn.id, 30_000)).turn.status).toBe("completed");

    const text1 = "Which database?\n- Postgres (Recommended)\n- SQLite\n\nAnything else to know?";
    const expectedItem = {
      type: "agentMessage",
      id: "call_ask",
      text: text1,
      phase: "final_answer",
      delivery: "async",
      questions: [
        { title: "Which database?", options: ["Postgres (Recommended)", "SQLite"] },
        { title: "Anything else to know?", options: null },
      ],
    };
    const started = s.notifications("item/started").map((m) => (m.params as any).item).find((i) => i.id === "call_ask");
    expect(started).toMatchObject(expectedItem);
    const completed = completedItems(s, "agentMessage").filter((p) => p.item.id === "call_ask");
    expect(completed).toHaveLength(1);
    expect(completed[0].item).toMatchObject(expectedItem);
    expect(s.received.filter((entry) => entry.message.method === "item/tool/requestUserInput")).toEqual([]);

    const second = mock.requests[1]!;
    expect(toolOutput(second, "call_ask")).toBe('{"accepted":true}');
    const assistantTexts = (second.body.input as any[]).filter((i) => i.type === "message" && i.role === "assistant").flatMap((i) => i.content.map((c: any) => c.text));
    expect(assistantTexts.some((t: string) => t.includes("Which database?"))).toBe(false);

    const third = mock.requests[2]!;
    expect(toolOutput(third, "call_none")).toBe("questions must not be empty");
    expect(toolOutput(third, "call_blank")).toBe("question titles must not be empty");
    expect(toolOutput(third, "call_noopts")).toBe("options must contain at least one non-empty answer");
    expect(toolOutput(third, "call_extra")).toBe("failed to parse function arguments: unknown field `mode`, expected `questions`");
    // Refused questions show the user nothing.
    expect(completedItems(s, "agentMessage").filter((p) => p.item.delivery === "async")).toHaveLength(1);
  }, 60_000);
});
