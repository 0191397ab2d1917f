import { afterEach, describe, expect, it } from "vitest";
import { ServerProcess } from "../helpers/server-process.js";
import { agentMessage, openStore, seedConversation } from "../helpers/thread-seed.js";
import { WsClient, spawnListening, stopListeningServers } from "../helpers/ws-client.js";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

afterEach(stopListeningServers);

const TURNS = 250;

/**
 * A home with one thread of 250 turns (three reads of stored items: they are
 * read a hundred turns at a time), each turn carrying an 8 KB answer besides
 * its prompt and short answer: a 2 MB `thread/read` answer, over the
 * connection's high-water mark for writing answers in parts.
 */
function longThreadHome(): { codexHome: string; threadId: string; turnIds: string[] } {
  const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-long-"));
  const store = openStore(codexHome);
  const seeded = seedConversation(store, { turns: TURNS });
  store.transaction(() => {
    seeded.turns.forEach((turn, n) => {
      const item = agentMessage(`msg_long_${n}`, `long answer ${n} ${"é…".repeat(4_000)}`, Date.now());
      store.insertItem({ threadId: seeded.id, turnId: turn.id, item, context: [] });
    });
  });
  store.close();
  return { codexHome, threadId: seeded.id, turnIds: seeded.turns.map((t) => t.id) };
}

function checkLongThread(result: any, turnIds: string[]): void {
  expect(result.thread.turns.map((t: any) => t.id)).toEqual(turnIds);
  result.thread.turns.forEach((turn: any, n: number) => {
    expect(turn.items.map((i: any) => i.type)).toEqual(["userMessage", "agentMessage", "agentMessage"]);
    expect(turn.items[0].content[0].text).toBe(`prompt ${n + 1}`);
    expect(turn.items[1].text).toBe(`answer ${n + 1}`);
    expect(turn.items[2].text.startsWith(`long answer ${n} é…`)).toBe(true);
  });
}

describe("long histories are answered in parts", () => {
  it("stdio: a 2 MB thread/read answer to a client that reads late arrives whole, before the answers to later requests", async () => {
    const { codexHome, threadId, turnIds } = longThreadHome();
    const server = new ServerProcess({ codexHome });
    await server.initialize();
    server.child.stdout.pause();
    const read = server.request("thread/read", { threadId, includeTurns: true });
    const loaded = server.request("thread/loaded/list", {});
    const turnsPage = server.request("thread/turns/list", { threadId, limit: 3, sortDirection: "desc" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    server.child.stdout.resume();
    const [readAnswer, loadedAnswer, pageAnswer] = await Promise.all([read, loaded, turnsPage]);
    checkLongThread(readAnswer.result, turnIds);
    expect(loadedAnswer.result).toEqual({ data: [], nextCursor: null });
    expect((pageAnswer.result as any).data.map((t: any) => t.id)).toEqual(turnIds.slice(-3).reverse());

    // The answers in request order, each one line, written exactly as JSON.stringify writes the stored texts.
    const lines = server.rawLines.filter((line) => /^\{"id":\d+,"result"/.test(line)).slice(-3);
    expect(lines.map((line) => JSON.parse(line).id)).toEqual([readAnswer.id, loadedAnswer.id, pageAnswer.id]);
    expect(lines[0]!.length).toBeGreaterThan(2_000_000);
    expect(lines[0]).toBe(JSON.stringify(JSON.parse(lines[0]!)));
    expect(server.badLines).toEqual([]);
    expect((await server.close()).code).toBe(0);
  });

  it("stdio: thread/resume of the long thread, then the client hangs up while the answer is being written: the server exits cleanly", async () => {
    const { codexHome, threadId } = longThreadHome();
    const server = new ServerProcess({ codexHome });
    await server.initialize();
    server.child.stdout.pause();
    void server.request("thread/resume", { threadId }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    server.child.stdin.end();
    server.child.stdout.resume();
    expect((await server.close(10_000)).code).toBe(0);
  });

  it("websocket: the same answer is one frame, identical to the stdio one", async () => {
    const { codexHome, threadId, turnIds } = longThreadHome();
    const stdio = new ServerProcess({ codexHome });
    await stdio.initialize();
    const overStdio = await stdio.request("thread/read", { threadId, includeTurns: true });
    await stdio.close();

    const { endpoint } = await spawnListening("ws://127.0.0.1:0", { codexHome });
    const client = await WsClient.connect(endpoint);
    await client.initialize();
    const frames: string[] = [];
    client.ws.on("message", (data) => frames.push(String(data)));
    const [overWs, loaded] = await Promise.all([
      client.request("thread/read", { threadId, includeTurns: true }),
      client.request("thread/loaded/list", {}),
    ]);
    checkLongThread(overWs.result, turnIds);
    expect(overWs.result).toEqual(overStdio.result);
    expect(loaded.result).toEqual({ data: [], nextCursor: null });
    const answers = frames.filter((f) => f.startsWith('{"id":'));
    expect(answers).toHaveLength(2);
    expect(JSON.parse(answers[0]!).id).toBe(overWs.id);
    await client.close();
  });
});
