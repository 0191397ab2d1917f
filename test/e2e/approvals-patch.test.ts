import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockResponses, textResponse, type MockResponsesServer } from "../helpers/mock-responses.js";
import type { ServerProcess } from "../helpers/server-process.js";
import { startTurn, startTurnServer, text, turnCompleted, workdir } from "../helpers/turns.js";
import { applyPatch, indexOf, patchText, script, serverRequests, toolOutput } from "../helpers/tools.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

const APPROVAL = "item/fileChange/requestApproval";

function itemOf(server: ServerProcess, id: string) {
  return server.notifications("item/completed").map((m) => (m.params as any).item).find((i) => i.id === id);
}

async function thread(server: ServerProcess, cwd: string, params: Record<string, unknown> = {}): Promise<string> {
  return (await server.call("thread/start", { cwd, ...params })).thread.id;
}

describe("item/fileChange/requestApproval", () => {
  it("on-request + read-only: a patch asks; accepted, it is applied (item/started, request, resolved, item/completed, diff)", async () => {
    const cwd = workdir();
    script(mock, [[applyPatch("call_add", patchText("*** Add File: notes.txt", "+remember"))]]);
    const server = await startTurnServer(mock);
    server.onServerRequest(() => ({ decision: "accept" }));
    const threadId = await thread(server, cwd);
    const turn = await startTurn(server, threadId, text("take a note"));
    await turnCompleted(server, turn.id);

    const [request] = serverRequests(server, APPROVAL);
    expect(request!.params).toEqual({
      threadId,
      turnId: turn.id,
      itemId: "call_add",
      startedAtMs: expect.any(Number),
      reason: `The patch writes outside the writable roots: ${path.join(cwd, "notes.txt")}`,
      grantRoot: cwd,
    });
    const order = ["item/started", APPROVAL, "serverRequest/resolved", "item/completed", "turn/diff/updated"].map((method) =>
      indexOf(server, (m) => m.method === method && (m.params.item ? m.params.item.id === "call_add" : true)),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(itemOf(server, "call_add")).toMatchObject({ type: "fileChange", status: "completed" });
    expect(readFileSync(path.join(cwd, "notes.txt"), "utf8")).toBe("remember\n");
    // Sent as an exec_command heredoc: the patch text inside the exec frame.
    expect(toolOutput(mock.requests[1]!, "call_add")).toMatch(/^Wall time: 0\.0000 seconds\nOutput:\nExit code: 0\nWall time: \d+\.\d seconds\nOutput:\nSuccess\. Updated the following files:\nA notes\.txt\n$/);
  });

  it("decline: nothing is written, the item ends declined, the model is told", async () => {
    const cwd = workdir();
    script(mock, [[applyPatch("call_no", patchText("*** Add File: nope.txt", "+x"))]]);
    const server = await startTurnServer(mock);
    server.onServerRequest(() => ({ decision: "decline" }));
    const threadId = await thread(server, cwd);
    const turn = await startTurn(server, threadId, text("write"));
    const completed = await turnCompleted(server, turn.id);
    expect(completed.turn.status).toBe("completed");
    expect(existsSync(path.join(cwd, "nope.txt"))).toBe(false);
    expect(itemOf(server, "call_no")).toMatchObject({ status: "declined" });
    expect(server.notifications("turn/diff/updated")).toHaveLength(0);
    expect(toolOutput(mock.requests[1]!, "call_no")).toBe("patch rejected by user");
  });

  it("cancel: declined and the turn is interrupted", async () => {
    const cwd = workdir();
    script(mock, [[applyPatch("call_cancel", patchText("*** Add File: c.txt", "+x"))]]);
    const server = await startTurnServer(mock);
    server.onServerRequest(() => ({ decision: "cancel" }));
    const threadId = await thread(server, cwd);
    const turn = await startTurn(server, threadId, text("write"));
    const completed = await turnCompleted(server, turn.id);
    expect(completed.turn.status).toBe("interrupted");
    expect(itemOf(server, "call_cancel")).toMatchObject({ status: "declined" });
    expect(existsSync(path.join(cwd, "c.txt"))).toBe(false);
    // Observed on codex-cli 0.169.0: the heredoc is an exec_command call, and the next request tells the model
    // what any cancelled shell call does.
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["ok"] }) });
    const next = await startTurn(server, threadId, text("again"));
    await turnCompleted(server, next.id);
    expect(toolOutput(mock.requests[1]!, "call_cancel")).toMatch(/^Wall time: \d+\.\d seconds\naborted by user$/);
  });

  it("acceptForSession: later patches under the same directory apply without asking", async () => {
    const cwd = workdir();
    script(mock, [
      [applyPatch("call_p1", patchText("*** Add File: one.txt", "+1"))],
      [applyPatch("call_p2", patchText("*** Add File: two.txt", "+2"))],
      [applyPatch("call_p3", patchText("*** Add File: sub/three.txt", "+3"))],
    ]);
    const server = await startTurnServer(mock);
    server.onServerRequest(() => ({ decision: "acceptForSession" }));
    const threadId = await thread(server, cwd);
    const turn = await startTurn(server, threadId, text("write"));
    await turnCompleted(server, turn.id);
    expect(serverRequests(server, APPROVAL).map((m) => (m.params as any).itemId)).toEqual(["call_p1"]);
    for (const id of ["call_p1", "call_p2", "call_p3"]) expect(itemOf(server, id).status).toBe("completed");
    expect(readFileSync(path.join(cwd, "sub", "three.txt"), "utf8")).toBe("3\n");
  });

  it("inside the writable roots (workspace-write) on-request does not ask; untrusted always asks", async () => {
    const cwd = workdir();
    script(mock, [[applyPatch("call_ws", patchText("*** Add File: ws.txt", "+ok"))]]);
    const server = await startTurnServer(mock);
    server.onServerRequest(() => ({ decision: "accept" }));
    const threadId = await thread(server, cwd, { sandbox: "workspace-write" });
    const turn = await startTurn(server, threadId, text("write"));
    await turnCompleted(server, turn.id);
    expect(serverRequests(server)).toHaveLength(0);
    expect(itemOf(server, "call_ws").status).toBe("completed");

    script(mock, [[applyPatch("call_untrusted", patchText("*** Add File: u.txt", "+ok"))]]);
    const next = await startTurn(server, threadId, text("write"), { approvalPolicy: "untrusted" });
    await turnCompleted(server, next.id);
    const [request] = serverRequests(server, APPROVAL);
    expect(request!.params).toMatchObject({ itemId: "call_untrusted", reason: null, grantRoot: null });
    expect(itemOf(server, "call_untrusted").status).toBe("completed");
  });

  it("never: a patch outside the writable roots is refused without asking, and nothing is written", async () => {
    const cwd = workdir();
    script(mock, [[applyPatch("call_refused", patchText("*** Add File: r.txt", "+x"))]]);
    const server = await startTurnServer(mock);
    const threadId = await thread(server, cwd, { approvalPolicy: "never" });
    const turn = await startTurn(server, threadId, text("write"));
    await turnCompleted(server, turn.id);
    expect(serverRequests(server)).toHaveLength(0);
    expect(existsSync(path.join(cwd, "r.txt"))).toBe(false);
    expect(toolOutput(mock.requests[1]!, "call_refused")).toMatch(/^Wall time: 0\.0000 seconds\nOutput:\npatch rejected: writing outside of the writable roots/);
  });
});
