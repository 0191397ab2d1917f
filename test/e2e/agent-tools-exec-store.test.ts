import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { functionCallResponse, startMockResponses, textResponse, type MockResponsesServer, type RecordedRequest } from "../helpers/mock-responses.js";
import type { ServerProcess } from "../helpers/server-process.js";
import { startThread, startTurn, startTurnServer, text, turnCompleted } from "../helpers/turns.js";
import { exec, toolOutput, writeStdin } from "../helpers/tools.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

function sessionIdIn(request: RecordedRequest, callId: string): number {
  const match = /Process running with session ID (\d+)/.exec(toolOutput(request, callId) ?? "");
  if (!match) throw new Error(`no running session in the output of ${callId}: ${toolOutput(request, callId)}`);
  return Number(match[1]);
}

/** The stored commandExecution item `id`, as thread/read returns it. */
async function storedCommand(server: ServerProcess, threadId: string, id: string): Promise<any> {
  const read = await server.call("thread/read", { threadId, includeTurns: true });
  return read.thread.turns.flatMap((turn: any) => turn.items).find((item: any) => item.id === id);
}

/** A turn whose exec_command call `call_bg` runs `command` and returns while it still runs; the turn has ended. */
async function turnLeavingCommandRunning(command: string) {
  mock.enqueue({ type: "sse", events: functionCallResponse({ calls: [exec("call_bg", command, { yield_time_ms: 250 })] }) });
  mock.enqueue({ type: "sse", events: textResponse({ deltas: ["Started it."] }) });
  const server = await startTurnServer(mock);
  const threadId = await startThread(server);
  const turn = await startTurn(server, threadId, text("start it"));
  await turnCompleted(server, turn.id);
  return { server, threadId, turn };
}

describe("a command that exits after its exec_command call returned", () => {
  it("exiting during a later write_stdin: the stored commandExecution item ends completed with its output and exit code", async () => {
    mock.enqueue({ type: "sse", events: functionCallResponse({ calls: [exec("call_slow", "sleep 1; echo late", { yield_time_ms: 300 })] }) });
    mock.enqueue((request) => ({
      type: "sse",
      events: functionCallResponse({ calls: [writeStdin("call_poll", sessionIdIn(request, "call_slow"), "", { yield_time_ms: 10_000 })] }),
    }));
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["Done."] }) });
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    const turn = await startTurn(server, threadId, text("wait"));
    await turnCompleted(server, turn.id);
    const completed = server.notifications("item/completed").map((m) => (m.params as any).item).find((item) => item.id === "call_slow");
    expect(completed).toMatchObject({ status: "completed", exitCode: 0, aggregatedOutput: "late\n" });
    expect(await storedCommand(server, threadId, "call_slow")).toEqual(completed);
  });

  // Observed on codex-cli 0.169.0: no item/completed once the turn has ended, and the command stays out of the
  // turn's items while the server runs (its own exit code never reaches the thread).
  it("still running when its turn ends: left out of thread/read, and its later exit goes unreported", async () => {
    const { server, threadId, turn } = await turnLeavingCommandRunning("sleep 1; echo bg; exit 4");
    expect(server.notifications("item/started").some((m) => (m.params as any).item.id === "call_bg")).toBe(true);
    expect(await storedCommand(server, threadId, "call_bg")).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(server.notifications("item/completed").filter((m) => (m.params as any).item.id === "call_bg")).toEqual([]);
    expect(await storedCommand(server, threadId, "call_bg")).toBeUndefined();
    await server.close();
    const restarted = await startTurnServer(mock, { codexHome: server.codexHome });
    expect(await storedCommand(restarted, threadId, "call_bg")).toBeUndefined();
    await restarted.close();
  });

  // Observed on codex-cli 0.169.0: thread/items/list leaves it out as thread/read and thread/turns/list do.
  it("still running when its turn ends: left out of thread/items/list too, in every page and direction", async () => {
    const { server, threadId, turn } = await turnLeavingCommandRunning("sleep 30");
    const types = (page: any) => page.data.map((row: any) => row.item.type);
    expect(types(await server.call("thread/items/list", { threadId }))).toEqual(["userMessage", "agentMessage"]);
    expect(types(await server.call("thread/items/list", { threadId, turnId: turn.id, sortDirection: "desc" }))).toEqual(["agentMessage", "userMessage"]);
    const first = await server.call("thread/items/list", { threadId, limit: 1 });
    expect(types(first)).toEqual(["userMessage"]);
    const second = await server.call("thread/items/list", { threadId, limit: 1, cursor: first.nextCursor });
    expect(types(second)).toEqual(["agentMessage"]);
    expect(second.nextCursor).toBeNull();
    const turns = await server.call("thread/turns/list", { threadId, itemsView: "full" });
    expect(turns.data[0].items.map((item: any) => item.type)).toEqual(["userMessage", "agentMessage"]);
    await server.close();
  });

  // Observed on codex-cli 0.169.0: a shutdown kills the command and the history then shows it failed with exit
  // code -1 and the time it ran, after the turn's other items.
  it("still running at shutdown: after a restart the turn shows it failed with exit code -1, last", async () => {
    const { server, threadId, turn } = await turnLeavingCommandRunning("sleep 30");
    expect(await storedCommand(server, threadId, "call_bg")).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await server.close();
    const restarted = await startTurnServer(mock, { codexHome: server.codexHome });
    const read = await restarted.call("thread/read", { threadId, includeTurns: true });
    const items = read.thread.turns[0].items;
    expect(items.map((item: any) => item.type)).toEqual(["userMessage", "agentMessage", "commandExecution"]);
    expect(items[2]).toMatchObject({ id: "call_bg", status: "failed", exitCode: -1, aggregatedOutput: null });
    expect(items[2].durationMs).toBeGreaterThanOrEqual(500);
    await restarted.close();
  });
});
