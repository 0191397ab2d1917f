/**
 * Sub-agents through the protocol: the model's multi_agent_v1 tools
 * (spawn_agent, wait_agent, send_input, close_agent) start and drive child
 * threads whose turns run against the same mock concurrently; every call is
 * a collabAgentToolCall item; children are threads with their parent link;
 * limits give the model the reference's texts; an interrupt from the top
 * stops the whole tree and its processes.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { functionCallResponse, startMockResponses, textResponse, type FunctionCallSpec, type MockReply, type MockResponsesServer, type RecordedRequest } from "../helpers/mock-responses.js";
import type { ServerProcess } from "../helpers/server-process.js";
import { startThread, startTurn, startTurnServer, text, turnCompleted } from "../helpers/turns.js";
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

/** Experimental clients: thread/list's parent and ancestor filters are experimental. */
async function server(args: string[] = []): Promise<ServerProcess> {
  const started = await startTurnServer(mock, { args, capabilities: { experimentalApi: true } });
  servers.push(started);
  return started;
}

const NS = "multi_agent_v1";

function agentCall(name: string, callId: string, args: Record<string, unknown>): FunctionCallSpec {
  return { name, namespace: NS, callId, arguments: args };
}

function calls(...specs: FunctionCallSpec[]): MockReply {
  return { type: "sse", events: functionCallResponse({ calls: specs }) };
}

function answer(value: string): MockReply {
  return { type: "sse", events: textResponse({ deltas: [value] }) };
}

/** The user texts of a request (the thread's task tells the threads apart). */
function userTexts(request: RecordedRequest): string[] {
  return (request.body.input as any[])
    .filter((item) => item.type === "message" && item.role === "user")
    .flatMap((item) => item.content.map((part: any) => part.text as string));
}

/**
 * Replies by thread: `roles` names a thread by its first task text (or
 * `parent` for requests carrying `parentId` as prompt_cache_key); each role
 * gets its steps in order (a function of the request, for ids the model
 * learnt from earlier outputs).
 */
function route(parentId: () => string, roles: Record<string, string>, steps: Record<string, Array<(request: RecordedRequest) => MockReply>>) {
  const byThread = new Map<string, string>();
  const counts = new Map<string, number>();
  mock.defaultReply = (request: RecordedRequest) => {
    const key = request.body.prompt_cache_key as string;
    let role = byThread.get(key);
    if (!role) {
      role = key === parentId() ? "parent" : Object.entries(roles).find(([, task]) => userTexts(request).includes(task))?.[0];
      if (!role) throw new Error(`no role for request of ${key}`);
      byThread.set(key, role);
    }
    const count = counts.get(role) ?? 0;
    counts.set(role, count + 1);
    const step = steps[role]?.[count];
    return step ? step(request) : answer(`${role} is done`);
  };
}

function agentIdFrom(request: RecordedRequest, callId: string): string {
  return JSON.parse(toolOutput(request, callId)).agent_id as string;
}

function requestsOf(threadId: string): RecordedRequest[] {
  return mock.requests.filter((r) => r.body.prompt_cache_key === threadId);
}

function collabItems(s: ServerProcess, method: "item/started" | "item/completed", callId: string): any[] {
  return s
    .notifications(method)
    .map((m) => m.params as any)
    .filter((p) => p.item.type === "collabAgentToolCall" && p.item.id === callId)
    .map((p) => p.item);
}

describe("spawn_agent, wait_agent, close_agent", () => {
  it("runs the child's turn against the model, hands its final message back and reports every call as a collabAgentToolCall item", async () => {
    const s = await server();
    let parent = "";
    route(() => parent, { child: "Count the files." }, {
      parent: [
        () => calls(agentCall("spawn_agent", "call_spawn", { message: "Count the files." })),
        (r) => calls(agentCall("wait_agent", "call_wait", { targets: [agentIdFrom(r, "call_spawn")], timeout_ms: 20_000 })),
        (r) => calls(agentCall("close_agent", "call_close", { target: agentIdFrom(r, "call_spawn") })),
        () => answer("The child counted 3 files."),
      ],
      child: [() => answer("There are 3 files.")],
    });
    parent = await startThread(s);
    const turn = await startTurn(s, parent, text("Delegate the count."));
    const completed = await turnCompleted(s, turn.id, 20_000);
    expect(completed.turn.status).toBe("completed");

    // The tools as offered to a fallback model: the namespace in `tools`.
    const first = requestsOf(parent)[0]!;
    const namespace = (first.body.tools as any[]).find((t) => t.type === "namespace");
    expect(namespace.name).toBe(NS);
    expect(namespace.tools.map((t: any) => t.name)).toEqual(["close_agent", "resume_agent", "send_input", "spawn_agent", "wait_agent"]);
    expect(namespace.tools.find((t: any) => t.name === "wait_agent").parameters).toMatchObject({ required: ["targets"], additionalProperties: false });

    const last = requestsOf(parent).at(-1)!;
    const spawned = JSON.parse(toolOutput(last, "call_spawn"));
    const child = spawned.agent_id as string;
    expect(child).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof spawned.nickname).toBe("string");
    expect(JSON.parse(toolOutput(last, "call_wait"))).toEqual({ status: { [child]: { completed: "There are 3 files." } }, timed_out: false });
    expect(JSON.parse(toolOutput(last, "call_close"))).toEqual({ previous_status: { completed: "There are 3 files." } });
    // The model's namespaced call goes back with its namespace.
    expect((last.body.input as any[]).find((i) => i.call_id === "call_spawn" && i.type === "function_call").namespace).toBe(NS);

    // The child ran its own turn with the parent's settings; at the default depth limit it has no agent tools.
    const childRequest = requestsOf(child)[0]!;
    expect(userTexts(childRequest)).toContain("Count the files.");
    expect(childRequest.body.model).toBe(first.body.model);
    expect((childRequest.body.tools as any[]).some((t) => t.type === "namespace")).toBe(false);

    // Its lifecycle on the wire, as the reference sends it: no thread/started, an idle status, then its turn.
    expect(s.notifications("thread/started").map((m) => (m.params as any).thread.id)).toEqual([parent]);
    const childStatus = s.notifications("thread/status/changed").filter((m) => (m.params as any).threadId === child);
    expect(childStatus.map((m) => (m.params as any).status.type)).toEqual(["idle", "active", "idle"]);
    const childTurns = s.notifications("turn/completed").filter((m) => (m.params as any).threadId === child);
    expect(childTurns.map((m) => (m.params as any).turn.status)).toEqual(["completed"]);
    expect(s.notifications("thread/readState/changed").filter((m) => (m.params as any).threadId === child)).toEqual([]);

    // collabAgentToolCall items: started in progress, completed with the receivers and their states.
    const [spawnStarted] = collabItems(s, "item/started", "call_spawn");
    expect(spawnStarted).toMatchObject({ tool: "spawnAgent", status: "inProgress", senderThreadId: parent, receiverThreadIds: [], prompt: "Count the files.", agentsStates: {} });
    const [spawnDone] = collabItems(s, "item/completed", "call_spawn");
    expect(spawnDone).toMatchObject({ tool: "spawnAgent", status: "completed", senderThreadId: parent, receiverThreadIds: [child], model: first.body.model });
    expect(spawnDone.agentsStates[child].status).toMatch(/^(pendingInit|running|completed)$/);
    const [waitDone] = collabItems(s, "item/completed", "call_wait");
    expect(waitDone).toMatchObject({ tool: "wait", status: "completed", receiverThreadIds: [child], agentsStates: { [child]: { status: "completed", message: "There are 3 files." } } });
    const [closeDone] = collabItems(s, "item/completed", "call_close");
    expect(closeDone).toMatchObject({ tool: "closeAgent", status: "completed", receiverThreadIds: [child], agentsStates: { [child]: { status: "completed", message: "There are 3 files." } } });

    // The child is a thread of its own, listed and readable with its parent link.
    const read = await s.call("thread/read", { threadId: child, includeTurns: true });
    expect(read.thread.parentThreadId).toBe(parent);
    expect(read.thread.source).toEqual({ subAgent: { thread_spawn: { parent_thread_id: parent, depth: 1, agent_path: null, agent_nickname: spawned.nickname, agent_role: null } } });
    expect(read.thread.agentNickname).toBe(spawned.nickname);
    expect(read.thread.sessionId).toBe(parent);
    expect(read.thread.turns).toHaveLength(1);
    const listed = await s.call("thread/list", { sourceKinds: ["subAgentThreadSpawn"] });
    expect(listed.data.map((t: any) => [t.id, t.parentThreadId, t.sessionId])).toEqual([[child, parent, child]]);
    const interactive = await s.call("thread/list", {});
    expect(interactive.data.map((t: any) => t.id)).toEqual([parent]);
    // The parent's history keeps the collab items.
    const parentRead = await s.call("thread/read", { threadId: parent, includeTurns: true });
    const kinds = parentRead.thread.turns[0].items.map((i: any) => i.type);
    expect(kinds.filter((k: string) => k === "collabAgentToolCall")).toHaveLength(3);
  });

  it("send_input starts another turn on an idle child; unknown agents and bad input get the reference's texts", async () => {
    const s = await server();
    let parent = "";
    const unknown = "00000000-0000-7000-8000-000000000000";
    route(() => parent, { child: "First task." }, {
      parent: [
        () => calls(agentCall("spawn_agent", "call_spawn", { message: "First task." }), agentCall("spawn_agent", "call_both", { message: "x", items: [{ type: "text", text: "y" }] })),
        (r) => calls(agentCall("wait_agent", "call_wait1", { targets: [agentIdFrom(r, "call_spawn")] })),
        (r) => calls(agentCall("send_input", "call_send", { target: agentIdFrom(r, "call_spawn"), message: "Second task." })),
        (r) => calls(agentCall("wait_agent", "call_wait2", { targets: [agentIdFrom(r, "call_spawn")] })),
        () => calls(agentCall("send_input", "call_unknown", { target: unknown, message: "hi" }), agentCall("wait_agent", "call_bad", { targets: ["nope"] })),
        () => answer("ok"),
      ],
      child: [() => answer("first done"), () => answer("second done")],
    });
    parent = await startThread(s);
    const turn = await startTurn(s, parent, text("go"));
    expect((await turnCompleted(s, turn.id, 20_000)).turn.status).toBe("completed");
    const last = requestsOf(parent).at(-1)!;
    const child = agentIdFrom(last, "call_spawn");
    expect(toolOutput(last, "call_both")).toBe("Provide either message or items, but not both");
    expect(JSON.parse(toolOutput(last, "call_send"))).toEqual({ submission_id: expect.any(String) });
    expect(JSON.parse(toolOutput(last, "call_wait2"))).toEqual({ status: { [child]: { completed: "second done" } }, timed_out: false });
    expect(toolOutput(last, "call_unknown")).toBe(`agent with id ${unknown} not found`);
    expect(toolOutput(last, "call_bad")).toMatch(/^invalid agent id nope/);
    const [sendDone] = collabItems(s, "item/completed", "call_send");
    expect(sendDone).toMatchObject({ tool: "sendInput", receiverThreadIds: [child], prompt: "Second task." });
    const [unknownDone] = collabItems(s, "item/completed", "call_unknown");
    expect(unknownDone).toMatchObject({ tool: "sendInput", status: "failed", agentsStates: { [unknown]: { status: "notFound", message: null } } });
    expect(requestsOf(child)).toHaveLength(2);
    expect(userTexts(requestsOf(child)[1]!)).toContain("Second task.");
  });
});

describe("approvals from a sub-agent", () => {
  it("go to the client under the parent's approval policy, on the child's thread", async () => {
    const s = await server();
    let parent = "";
    const asked: any[] = [];
    s.onServerRequest((method, params) => {
      asked.push({ method, params });
      return { decision: "accept" };
    });
    route(() => parent, { child: "Run the tool." }, {
      parent: [
        () => calls(agentCall("spawn_agent", "call_spawn", { message: "Run the tool." })),
        (r) => calls(agentCall("wait_agent", "call_wait", { targets: [agentIdFrom(r, "call_spawn")] })),
        () => answer("ok"),
      ],
      child: [() => calls({ name: "exec_command", callId: "call_touch", arguments: { cmd: "touch made-by-child && echo made" } }), () => answer("made it")],
    });
    parent = await startThread(s, { approvalPolicy: "untrusted", sandbox: "workspace-write" });
    const turn = await startTurn(s, parent, text("go"));
    expect((await turnCompleted(s, turn.id, 20_000)).turn.status).toBe("completed");
    const child = agentIdFrom(requestsOf(parent).at(-1)!, "call_spawn");
    expect(asked.map((a) => [a.method, a.params.threadId])).toEqual([["item/commandExecution/requestApproval", child]]);
    expect(JSON.parse(toolOutput(requestsOf(parent).at(-1)!, "call_wait")).status[child]).toEqual({ completed: "made it" });
    expect(String(toolOutput(requestsOf(child).at(-1)!, "call_touch"))).toContain("made");
  });
});

describe("limits", () => {
  it("refuses a spawn past [agents] max_threads with the reference's text; a child at the depth limit has no agent tools", async () => {
    const s = await server(["-c", "agents.max_threads=1"]);
    let parent = "";
    route(() => parent, { child: "Task one." }, {
      parent: [
        () => calls(agentCall("spawn_agent", "call_one", { message: "Task one." })),
        () => calls(agentCall("spawn_agent", "call_two", { message: "Task two." })),
        () => answer("I did task two myself."),
      ],
      child: [() => calls(agentCall("spawn_agent", "call_grandchild", { message: "Task three." })), () => answer("done")],
    });
    parent = await startThread(s);
    const turn = await startTurn(s, parent, text("go"));
    expect((await turnCompleted(s, turn.id, 20_000)).turn.status).toBe("completed");
    const last = requestsOf(parent).at(-1)!;
    expect(toolOutput(last, "call_two")).toBe("collab spawn failed: agent thread limit reached (max 1)");
    const [refused] = collabItems(s, "item/completed", "call_two");
    expect(refused).toMatchObject({ tool: "spawnAgent", status: "failed", receiverThreadIds: [], agentsStates: {} });
    // The child (depth 1 = max_depth) is not offered the namespace; its call is an unsupported one.
    const child = agentIdFrom(last, "call_one");
    await s.waitForNotification("turn/completed", (p) => p.threadId === child, 10_000);
    const childRequests = requestsOf(child);
    expect(toolOutput(childRequests.at(-1)!, "call_grandchild")).toBe("unsupported call: spawn_agent");
    const spawnedThreads = [...new Set(s.notifications("turn/started").map((m) => (m.params as any).threadId))];
    expect(spawnedThreads.filter((id) => id !== parent)).toEqual([child]);
    // Nothing was stored for the refused spawns: the tree holds the one child.
    const tree = await s.call("thread/list", { ancestorThreadId: parent });
    expect(tree.data.map((t: any) => t.id)).toEqual([child]);
    expect((await s.call("thread/list", { sourceKinds: ["subAgentThreadSpawn"] })).data.map((t: any) => t.id)).toEqual([child]);
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("interrupting the top of a sub-agent tree", () => {
  it("stops every turn below it and the commands they run", async () => {
    const s = await server(["-c", "agents.max_depth=2"]);
    let parent = "";
    let pid = 0;
    route(() => parent, { child: "Child task.", grandchild: "Grandchild task." }, {
      parent: [
        () => calls(agentCall("spawn_agent", "call_child", { message: "Child task." })),
        (r) => calls(agentCall("wait_agent", "call_wait", { targets: [agentIdFrom(r, "call_child")], timeout_ms: 600_000 })),
      ],
      child: [
        () => calls(agentCall("spawn_agent", "call_grandchild", { message: "Grandchild task." })),
        (r) => calls(agentCall("wait_agent", "call_wait_gc", { targets: [agentIdFrom(r, "call_grandchild")], timeout_ms: 600_000 })),
      ],
      grandchild: [
        () => calls({ name: "exec_command", callId: "call_sleep", arguments: { cmd: "echo PID=$$; exec sleep 600", yield_time_ms: 500 } }),
        (r) => {
          pid = Number(/PID=(\d+)/.exec(String(toolOutput(r, "call_sleep")))?.[1]);
          return { type: "hang" };
        },
      ],
    });
    parent = await startThread(s, { sandbox: "danger-full-access", approvalPolicy: "never" });
    const turn = await startTurn(s, parent, text("go"));
    // Wait until the grandchild's command runs and its model request hangs.
    const deadline = Date.now() + 15_000;
    while (pid === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pid).toBeGreaterThan(0);
    expect(isAlive(pid)).toBe(true);
    const listed = await s.call("thread/list", { ancestorThreadId: parent, sortDirection: "asc" });
    expect(listed.data).toHaveLength(2);
    const [child, grandchild] = listed.data;
    expect(grandchild.parentThreadId).toBe(child.id);
    expect(grandchild.source.subAgent.thread_spawn.depth).toBe(2);
    // The grandchild runs under the parent's sandbox (inherited through the child).
    expect(requestsOf(grandchild.id)[0]!.body.tools.find((t: any) => t.type === "web_search").external_web_access).toBe(true);

    await s.call("turn/interrupt", { threadId: parent, turnId: turn.id });
    expect((await turnCompleted(s, turn.id, 10_000)).turn.status).toBe("interrupted");
    for (const id of [child.id, grandchild.id]) {
      const done = await s.waitForNotification("turn/completed", (p) => p.threadId === id, 10_000);
      expect(done.turn.status).toBe("interrupted");
    }
    for (const id of [parent, child.id, grandchild.id]) {
      const read = await s.call("thread/read", { threadId: id });
      expect(read.thread.status.type).toBe("idle");
    }
    const gone = Date.now() + 5_000;
    while (isAlive(pid) && Date.now() < gone) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(isAlive(pid)).toBe(false);
    const [waitDone] = collabItems(s, "item/completed", "call_wait");
    expect(waitDone.status).toBe("interrupted");
    expect(s.notifications("thread/status/changed").filter((m) => (m.params as any).status.type === "active").length).toBeGreaterThanOrEqual(3);
    // No thread is left active.
    const loaded = await s.call("thread/loaded/list", {});
    expect(loaded.data).toEqual(expect.arrayContaining([parent, child.id, grandchild.id]));
    for (const id of loaded.data) expect((await s.call("thread/read", { threadId: id })).thread.status.type).not.toBe("active");

    // The tree as listed: direct children by parent, the whole tree by ancestor, each with its parent link.
    const byParent = await s.call("thread/list", { parentThreadId: parent });
    expect(byParent.data.map((t: any) => [t.id, t.parentThreadId])).toEqual([[child.id, parent]]);
    const byAncestor = await s.call("thread/list", { ancestorThreadId: parent, sortDirection: "asc" });
    expect(byAncestor.data.map((t: any) => [t.id, t.parentThreadId])).toEqual([
      [child.id, parent],
      [grandchild.id, child.id],
    ]);
    expect((await s.call("thread/list", { ancestorThreadId: child.id })).data.map((t: any) => t.id)).toEqual([grandchild.id]);
  });
});
