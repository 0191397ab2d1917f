import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { SqliteStore } from "../../src/store/sqlite-store.js";
import { stateDbPath } from "../../src/store/sqlite-store.js";
import { InProcessServer } from "../helpers/in-process-server.js";
import { openStore, seedConversation, storedThread } from "../helpers/thread-seed.js";

function tempHome(): string {
  return mkdtempSync(path.join(os.tmpdir(), "aas-home-"));
}

function seed(fn: (store: SqliteStore) => void): string {
  const codexHome = tempHome();
  const store = openStore(codexHome);
  fn(store);
  store.close();
  return codexHome;
}

async function startServer(codexHome: string, options: { experimental?: boolean } = {}) {
  const server = new InProcessServer({ codexHome });
  await server.initialize(options.experimental ? { experimentalApi: true } : null);
  return server;
}

/** Every row of every table, for "nothing was touched" checks. */
function dump(codexHome: string): string {
  const store = openStore(codexHome);
  const out = ["threads", "turns", "items"].map((t) => JSON.stringify(store.db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()));
  store.close();
  return out.join("\n");
}

describe("stored threads across restarts", () => {
  it("lists, reads and resumes seeded history; data survives a restart; status is notLoaded after it", async () => {
    let seeded!: ReturnType<typeof seedConversation>;
    const codexHome = seed((store) => {
      seeded = seedConversation(store, { turns: 3, record: { model: "gpt-6-sol", reasoningEffort: "high" } });
    });
    const server = await startServer(codexHome);
    const listed = await server.call("thread/list", {});
    expect(listed.data).toHaveLength(1);
    const row = listed.data[0];
    expect(row).toMatchObject({
      id: seeded.id,
      preview: "prompt 1",
      status: { type: "notLoaded" },
      canAcceptDirectInput: null,
      path: stateDbPath(codexHome),
      turns: [],
    });
    expect(listed.readStates[seeded.id]).toMatchObject({ firstUnread: null });
    expect(listed.nextCursor).toBeNull();
    expect(typeof listed.backwardsCursor).toBe("string");

    const read = await server.call("thread/read", { threadId: seeded.id, includeTurns: true });
    expect(server.notifications("deprecationNotice")).toHaveLength(1);
    expect(read.thread.status).toEqual({ type: "notLoaded" });
    expect(read.thread.turns.map((t: any) => t.id)).toEqual(seeded.turns.map((t) => t.id));
    expect(read.thread.turns[0]).toMatchObject({ itemsView: "full", status: "completed", error: null, durationMs: 1500 });
    expect(read.thread.turns[0].items).toEqual(seeded.turns[0]!.items);
    expect(await server.call("thread/loaded/list", {})).toEqual({ data: [], nextCursor: null });

    const resumed = await server.call("thread/resume", { threadId: seeded.id });
    expect(resumed.model).toBe("gpt-6-sol");
    expect(resumed.reasoningEffort).toBe("high");
    expect(resumed.thread.status).toEqual({ type: "idle" });
    expect(resumed.thread.turns).toHaveLength(3);
    // The effective collaboration mode (issue 12: no longer null): default, with the thread's model and effort.
    expect(resumed).toMatchObject({
      collaborationMode: { mode: "default", settings: { model: "gpt-6-sol", reasoning_effort: "high", developer_instructions: null } },
      initialTurnsPage: null,
      turnsBackwardsCursor: null,
      itemsBackwardsCursor: null,
    });
    expect(server.notifications("thread/started")).toEqual([]);
    await server.call("thread/name/set", { threadId: seeded.id, name: "  Renamed  " });
    expect(await server.waitForNotification("thread/name/updated")).toEqual({ threadId: seeded.id, threadName: "Renamed" });
    expect((await server.call("thread/list", {})).data[0].status).toEqual({ type: "idle" });
    await server.close();

    const again = await startServer(codexHome);
    const after = await again.call("thread/list", {});
    expect(after.data[0]).toMatchObject({ id: seeded.id, name: "Renamed", status: { type: "notLoaded" } });
    const overridden = await again.call("thread/resume", { threadId: seeded.id, model: "gpt-6-luna", excludeTurns: true });
    expect(overridden.model).toBe("gpt-6-luna");
    expect(overridden.reasoningEffort).toBe("high");
    expect(overridden.thread.turns).toEqual([]);
    expect(typeof overridden.turnsBackwardsCursor).toBe("string");
    const lastTurn = await again.call("thread/turns/list", { threadId: seeded.id, cursor: overridden.turnsBackwardsCursor, limit: 1 });
    expect(lastTurn.data.map((t: any) => t.id)).toEqual([seeded.turns[2]!.id]);
    const lastItems = await again.call("thread/items/list", {
      threadId: seeded.id,
      cursor: overridden.itemsBackwardsCursor,
      sortDirection: "desc",
      limit: 1,
    });
    expect(lastItems.data.map((e: any) => e.item.id)).toEqual(["msg_3"]);
    await again.close();
    const third = await startServer(codexHome);
    expect((await third.call("thread/read", { threadId: seeded.id })).thread.model).toBe("gpt-6-luna");
  });

  it("resume emits thread/tokenUsage/updated after the response when usage was persisted", async () => {
    const usage = {
      total: { totalTokens: 15, inputTokens: 10, cachedInputTokens: 0, cacheWriteInputTokens: 0, outputTokens: 5, reasoningOutputTokens: 0 },
      last: { totalTokens: 15, inputTokens: 10, cachedInputTokens: 0, cacheWriteInputTokens: 0, outputTokens: 5, reasoningOutputTokens: 0 },
      modelContextWindow: 258400,
    };
    let seeded!: ReturnType<typeof seedConversation>;
    const codexHome = seed((store) => {
      seeded = seedConversation(store, { turns: 2, record: { tokenUsage: usage } });
    });
    const server = await startServer(codexHome);
    const response = await server.request("thread/resume", { threadId: seeded.id, excludeTurns: true });
    const notice = await server.waitForNotification("thread/tokenUsage/updated");
    expect(notice).toEqual({ threadId: seeded.id, turnId: seeded.turns[1]!.id, tokenUsage: usage });
    const responseAt = server.received.findIndex((r) => r.message === response);
    const noticeAt = server.received.findIndex((r) => r.message.method === "thread/tokenUsage/updated");
    expect(responseAt).toBeLessThan(noticeAt);
  });
});

describe("thread/list", () => {
  it("pages 1,000 threads by every sort key in both directions with no duplicates and no gaps", async () => {
    const base = 1_790_000_000;
    const expected: { id: string; created_at: number; updated_at: number; recency_at: number }[] = [];
    const codexHome = seed((store) =>
      store.transaction(() => {
        for (let i = 0; i < 1000; i++) {
          const stored = storedThread({
            preview: `thread ${i}`,
            createdAt: base + (i % 37),
            updatedAt: base + ((i * 7) % 53),
            recencyAt: base + (i % 11),
          });
          store.insertThread(stored);
          const r = stored.record;
          expected.push({ id: r.id, created_at: r.createdAt, updated_at: r.updatedAt, recency_at: r.recencyAt! });
        }
        // Not listed by default: archived, and a non-interactive source.
        store.insertThread(storedThread({ archived: true }));
        store.insertThread(storedThread({ source: "exec" }));
      }),
    );
    const server = await startServer(codexHome);
    for (const sortKey of ["created_at", "updated_at", "recency_at"] as const) {
      for (const sortDirection of ["asc", "desc"] as const) {
        const ids: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page: any = await server.call("thread/list", { sortKey, sortDirection, limit: 97, cursor });
          ids.push(...page.data.map((t: any) => t.id));
          expect(Object.keys(page.readStates).sort()).toEqual(page.data.map((t: any) => t.id).sort());
          cursor = page.nextCursor;
          pages++;
        } while (cursor);
        const order = [...expected].sort((a, b) => a[sortKey] - b[sortKey] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        if (sortDirection === "desc") order.reverse();
        expect(pages).toBe(11);
        expect(ids).toEqual(order.map((t) => t.id));
      }
    }
    // Default: created_at, newest first, 25 rows.
    const first = await server.call("thread/list", {});
    expect(first.data).toHaveLength(25);
    expect(first.data[0].createdAt).toBe(base + 36);
    // backwardsCursor: reverse the direction from the first row of a page, including it.
    const second = await server.call("thread/list", { cursor: first.nextCursor });
    const back = await server.call("thread/list", { cursor: second.backwardsCursor, sortDirection: "asc", limit: 3 });
    expect(back.data.map((t: any) => t.id)).toEqual([second.data[0].id, first.data[24].id, first.data[23].id]);
    // section_position orders a section's threads: without a section filter the reference refuses it.
    expect(await server.callError("thread/list", { sortKey: "section_position", limit: 5 })).toEqual({
      code: -32600,
      message: "section-position sorting requires a section filter",
    });
  });

  it("filters by archived, cwd, provider, source kind, search term and excluded ids", async () => {
    const ids: Record<string, string> = {};
    const codexHome = seed((store) => {
      const add = (key: string, overrides: Parameters<typeof storedThread>[0]) => {
        const stored = storedThread(overrides);
        ids[key] = stored.record.id;
        store.insertThread(stored);
      };
      add("plain", { preview: "fix the parser", cwd: "/w/a" });
      add("named", { preview: "something", name: "Parser rewrite", cwd: "/w/b" });
      add("other", { preview: "other work", cwd: "/w/b", modelProvider: "mock" });
      add("archived", { preview: "old parser", archived: true, cwd: "/w/a" });
      add("cli", { preview: "from the cli", source: "cli", cwd: "/w/a" });
      add("exec", { preview: "exec run", source: "exec", cwd: "/w/a" });
      add("app", { preview: "app server", source: "appServer", cwd: "/w/a" });
    });
    const server = await startServer(codexHome);
    const list = async (params: Record<string, unknown>) =>
      ((await server.call("thread/list", params)).data as any[]).map((t) => t.id).sort();
    const sorted = (...keys: string[]) => keys.map((k) => ids[k]).sort();
    expect(await list({})).toEqual(sorted("plain", "named", "other", "cli"));
    expect(await list({ sourceKinds: [] })).toEqual(sorted("plain", "named", "other", "cli"));
    expect(await list({ sourceKinds: ["exec", "appServer"] })).toEqual(sorted("exec", "app"));
    expect(await list({ archived: true })).toEqual(sorted("archived"));
    expect(await list({ cwd: "/w/b" })).toEqual(sorted("named", "other"));
    expect(await list({ cwd: ["/w/a", "/w/b"], modelProviders: ["mock"] })).toEqual(sorted("other"));
    expect(await list({ modelProviders: [] })).toEqual(sorted("plain", "named", "other", "cli"));
    expect(await list({ searchTerm: "parser" })).toEqual(sorted("plain"));
    expect(await list({ searchTerm: "Parser" })).toEqual(sorted("named"));
    expect(await list({ excludedThreadIds: [ids.plain, ids.named] })).toEqual(sorted("other", "cli"));
    expect(await list({ sectionId: "01984de2-8f74-7c91-a3b2-5c5e937cf318" })).toEqual([]);
    expect(await list({ sectionId: null, useStateDbOnly: true, currentAccountOnly: true })).toHaveLength(4);
    expect(await server.callError("thread/list", { excludedThreadIds: ["nope"] })).toEqual({
      code: -32602,
      message: "invalid excluded thread id: invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `n` at 1",
    });
    expect(await server.callError("thread/list", { excludedThreadIds: Array.from({ length: 101 }, () => ids.plain) })).toEqual({
      code: -32602,
      message: "excludedThreadIds accepts at most 100 entries",
    });
    expect(await server.callError("thread/list", { originators: ["x"] })).toEqual({
      code: -32602,
      message: "originator filtering is not supported by the local app-server",
    });
  });

  it("lists sub-agents by parent (direct children) and ancestor (every depth), refusing bad filter combinations as the reference does", async () => {
    const spawn = (parent: string, depth: number) => ({
      subAgent: { thread_spawn: { parent_thread_id: parent, depth, agent_path: null, agent_nickname: null, agent_role: null } },
    });
    const ids: Record<string, string> = {};
    const codexHome = seed((store) => {
      const add = (key: string, overrides: Parameters<typeof storedThread>[0]) => {
        const stored = storedThread(overrides);
        ids[key] = stored.record.id;
        store.insertThread(stored);
      };
      add("root", { preview: "root" });
      add("child", { preview: "child", source: spawn(ids.root!, 1) });
      add("sibling", { preview: "sibling", source: spawn(ids.root!, 1) });
      add("grandchild", { preview: "grandchild", source: spawn(ids.child!, 2) });
      add("unrelated", { preview: "unrelated", source: spawn("019a0000-0000-7000-8000-00000000000f", 1) });
    });
    const before = dump(codexHome);
    const server = await startServer(codexHome, { experimental: true });
    const list = async (params: Record<string, unknown>) => {
      const page = await server.call("thread/list", params);
      return (page.data as any[]).map((t) => [t.id, t.parentThreadId]).sort();
    };
    const rows = (...keys: string[]) => keys.map((k) => [ids[k], k === "grandchild" ? ids.child : ids.root]).sort();
    // Ordinary listings keep sub-agents out; the filters bring them in whatever their source kind.
    expect(await list({})).toEqual([[ids.root, null]]);
    expect(await list({ parentThreadId: ids.root })).toEqual(rows("child", "sibling"));
    expect(await list({ ancestorThreadId: ids.root })).toEqual(rows("child", "sibling", "grandchild"));
    expect(await list({ ancestorThreadId: ids.child!.toUpperCase() })).toEqual(rows("grandchild"));
    expect(await list({ ancestorThreadId: ids.grandchild })).toEqual([]);
    expect(await list({ ancestorThreadId: ids.root, excludedThreadIds: [ids.sibling] })).toEqual(rows("child", "grandchild"));
    expect(await list({ ancestorThreadId: ids.root, sourceKinds: ["vscode"] })).toEqual([]);
    // No attached threads exist here.
    expect(await list({ attachedToThreadId: ids.root })).toEqual([]);
    // A sub-agent read on its own names its parent.
    expect((await server.call("thread/read", { threadId: ids.grandchild })).thread.parentThreadId).toBe(ids.child);

    const uuidError = "invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `n` at 1";
    const refusals: Array<[Record<string, unknown>, { code: number; message: string }]> = [
      [{ parentThreadId: ids.root, ancestorThreadId: ids.root }, { code: -32600, message: "parentThreadId and ancestorThreadId are mutually exclusive" }],
      [{ parentThreadId: "nope", ancestorThreadId: "nope" }, { code: -32600, message: "parentThreadId and ancestorThreadId are mutually exclusive" }],
      [
        { attachedToThreadId: "x", parentThreadId: "nope", ancestorThreadId: "nope" },
        { code: -32600, message: "attachedToThreadId cannot be combined with parentThreadId or ancestorThreadId" },
      ],
      [{ parentThreadId: "nope" }, { code: -32600, message: `invalid parent thread id: ${uuidError}` }],
      [{ parentThreadId: "" }, { code: -32600, message: "invalid parent thread id: invalid length: expected length 32 for simple format, found 0" }],
      [{ ancestorThreadId: "nope", sectionId: "s" }, { code: -32600, message: `invalid ancestor thread id: ${uuidError}` }],
      [{ attachedToThreadId: "nope" }, { code: -32600, message: `invalid attached thread parent id: ${uuidError}` }],
      // Which check wins when several fail: exclusions, then originators, then the filters, then the cursor.
      [{ parentThreadId: "nope", ancestorThreadId: "x", originators: ["o"] }, { code: -32602, message: "originator filtering is not supported by the local app-server" }],
      [
        { originators: ["o"], excludedThreadIds: ["bad"] },
        { code: -32602, message: "invalid excluded thread id: invalid length: expected length 32 for simple format, found 3" },
      ],
      [{ parentThreadId: "nope", cursor: "garbage" }, { code: -32600, message: `invalid parent thread id: ${uuidError}` }],
      [{ cursor: "" }, { code: -32600, message: "invalid cursor: " }],
    ];
    for (const [params, error] of refusals) expect(await server.callError("thread/list", params)).toEqual(error);
    await server.close();
    expect(dump(codexHome)).toBe(before);
  });

  it("rejects bad cursors (-32600 on thread/list, -32602 on the history pages) and leaves the database untouched by failed requests", async () => {
    let seeded!: ReturnType<typeof seedConversation>;
    const codexHome = seed((store) => {
      seeded = seedConversation(store, { turns: 2 });
    });
    const before = dump(codexHome);
    const server = await startServer(codexHome);
    const page = await server.call("thread/list", { sortKey: "updated_at" });
    for (const cursor of ["not-a-cursor", "eyJ4IjoxfQ", page.backwardsCursor]) {
      // A cursor from another sort key is refused too.
      expect(await server.callError("thread/list", { cursor })).toEqual({ code: -32600, message: `invalid cursor: ${cursor}` });
    }
    expect(await server.callError("thread/turns/list", { threadId: seeded.id, cursor: "zzz" })).toEqual({
      code: -32602,
      message: "invalid cursor: zzz",
    });
    expect(await server.callError("thread/items/list", { threadId: seeded.id, cursor: page.backwardsCursor })).toEqual({
      code: -32602,
      message: `invalid cursor: ${page.backwardsCursor}`,
    });
    await server.callError("thread/name/set", { threadId: "nope", name: "x" });
    await server.callError("thread/name/set", { threadId: seeded.id });
    await server.callError("thread/archive", { threadId: 42 });
    await server.callError("thread/delete", { threadId: "01a21537-7e04-7e70-b65d-d1324ae5fe22" });
    await server.callError("thread/fork", { threadId: seeded.id, lastTurnId: "no-such-turn" });
    await server.close();
    expect(dump(codexHome)).toBe(before);
  });
});

describe("thread/turns/list and thread/items/list", () => {
  it("pages turns (desc by default, summary items) and items (asc by default, turn filter, anchors)", async () => {
    let seeded!: ReturnType<typeof seedConversation>;
    const codexHome = seed((store) => {
      seeded = seedConversation(store, { turns: 5 });
    });
    const server = await startServer(codexHome);
    const turnIds = seeded.turns.map((t) => t.id);
    const first = await server.call("thread/turns/list", { threadId: seeded.id, limit: 2 });
    expect(first.data.map((t: any) => t.id)).toEqual([turnIds[4], turnIds[3]]);
    expect(first.data[0].itemsView).toBe("summary");
    expect(first.data[0].items.map((i: any) => i.type)).toEqual(["userMessage", "agentMessage"]);
    const rest: string[] = [];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await server.call("thread/turns/list", { threadId: seeded.id, limit: 2, cursor, itemsView: "notLoaded" });
      expect(page.data.every((t: any) => t.itemsView === "notLoaded" && t.items.length === 0)).toBe(true);
      rest.push(...page.data.map((t: any) => t.id));
      cursor = page.nextCursor;
    }
    expect(rest).toEqual([turnIds[2], turnIds[1], turnIds[0]]);
    const asc = await server.call("thread/turns/list", { threadId: seeded.id, sortDirection: "asc", itemsView: "full", limit: 10 });
    expect(asc.data.map((t: any) => t.id)).toEqual(turnIds);
    expect(asc.nextCursor).toBeNull();
    const backwards = await server.call("thread/turns/list", { threadId: seeded.id, cursor: first.backwardsCursor, sortDirection: "asc" });
    expect(backwards.data.map((t: any) => t.id)).toEqual([turnIds[4]]);

    const items = await server.call("thread/items/list", { threadId: seeded.id, limit: 3 });
    expect(items.data.map((e: any) => e.item.id)).toEqual([seeded.turns[0]!.items[0]!.id, "msg_1", seeded.turns[1]!.items[0]!.id]);
    expect(items.data[1]).toEqual({
      turnId: turnIds[0],
      item: seeded.turns[0]!.items[1],
      startedAtMs: seeded.turns[0]!.items[1]!.startedAtMs,
      completedAtMs: seeded.turns[0]!.items[1]!.completedAtMs,
    });
    const next = await server.call("thread/items/list", { threadId: seeded.id, limit: 3, cursor: items.nextCursor });
    expect(next.data.map((e: any) => e.item.id)).toEqual(["msg_2", seeded.turns[2]!.items[0]!.id, "msg_3"]);
    const ofTurn = await server.call("thread/items/list", { threadId: seeded.id, turnId: turnIds[3] });
    expect(ofTurn.data.map((e: any) => e.item.id)).toEqual([seeded.turns[3]!.items[0]!.id, "msg_4"]);
    expect(ofTurn.nextCursor).toBeNull();
    const anchored = await server.call("thread/items/list", {
      threadId: seeded.id,
      turnId: turnIds[3],
      cursor: { type: "item", itemId: seeded.turns[3]!.items[0]!.id },
    });
    expect(anchored.data.map((e: any) => e.item.id)).toEqual(["msg_4"]);
    expect((await server.callError("thread/items/list", { threadId: seeded.id, cursor: { type: "item", itemId: "msg_4" } })).message).toBe(
      "an item anchor cursor requires a non-empty turnId",
    );
    expect((await server.callError("thread/items/list", { threadId: seeded.id, turnId: "nope" })).code).toBe(-32600);
  });
});

describe("thread/fork", () => {
  it("copies turns and items up to lastTurnId into a new thread and announces it", async () => {
    let seeded!: ReturnType<typeof seedConversation>;
    const codexHome = seed((store) => {
      seeded = seedConversation(store, { turns: 3, record: { name: "source" } });
    });
    const server = await startServer(codexHome);
    const response = await server.request("thread/fork", { threadId: seeded.id, lastTurnId: seeded.turns[1]!.id });
    const forked = (response as any).result;
    expect(forked.thread.id).not.toBe(seeded.id);
    expect(forked.thread).toMatchObject({ forkedFromId: seeded.id, name: null, preview: "prompt 1", status: { type: "idle" }, ephemeral: false });
    expect(forked.thread.turns.map((t: any) => t.id)).toEqual([seeded.turns[0]!.id, seeded.turns[1]!.id]);
    const started = await server.waitForNotification("thread/started");
    expect(started.thread.id).toBe(forked.thread.id);
    expect(server.received.findIndex((r) => r.message === response)).toBeLessThan(
      server.received.findIndex((r) => r.message.method === "thread/started"),
    );
    expect((await server.call("thread/loaded/list", {})).data).toEqual([forked.thread.id]);
    const listed = await server.call("thread/list", {});
    expect(listed.data.map((t: any) => t.id).sort()).toEqual([seeded.id, forked.thread.id].sort());
    const forkItems = await server.call("thread/items/list", { threadId: forked.thread.id });
    expect(forkItems.data.map((e: any) => e.item.id)).toEqual([...seeded.turns[0]!.items, ...seeded.turns[1]!.items].map((i) => i.id));
    // The source is unchanged.
    const source = await server.call("thread/turns/list", { threadId: seeded.id, limit: 10 });
    expect(source.data).toHaveLength(3);
    // An exclusive cut (experimental beforeTurnId) and an unknown turn.
    expect((await server.callError("thread/fork", { threadId: seeded.id, lastTurnId: "nope" })).code).toBe(-32600);
  });

  it("an ephemeral fork keeps the copied history in memory only", async () => {
    let seeded!: ReturnType<typeof seedConversation>;
    const codexHome = seed((store) => {
      seeded = seedConversation(store, { turns: 2 });
    });
    const server = await startServer(codexHome);
    const forked = await server.call("thread/fork", { threadId: seeded.id, ephemeral: true, excludeTurns: true });
    const id = forked.thread.id;
    expect(forked.thread).toMatchObject({ ephemeral: true, path: null, turns: [] });
    const read = await server.call("thread/read", { threadId: id, includeTurns: true });
    expect(read.thread.turns.map((t: any) => t.id)).toEqual(seeded.turns.map((t) => t.id));
    expect(read.readState).toBeNull();
    const turns = await server.call("thread/turns/list", { threadId: id, itemsView: "full" });
    expect(turns.data).toHaveLength(2);
    expect((await server.call("thread/list", {})).data.map((t: any) => t.id)).toEqual([seeded.id]);
    await server.close();
    const file = stateDbPath(codexHome);
    const bytes = [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f).toString("latin1")).join("");
    expect(bytes).not.toContain(id);
    const again = await startServer(codexHome);
    expect((await again.call("thread/list", {})).data.map((t: any) => t.id)).toEqual([seeded.id]);
    expect((await again.callError("thread/read", { threadId: id })).message).toBe(`no rollout found for thread id ${id}`);
  });
});

describe("archive, unarchive, delete, name, metadata, read state", () => {
  it("archives and unarchives with notifications; archived threads leave the default listing", async () => {
    let seeded!: ReturnType<typeof seedConversation>;
    const codexHome = seed((store) => {
      seeded = seedConversation(store, { turns: 1 });
    });
    const server = await startServer(codexHome);
    expect(await server.call("thread/archive", { threadId: seeded.id })).toEqual({});
    expect(await server.waitForNotification("thread/archived")).toEqual({ threadId: seeded.id });
    expect((await server.call("thread/list", {})).data).toEqual([]);
    expect((await server.call("thread/list", { archived: true })).data.map((t: any) => t.id)).toEqual([seeded.id]);
    const unarchived = await server.call("thread/unarchive", { threadId: seeded.id });
    expect(unarchived.thread).toMatchObject({ id: seeded.id, status: { type: "notLoaded" }, turns: [] });
    expect(await server.waitForNotification("thread/unarchived")).toEqual({ threadId: seeded.id });
    expect((await server.call("thread/list", {})).data.map((t: any) => t.id)).toEqual([seeded.id]);
  });

  it("deletes a stored thread (loaded or not) with thread/deleted", async () => {
    let a!: ReturnType<typeof seedConversation>;
    let b!: ReturnType<typeof seedConversation>;
    const codexHome = seed((store) => {
      a = seedConversation(store, { turns: 2 });
      b = seedConversation(store, { turns: 1 });
    });
    const server = await startServer(codexHome);
    await server.call("thread/resume", { threadId: a.id, excludeTurns: true });
    expect(await server.call("thread/delete", { threadId: a.id })).toEqual({});
    expect(await server.waitForNotification("thread/deleted")).toEqual({ threadId: a.id });
    expect(await server.call("thread/loaded/list", {})).toEqual({ data: [], nextCursor: null });
    expect(await server.call("thread/delete", { threadId: b.id })).toEqual({});
    expect((await server.callError("thread/read", { threadId: a.id })).message).toBe(`no rollout found for thread id ${a.id}`);
    expect((await server.callError("thread/delete", { threadId: b.id })).message).toBe(`no rollout found for thread id ${b.id}`);
    await server.close();
    const store = openStore(codexHome);
    expect(store.db.prepare("SELECT COUNT(*) FROM items").pluck().get()).toBe(0);
    expect(store.db.prepare("SELECT COUNT(*) FROM turns").pluck().get()).toBe(0);
    store.close();
  });

  it("names threads (empty clears) and patches git metadata", async () => {
    let seeded!: ReturnType<typeof seedConversation>;
    const codexHome = seed((store) => {
      seeded = seedConversation(store, { turns: 1 });
    });
    const server = await startServer(codexHome);
    await server.call("thread/name/set", { threadId: seeded.id, name: "First" });
    await server.call("thread/name/set", { threadId: seeded.id, name: "  " });
    const names = server.notifications("thread/name/updated").map((m) => m.params);
    await server.waitForNotification("thread/name/updated", (p) => !("threadName" in p));
    expect(server.notifications("thread/name/updated").map((m) => m.params)).toEqual([
      { threadId: seeded.id, threadName: "First" },
      { threadId: seeded.id },
    ]);
    expect(names.length).toBeLessThanOrEqual(2);
    expect((await server.call("thread/read", { threadId: seeded.id })).thread.name).toBeNull();

    const patched = await server.call("thread/metadata/update", { threadId: seeded.id, gitInfo: { sha: "abc", branch: "main" } });
    expect(patched.thread.gitInfo).toEqual({ sha: "abc", branch: "main", originUrl: null });
    const kept = await server.call("thread/metadata/update", { threadId: seeded.id, gitInfo: { branch: null } });
    expect(kept.thread.gitInfo).toEqual({ sha: "abc", branch: null, originUrl: null });
    const cleared = await server.call("thread/metadata/update", { threadId: seeded.id, gitInfo: { sha: null } });
    expect(cleared.thread.gitInfo).toBeNull();
  });

  it("updates the read receipt (experimental) with revision checks", async () => {
    let seeded!: ReturnType<typeof seedConversation>;
    const codexHome = seed((store) => {
      seeded = seedConversation(store, { turns: 1 });
    });
    const server = await startServer(codexHome, { experimental: true });
    const { readState } = await server.call("thread/read", { threadId: seeded.id });
    expect(readState.firstUnread).toBeNull();
    const unread = await server.call("thread/readState/update", {
      threadId: seeded.id,
      operation: { type: "unread" },
      expectedRevision: readState.revision,
    });
    expect(unread.readState.firstUnread).toEqual({ type: "threadStart" });
    expect(unread.readState.revision).not.toBe(readState.revision);
    expect(await server.waitForNotification("thread/readState/changed")).toEqual({ threadId: seeded.id, readState: unread.readState });
    const stale = await server.callError("thread/readState/update", {
      threadId: seeded.id,
      operation: { type: "read" },
      expectedRevision: readState.revision,
    });
    expect(stale.code).toBe(-32600);
    const read = await server.call("thread/readState/update", {
      threadId: seeded.id,
      operation: { type: "read" },
      expectedRevision: unread.readState.revision,
    });
    expect(read.readState.firstUnread).toBeNull();
    expect((await server.call("thread/list", {})).readStates[seeded.id]).toEqual(read.readState);
  });
});
