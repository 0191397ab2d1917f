import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ThreadItem } from "../../src/protocol/item.js";
import type { SeqPageQuery } from "../../src/store/history.js";
import { SqliteStore, stateDbPath } from "../../src/store/sqlite-store.js";
import type { TurnRecord } from "../../src/store/types.js";
import { RawJson } from "../../src/util/raw-json.js";
import { agentMessage, openStore, seedConversation, userMessage } from "../helpers/thread-seed.js";

/** Two connections on one file: `kept` keeps the thread's history in memory (as for a loaded thread), `plain` reads SQLite. */
function storesOnOneFile(turns: number) {
  const home = mkdtempSync(path.join(os.tmpdir(), "aas-kept-"));
  const seeder = openStore(home);
  const { id, turns: seeded } = seedConversation(seeder, { turns });
  seeder.close();
  const loaded = new Set([id]);
  const kept = new SqliteStore(stateDbPath(home), { keepsHistory: (threadId) => loaded.has(threadId) });
  const plain = new SqliteStore(stateDbPath(home));
  return { id, seeded, kept, plain, loaded };
}

function wireSummary(store: SqliteStore, id: string, turnIds: string[]) {
  return store.wireSummaryItemsOfTurns(id, turnIds).map((wire) => ({
    turnId: wire.turnId,
    type: wire.type,
    item: wire.item instanceof RawJson ? (JSON.parse(wire.item.text) as unknown) : wire.item,
  }));
}

const QUERIES: SeqPageQuery[] = [
  { after: null, direction: "asc", limit: -1 },
  { after: null, direction: "desc", limit: 3 },
  { after: { seq: 3, inclusive: true }, direction: "desc", limit: 2 },
  { after: { seq: 3, inclusive: false }, direction: "asc", limit: 10 },
  { after: { seq: 99, inclusive: false }, direction: "desc", limit: 2 },
];

/** Everything a page of turns reads, through the keeping store and the plain one: they must agree. */
function expectSameHistory(kept: SqliteStore, plain: SqliteStore, id: string): void {
  for (const query of QUERIES) expect(kept.pageTurns(id, query)).toEqual(plain.pageTurns(id, query));
  const turnIds = plain.pageTurns(id, QUERIES[0]!).map((turn) => turn.id);
  expect(kept.turnCount(id)).toBe(plain.turnCount(id));
  for (const turnId of [...turnIds, "no-such-turn"]) expect(kept.getTurn(id, turnId)).toEqual(plain.getTurn(id, turnId));
  expect(wireSummary(kept, id, turnIds)).toEqual(wireSummary(plain, id, turnIds));
}

function turnRecord(threadId: string, id: string, status: TurnRecord["status"]): TurnRecord {
  return { id, threadId, rootTurnId: id, status, error: null, startedAt: 1_800_000_000, completedAt: null, durationMs: null };
}

function commandItem(id: string, status: "inProgress" | "completed"): ThreadItem {
  return {
    type: "commandExecution",
    id,
    command: "ls",
    cwd: "/w",
    processId: null,
    source: "agent",
    status,
    commandActions: [],
    aggregatedOutput: status === "completed" ? "a\n" : null,
    exitCode: status === "completed" ? 0 : null,
    durationMs: null,
  } as unknown as ThreadItem;
}

describe("kept history of loaded threads", () => {
  it("pages turns and summaries from memory, kept equal to SQLite through every write", () => {
    const { id, kept, plain } = storesOnOneFile(5);
    // A full read (what thread/resume and thread/read do) fills what is kept.
    const all = kept.pageTurns(id, QUERIES[0]!);
    kept.wireItemsOfTurns(id, all.map((turn) => turn.id));
    expectSameHistory(kept, plain, id);

    // A new turn: user message, two agent messages (the last one is the summary's), a command, updates, the end.
    kept.insertTurn(id, turnRecord(id, "turn-new", "inProgress"));
    expectSameHistory(kept, plain, id);
    kept.insertItem({ threadId: id, turnId: "turn-new", item: userMessage("new prompt", 1_800_000_000_000), context: [] });
    kept.insertItem({ threadId: id, turnId: "turn-new", item: agentMessage("msg_a", "first answer", 1_800_000_001_000), context: [] });
    kept.insertItem({ threadId: id, turnId: "turn-new", item: commandItem("cmd_1", "inProgress"), context: [] });
    kept.insertItem({ threadId: id, turnId: "turn-new", item: agentMessage("msg_b", "second answer", 1_800_000_002_000), context: [] });
    expectSameHistory(kept, plain, id);
    expect(wireSummary(kept, id, ["turn-new"]).map((w) => (w.item as { id: string }).id)).toEqual([
      expect.any(String),
      "msg_b",
    ]);
    kept.updateItem(id, "turn-new", agentMessage("msg_b", "second answer, revised", 1_800_000_002_000));
    kept.updateItem(id, "turn-new", commandItem("cmd_1", "completed"));
    kept.updateTurn(id, { ...turnRecord(id, "turn-new", "failed"), error: { message: "boom", codexErrorInfo: null, additionalDetails: null } });
    expectSameHistory(kept, plain, id);
    expect(JSON.stringify(wireSummary(kept, id, ["turn-new"]))).toContain("second answer, revised");

    // A rollback drops what is kept; it is read again.
    const third = kept.pageTurns(id, QUERIES[0]!)[2]!;
    kept.dropTurnsFrom(id, third.seq);
    expectSameHistory(kept, plain, id);
    expect(kept.turnCount(id)).toBe(2);
  });

  it("serves a loaded thread from memory and an unloaded one from SQLite", () => {
    const { id, kept, plain, loaded } = storesOnOneFile(3);
    const turnIds = kept.pageTurns(id, QUERIES[0]!).map((turn) => turn.id);
    kept.wireSummaryItemsOfTurns(id, turnIds);
    // Rows removed behind the store's back: only the kept copy still has them.
    plain.db.prepare("DELETE FROM items WHERE thread_id = ?").run(id);
    plain.db.prepare("DELETE FROM turns WHERE thread_id = ?").run(id);
    expect(kept.pageTurns(id, QUERIES[1]!).map((turn) => turn.id)).toEqual([...turnIds].reverse());
    expect(wireSummary(kept, id, turnIds)).toHaveLength(6);
    expect(plain.pageTurns(id, QUERIES[1]!)).toEqual([]);

    // Unloaded: what was kept is dropped, and reads go to SQLite again.
    loaded.delete(id);
    kept.forgetKeptHistory(id);
    expect(kept.pageTurns(id, QUERIES[1]!)).toEqual([]);
    expect(kept.wireSummaryItemsOfTurns(id, turnIds)).toEqual([]);
    expect(kept.turnCount(id)).toBe(0);
  });

  it("drops what is kept when a transaction rolls back, so memory never runs ahead of the store", () => {
    const { id, kept, plain } = storesOnOneFile(2);
    kept.pageTurns(id, QUERIES[0]!);
    expect(() =>
      kept.transaction(() => {
        kept.insertTurn(id, turnRecord(id, "turn-lost", "inProgress"));
        kept.insertItem({ threadId: id, turnId: "turn-lost", item: userMessage("lost", 1_800_000_000_000), context: [] });
        throw new Error("write failed");
      }),
    ).toThrow("write failed");
    expect(kept.getTurn(id, "turn-lost")).toBeUndefined();
    expectSameHistory(kept, plain, id);
    expect(kept.turnCount(id)).toBe(2);
  });

  it("keeps nothing for threads that are not loaded", () => {
    const { id, kept, plain, loaded } = storesOnOneFile(2);
    loaded.delete(id);
    const turnIds = kept.pageTurns(id, QUERIES[0]!).map((turn) => turn.id);
    kept.wireItemsOfTurns(id, turnIds);
    plain.db.prepare("DELETE FROM turns WHERE thread_id = ?").run(id);
    expect(kept.pageTurns(id, QUERIES[0]!)).toEqual([]);
  });
});
