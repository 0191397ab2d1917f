import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { seedTextThread } from "../helpers/search-seed.js";
import { ServerProcess } from "../helpers/server-process.js";
import { openStore, seedConversation } from "../helpers/thread-seed.js";

async function serverOn(codexHome: string, experimentalApi = true): Promise<ServerProcess> {
  const server = new ServerProcess({ codexHome });
  await server.initialize(experimentalApi ? { experimentalApi: true } : null);
  return server;
}

describe("thread/searchOccurrences", () => {
  it("finds case-insensitive occurrences in user messages and each turn's final answer, in history order", async () => {
    const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-home-"));
    const { id, turnIds, itemIds } = seedTextThread(codexHome, [
      ["Find the Needle please", "a needle in the draft answer", "The **NEEDLE** is `here`: needle."],
      ["no match here", "still nothing"],
    ]);
    const server = await serverOn(codexHome);
    const result = await server.call("thread/searchOccurrences", { threadId: id, searchTerm: "needle" });
    expect(result.nextCursor).toBeNull();
    expect(result.data.map((o: any) => [o.itemId, o.snippet, o.snippetMatchRange])).toEqual([
      [itemIds[0]![0], "Find the Needle please", { start: 9, end: 15 }],
      [itemIds[0]![2], "The NEEDLE is here: needle.", { start: 4, end: 10 }],
      [itemIds[0]![2], "The NEEDLE is here: needle.", { start: 20, end: 26 }],
    ]);
    expect(result.data.every((o: any) => o.turnId === turnIds[0])).toBe(true);

    // The turn cursor opens thread/turns/list at the occurrence's turn.
    const page = await server.call("thread/turns/list", { threadId: id, cursor: result.data[0].turnCursor, sortDirection: "asc", limit: 1 });
    expect(page.data.map((turn: any) => turn.id)).toEqual([turnIds[0]]);
  });

  it("cuts long messages into snippets with markers and UTF-16 ranges", async () => {
    const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-home-"));
    const before = "🙂".repeat(60);
    const after = "z".repeat(120);
    const { id } = seedTextThread(codexHome, [[`${before}needle${after}`, "ok"]]);
    const server = await serverOn(codexHome);
    const [occurrence] = (await server.call("thread/searchOccurrences", { threadId: id, searchTerm: "NEEDLE" })).data;
    expect(occurrence.snippet).toBe(`... ${"🙂".repeat(48)}needle${"z".repeat(96)} ...`);
    expect(occurrence.snippetMatchRange).toEqual({ start: 4 + 96, end: 4 + 96 + 6 });
  });

  it("pages by occurrence, inside one message too", async () => {
    const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-home-"));
    const { id, itemIds } = seedTextThread(codexHome, [
      ["x x", "x"],
      ["nothing", "x again"],
    ]);
    const server = await serverOn(codexHome);
    const seen: Array<[string, number]> = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5; page++) {
      const result: any = await server.call("thread/searchOccurrences", { threadId: id, searchTerm: "x", limit: 2, cursor });
      expect(result.data.length).toBeLessThanOrEqual(2);
      seen.push(...result.data.map((o: any) => [o.itemId, o.snippetMatchRange.start] as [string, number]));
      cursor = result.nextCursor;
      if (cursor === null) break;
    }
    expect(cursor).toBeNull();
    expect(seen).toEqual([
      [itemIds[0]![0], 0],
      [itemIds[0]![0], 2],
      [itemIds[0]![1], 0],
      [itemIds[1]![1], 0],
    ]);
  });

  it("refuses an empty term, a foreign cursor and unknown threads; is experimental", async () => {
    const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-home-"));
    const store = openStore(codexHome);
    const { id } = seedConversation(store, { turns: 1 });
    store.close();
    const server = await serverOn(codexHome);
    expect(await server.callError("thread/searchOccurrences", { threadId: id, searchTerm: "  " })).toEqual({
      code: -32600,
      message: "thread/searchOccurrences requires a non-empty searchTerm",
    });
    expect(await server.callError("thread/searchOccurrences", { threadId: id, searchTerm: "answer", cursor: "garbage" })).toEqual({
      code: -32600,
      message: "invalid cursor: garbage",
    });
    const first = await server.call("thread/searchOccurrences", { threadId: id, searchTerm: "1", limit: 1 });
    expect(first.data).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();
    const reused = await server.callError("thread/searchOccurrences", { threadId: id, searchTerm: "other", cursor: first.nextCursor });
    expect(reused).toEqual({ code: -32600, message: `invalid cursor: ${first.nextCursor}` });
    const invalid = await server.callError("thread/searchOccurrences", { threadId: "nope", searchTerm: "x" });
    expect(invalid.code).toBe(-32600);
    expect(invalid.message).toMatch(/^invalid thread id: /);

    const stable = await serverOn(codexHome, false);
    expect(await stable.callError("thread/searchOccurrences", { threadId: id, searchTerm: "x" })).toEqual({
      code: -32600,
      message: "thread/searchOccurrences requires experimentalApi capability",
    });
  });
});
