/**
 * After thread/resume, the first page of turns (newest first, summary view)
 * is prepared while the client reads the answer. Whatever serves it, the
 * page must be the one the store gives, and a turn must retire it.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { InProcessServer } from "../helpers/in-process-server.js";
import { textResponse } from "../helpers/mock-responses.js";
import { suiteMockResponses, suiteMockServers } from "../helpers/suite-mock-responses.js";
import { openStore, seedConversation } from "../helpers/thread-seed.js";

describe("the first page of turns prepared after thread/resume", () => {
  const mockResponses = suiteMockResponses();
  const serverOn = suiteMockServers(mockResponses);

  function seededHome(turns: number): { codexHome: string; threadId: string } {
    const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-home-"));
    const store = openStore(codexHome);
    const { id } = seedConversation(store, { turns, record: { cwd: mkdtempSync(path.join(os.tmpdir(), "aas-cwd-")), modelProvider: "mock" } });
    store.close();
    return { codexHome, threadId: id };
  }

  const PAGES = [
    { limit: 20, sortDirection: "desc" },
    {},
    { limit: 50 },
    { limit: 51, sortDirection: "desc" },
    { limit: 5, sortDirection: "desc", itemsView: "summary" },
    { limit: 5, sortDirection: "desc", itemsView: "full" },
    { limit: 5, sortDirection: "asc" },
  ];

  it("answers every first page as the store does, and a turn retires it", async () => {
    const { codexHome, threadId } = seededHome(60);
    const resumed = await serverOn(codexHome);
    await resumed.call("thread/resume", { threadId, excludeTurns: true });
    // The page is prepared once the answer is out: let it be.
    await new Promise((resolve) => setTimeout(resolve, 20));
    // A second process that never loads the thread reads every page from SQLite.
    const reader = await serverOn(codexHome);
    for (const page of PAGES) {
      const fromLoaded = await resumed.call("thread/turns/list", { threadId, ...page });
      const fromStore = await reader.call("thread/turns/list", { threadId, ...page });
      expect(fromLoaded).toEqual(fromStore);
    }
    const first = await resumed.call("thread/turns/list", { threadId, limit: 20, sortDirection: "desc" });
    expect(first.data).toHaveLength(20);
    expect(first.data[0].items.map((item: any) => item.type)).toEqual(["userMessage", "agentMessage"]);
    expect(typeof first.nextCursor).toBe("string");
    const next = await resumed.call("thread/turns/list", { threadId, limit: 50, sortDirection: "desc", cursor: first.nextCursor });
    expect(next.data).toHaveLength(40);
    expect(next.data[0].id).not.toBe(first.data[19].id);

    mockResponses().enqueue({ type: "sse", events: textResponse({ deltas: ["the newest answer"] }) });
    const { turn } = await resumed.call("turn/start", { threadId, input: [{ type: "text", text: "the newest prompt", text_elements: [] }] });
    await resumed.waitForNotification("turn/completed", (p) => p.turn.id === turn.id);
    const after = await resumed.call("thread/turns/list", { threadId, limit: 20, sortDirection: "desc" });
    expect(after.data[0].id).toBe(turn.id);
    expect(JSON.stringify(after.data[0].items)).toContain("the newest answer");
    expect(after.data[1].id).toBe(first.data[0].id);
    expect(after).toEqual(await reader.call("thread/turns/list", { threadId, limit: 20, sortDirection: "desc" }));
  });
});
