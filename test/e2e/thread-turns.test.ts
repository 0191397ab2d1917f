import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ServerProcess } from "../helpers/server-process.js";
import { startMockResponses, textResponse, type MockResponsesServer } from "../helpers/mock-responses.js";

let mock: MockResponsesServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

async function spawn(codexHome: string, mockServer: MockResponsesServer) {
  const server = new ServerProcess({ codexHome, args: mockServer.configArgs(), env: { MOCK_API_KEY: "sk-test" } });
  // The read receipt (thread/readState/changed) goes only to experimentalApi clients.
  await server.initialize({ experimentalApi: true });
  return server;
}

async function runTurn(server: ServerProcess, threadId: string, text: string) {
  const { turn } = await server.call("turn/start", { threadId, input: [{ type: "text", text }] });
  const completed = await server.waitForNotification("turn/completed", (p) => p.turn.id === turn.id);
  return completed.turn;
}

describe("threads with real turns (mock model)", () => {
  it("persists turns and items, sets the preview and read receipt, and resends the history after a restart", async () => {
    mock = await startMockResponses();
    mock.defaultReply = () => ({ type: "sse", events: textResponse() });
    const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-home-"));
    const server = await spawn(codexHome, mock);
    const { thread } = await server.call("thread/start", {});
    const turn = await runTurn(server, thread.id, "say hello");
    expect(turn.status).toBe("completed");
    const receipt = await server.waitForNotification("thread/readState/changed");
    expect(receipt).toMatchObject({ threadId: thread.id, readState: { firstUnread: { type: "turn", turnId: turn.id } } });

    const listed = await server.call("thread/list", {});
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0]).toMatchObject({ id: thread.id, preview: "say hello", status: { type: "idle" } });
    expect(listed.data[0].updatedAt).toBeGreaterThanOrEqual(thread.updatedAt);
    expect(listed.readStates[thread.id]).toEqual(receipt.readState);
    const read = await server.call("thread/read", { threadId: thread.id, includeTurns: true });
    expect(read.thread.turns).toHaveLength(1);
    expect(read.thread.turns[0].items.map((i: any) => i.type)).toEqual(["userMessage", "agentMessage"]);
    expect(read.thread.turns[0].items[1].text).toBe("Hello from mock model.");
    await server.close();

    const again = await spawn(codexHome, mock);
    const listedAgain = await again.call("thread/list", {});
    expect(listedAgain.data[0]).toMatchObject({ id: thread.id, status: { type: "notLoaded" } });
    expect(await again.callError("turn/start", { threadId: thread.id, input: [{ type: "text", text: "x" }] })).toEqual({
      code: -32600,
      message: `thread not loaded: ${thread.id}`,
    });
    const resumed = await again.call("thread/resume", { threadId: thread.id });
    expect(resumed.thread.turns.map((t: any) => t.id)).toEqual([turn.id]);
    const second = await runTurn(again, thread.id, "and again");
    expect(second.status).toBe("completed");
    const request = mock.requests.at(-1)!;
    const texts = JSON.stringify(request.body.input);
    expect(texts).toContain("say hello");
    expect(texts).toContain("Hello from mock model.");
    expect(texts).toContain("and again");
    const turns = await again.call("thread/turns/list", { threadId: thread.id });
    expect(turns.data.map((t: any) => t.id)).toEqual([second.id, turn.id]);
  });

  it("a server killed mid-turn comes back with that turn interrupted and its completed items kept", async () => {
    mock = await startMockResponses();
    mock.defaultReply = () => ({ type: "hang" });
    const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-home-"));
    const server = await spawn(codexHome, mock);
    const { thread } = await server.call("thread/start", {});
    const { turn } = await server.call("turn/start", { threadId: thread.id, input: [{ type: "text", text: "never answered" }] });
    const user = await server.waitForNotification("item/completed", (p) => p.item.type === "userMessage");
    await mock.waitForRequest(0);
    server.kill("SIGKILL");
    await server.exited;

    const again = await spawn(codexHome, mock);
    const listed = await again.call("thread/list", {});
    expect(listed.data[0]).toMatchObject({ id: thread.id, preview: "never answered", status: { type: "notLoaded" } });
    const turns = await again.call("thread/turns/list", { threadId: thread.id, itemsView: "full" });
    expect(turns.data).toHaveLength(1);
    expect(turns.data[0]).toMatchObject({ id: turn.id, status: "interrupted", itemsView: "full" });
    expect(turns.data[0].items).toEqual([user.item]);
  });
});
