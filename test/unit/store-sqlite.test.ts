import { mkdtempSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "../../src/store/cursor.js";
import { MemoryHistory } from "../../src/store/history.js";
import { RawJson } from "../../src/util/raw-json.js";
import { MIGRATIONS, SCHEMA_VERSION, migrate, schemaVersion } from "../../src/store/migrations.js";
import { SqliteStore, stateDbPath } from "../../src/store/sqlite-store.js";
import { openStore, seedConversation, storedThread, userMessage } from "../helpers/thread-seed.js";

function tempHome(): string {
  return mkdtempSync(path.join(os.tmpdir(), "aas-store-"));
}

describe("sqlite store", () => {
  it("creates CODEX_HOME/agent-app-server/state.sqlite privately, in WAL mode, at the latest schema", () => {
    const home = tempHome();
    const store = openStore(home);
    const file = stateDbPath(home);
    expect(file).toBe(path.join(home, "agent-app-server", "state.sqlite"));
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(store.db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(store.db.pragma("synchronous", { simple: true })).toBe(1); // NORMAL
    expect(store.db.pragma("busy_timeout", { simple: true })).toBeGreaterThan(0);
    expect(schemaVersion(store.db)).toBe(SCHEMA_VERSION);
    store.close();
  });

  it("migrates a v1 database, keeping its threads and giving them read state", () => {
    const home = tempHome();
    const file = stateDbPath(home);
    const v1 = new SqliteStore(file, { migrateTo: 1 });
    expect(schemaVersion(v1.db)).toBe(1);
    v1.db
      .prepare(
        `INSERT INTO threads (id, created_at, updated_at, recency_at, preview, cwd, model_provider, model, source,
           source_kind, cli_version, settings)
         VALUES ('01a21537-7e04-7e70-b65d-d1324ae5fe22', 10, 20, 20, 'hello', '/w', 'openai', 'm', '"vscode"', 'vscode',
           '0.169.0', '{"model":"m","modelProvider":"openai","cwd":"/w"}')`,
      )
      .run();
    v1.close();

    const store = openStore(home);
    expect(schemaVersion(store.db)).toBe(MIGRATIONS.length);
    const stored = store.getThread("01a21537-7e04-7e70-b65d-d1324ae5fe22")!;
    expect(stored.record.preview).toBe("hello");
    expect(stored.readState.firstUnread).toBeNull();
    expect(stored.readState.revision).toMatch(/^[0-9a-f-]{36}$/);
    const indexes = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'threads'").pluck().all();
    expect(indexes).toEqual(expect.arrayContaining(["threads_by_created", "threads_by_updated", "threads_by_recency"]));
    store.close();
  });

  it("refuses a database written by a newer schema", () => {
    const home = tempHome();
    openStore(home).close();
    const raw = new Database(stateDbPath(home));
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    expect(() => migrate(raw)).toThrow(/newer than this server supports/);
    raw.close();
  });

  it("reopened after a crash mid-turn: the cut turn reads as interrupted, completed items are kept", () => {
    const home = tempHome();
    const first = openStore(home);
    const { id, turns } = seedConversation(first, { turns: 2, lastInProgress: true });
    // Simulate kill -9: no close(), the WAL is left as is; open a second connection like a new process would.
    const reopened = openStore(home);
    expect(reopened.recoveredTurns).toBe(1);
    const all = reopened.pageTurns(id, { after: null, direction: "asc", limit: -1 });
    expect(all.map((t) => t.status)).toEqual(["completed", "interrupted"]);
    const cut = all[1]!;
    expect(cut.completedAt).toBe(Math.floor(turns[1]!.items[0]!.completedAtMs! / 1000));
    expect(cut.durationMs).toBeGreaterThanOrEqual(0);
    expect(reopened.itemsOfTurns(id, [cut.id]).map((i) => i.item.id)).toEqual([turns[1]!.items[0]!.id]);
    expect(reopened.modelContext(id)).toHaveLength(3);
    first.close();
    reopened.close();
  });

  it("rebuilds the model context from items, and compaction replaces what came before", () => {
    const store = openStore(tempHome());
    const { id, turns } = seedConversation(store, { turns: 2 });
    expect(store.modelContext(id).map((c) => (c as { role: string }).role)).toEqual(["user", "assistant", "user", "assistant"]);
    store.replaceModelContext(id, [{ type: "message", role: "user", content: [{ type: "input_text", text: "summary" }] }]);
    store.insertItem({ threadId: id, turnId: turns[1]!.id, item: userMessage("after", Date.now()), context: [{ after: true }] });
    expect(store.modelContext(id)).toEqual([
      { type: "message", role: "user", content: [{ type: "input_text", text: "summary" }] },
      { after: true },
    ]);
    const memory = new MemoryHistory();
    memory.importHistory("t", store.exportHistory(id));
    expect(memory.modelContext("t")).toEqual(store.modelContext(id));
    store.close();
  });

  it("reads the items of a page of turns in order, leaving out other turns' items inside their run", () => {
    const store = openStore(tempHome());
    const { id, turns } = seedConversation(store, { turns: 4 });
    const [first, second, third, fourth] = turns.map((turn) => turn.id) as [string, string, string, string];
    // A late item of the first turn lands after the fourth turn's items; the second turn's items sit inside the run.
    const late = userMessage("late", Date.now());
    store.insertItem({ threadId: id, turnId: first, item: late, context: [] });
    const texts = (turnIds: string[]) =>
      store.wireItemsOfTurns(id, turnIds).map((wire) => `${turns.findIndex((t) => t.id === wire.turnId) + 1}:${(JSON.parse((wire.item as RawJson).text) as { id: string }).id}`);
    const idsOf = (n: number) => turns[n - 1]!.items.map((item) => `${n}:${item.id}`);
    expect(texts([first, third])).toEqual([...idsOf(1), ...idsOf(3), `1:${late.id}`]);
    expect(texts([fourth, third])).toEqual([...idsOf(3), ...idsOf(4)]);
    expect(texts([second])).toEqual(idsOf(2));
    // A run much longer than the items in it (many items of other turns between): read through the index, same answer.
    for (let n = 0; n < 100; n++) store.insertItem({ threadId: id, turnId: fourth, item: userMessage(`filler ${n}`, Date.now()), context: [] });
    const later = userMessage("later", Date.now());
    store.insertItem({ threadId: id, turnId: second, item: later, context: [] });
    expect(texts([second])).toEqual([...idsOf(2), `2:${later.id}`]);
    expect(store.wireItemsOfTurns(id, [])).toEqual([]);
    expect(store.wireItemsOfTurns(id, ["no-such-turn"])).toEqual([]);
    store.close();
  });

  it("reads the model context as JSON text parts, skipping items without context", () => {
    const store = openStore(tempHome());
    const { id, turns } = seedConversation(store, { turns: 2 });
    store.insertItem({ threadId: id, turnId: turns[1]!.id, item: userMessage("no context", Date.now()), context: [] });
    const parsed = JSON.parse(`[${store.modelContextParts(id).join(",")}]`) as unknown[];
    expect(parsed).toEqual(store.modelContext(id));
    expect(parsed).toHaveLength(4);
    expect(JSON.parse(store.firstModelContextText(id)!)).toEqual([parsed[0]]);
    store.replaceModelContext(id, [{ base: 1 }, { base: 2 }]);
    store.insertItem({ threadId: id, turnId: turns[1]!.id, item: userMessage("after", Date.now()), context: [{ after: "\u00e9\"" }] });
    expect(JSON.parse(`[${store.modelContextParts(id).join(",")}]`)).toEqual([{ base: 1 }, { base: 2 }, { after: "\u00e9\"" }]);
    store.close();
  });

  it("pages threads by every sort key in both directions without duplicates or gaps", () => {
    const store = openStore(tempHome());
    const base = 1_700_000_000;
    const ids: string[] = [];
    store.transaction(() => {
      for (let i = 0; i < 300; i++) {
        const stored = storedThread({ createdAt: base + (i % 7), updatedAt: base + ((i * 13) % 17), recencyAt: base + (i % 3) });
        ids.push(stored.record.id);
        store.insertThread(stored);
      }
    });
    for (const sortKey of ["created_at", "updated_at", "recency_at"] as const) {
      for (const direction of ["asc", "desc"] as const) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page = store.listThreads({
            limit: 29,
            cursor,
            sortKey,
            direction,
            archived: false,
            cwds: null,
            searchTerm: null,
            modelProviders: null,
            excludedIds: null,
            sourceKinds: null,
          });
          seen.push(...page.rows.map((r) => r.record.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(new Set(seen).size).toBe(300);
        expect(seen).toHaveLength(300);
      }
    }
    store.close();
  });

  it("uses the sort indexes for listing", () => {
    const store = openStore(tempHome());
    for (const column of ["created_at", "updated_at", "recency_at"]) {
      const plan = store.db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT id FROM threads WHERE archived = 0 AND source_kind IN ('cli', 'vscode')
             AND (${column}, id) < (1, 'x') ORDER BY ${column} DESC, id DESC LIMIT 51`,
        )
        .all() as { detail: string }[];
      const text = plan.map((p) => p.detail).join("\n");
      expect(text).toMatch(/USING INDEX threads_by_/);
      expect(text).not.toMatch(/TEMP B-TREE/);
    }
    store.close();
  });

  it("encodes opaque cursors and rejects foreign or malformed ones with -32602", () => {
    const cursor = encodeCursor({ kind: "created_at", value: 5, id: "abc", inclusive: true });
    expect(decodeCursor(cursor, "created_at")).toEqual({ kind: "created_at", value: 5, id: "abc", inclusive: true });
    for (const bad of ["", "!!!", "bm90IGpzb24", encodeCursor({ kind: "turn", value: 1, id: "x", inclusive: false })]) {
      expect(() => decodeCursor(bad, "created_at")).toThrow(expect.objectContaining({ code: -32602, message: `invalid cursor: ${bad}` }));
    }
  });
});
