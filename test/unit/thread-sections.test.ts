/**
 * threadSection/* and thread/section/move through an in-process server:
 * sections persist in the thread database (across a restart), threads carry
 * their section, thread/list filters and orders by section, and every move
 * is announced after its answer.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { InProcessServer, type WireMessage } from "../helpers/in-process-server.js";
import { openStore, storedThread } from "../helpers/thread-seed.js";

const PINNED = { id: "01984de2-8f74-7c91-a3b2-5c5e937cf318", name: "Pinned", appearance: null };

async function startServer(codexHome?: string): Promise<InProcessServer> {
  const server = new InProcessServer({ codexHome });
  await server.initialize();
  return server;
}

function indexOf(server: InProcessServer, predicate: (m: WireMessage) => boolean): number {
  return server.received.findIndex((r) => predicate(r.message));
}

async function newThread(server: InProcessServer, ephemeral = false): Promise<string> {
  const { thread } = await server.call("thread/start", { cwd: os.tmpdir(), ephemeral });
  return thread.id;
}

describe("threadSection CRUD", () => {
  it("lists the built-in Pinned section first, then sections in creation order, across a restart", async () => {
    const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-sections-"));
    const server = await startServer(codexHome);
    expect(await server.call("threadSection/list", {})).toEqual({ data: [PINNED], nextCursor: null });

    const work = (await server.call("threadSection/create", { name: "  Work  " })).section;
    expect(work).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: "Work", appearance: null });
    const play = (await server.call("threadSection/create", { name: "Play", appearance: { color: "red", icon: "star" } })).section;
    expect(play.appearance).toEqual({ icon: "star", color: "red" });
    const bare = (await server.call("threadSection/create", { name: "Bare", appearance: {} })).section;
    expect(bare.appearance).toEqual({ icon: null, color: null });

    const page1 = await server.call("threadSection/list", { limit: 2 });
    expect(page1.data.map((s: any) => s.name)).toEqual(["Pinned", "Work"]);
    expect(page1.nextCursor).toBe(work.id);
    const page2 = await server.call("threadSection/list", { limit: 2, cursor: page1.nextCursor });
    expect(page2).toEqual({ data: [play, bare], nextCursor: null });
    expect(await server.call("threadSection/list", { cursor: "garbage" })).toEqual({ data: [], nextCursor: null });

    // Omitted appearance keeps it; null clears it.
    expect((await server.call("threadSection/update", { sectionId: play.id, name: "Play2" })).section).toEqual({ ...play, name: "Play2" });
    expect((await server.call("threadSection/update", { sectionId: play.id, name: "Play3", appearance: null })).section).toEqual({
      id: play.id,
      name: "Play3",
      appearance: null,
    });
    expect(await server.call("threadSection/delete", { sectionId: bare.id })).toEqual({});
    await server.close();

    const restarted = await startServer(codexHome);
    expect((await restarted.call("threadSection/list", {})).data).toEqual([PINNED, work, { id: play.id, name: "Play3", appearance: null }]);
    await restarted.close();
  });

  it("pages 25 sections by default and at most 100", async () => {
    const server = await startServer();
    for (let i = 0; i < 120; i++) await server.call("threadSection/create", { name: `s${i}` });
    const first = await server.call("threadSection/list", {});
    expect(first.data).toHaveLength(25);
    expect(first.nextCursor).toBe(first.data[24].id);
    const big = await server.call("threadSection/list", { limit: 5000 });
    expect(big.data).toHaveLength(100);
    const rest = await server.call("threadSection/list", { limit: 5000, cursor: big.nextCursor });
    expect(rest.data.map((s: any) => s.name)).toEqual(Array.from({ length: 21 }, (_, i) => `s${99 + i}`));
    expect(rest.nextCursor).toBeNull();
    await server.close();
  });

  it("refuses what the reference refuses, with its texts", async () => {
    const server = await startServer();
    const invalidParams = (message: string) => ({ code: -32602, message });
    expect(await server.callError("threadSection/create", { name: "   " })).toEqual(invalidParams("section name must not be empty"));
    expect(await server.callError("threadSection/create", {})).toEqual({ code: -32600, message: "Invalid request: missing field `name`" });
    expect(await server.callError("threadSection/list")).toEqual({ code: -32600, message: "Invalid request: missing field `params`" });
    expect(await server.callError("threadSection/update", { sectionId: PINNED.id, name: "x" })).toEqual(
      invalidParams("the built-in pinned section cannot be renamed"),
    );
    expect(await server.callError("threadSection/delete", { sectionId: PINNED.id })).toEqual(
      invalidParams("the built-in pinned section cannot be deleted"),
    );
    expect(await server.callError("threadSection/update", { sectionId: " ", name: "x" })).toEqual(invalidParams("sectionId must not be empty"));
    expect(await server.callError("threadSection/update", { sectionId: "nope", name: "x" })).toEqual(
      invalidParams("thread section not found: nope"),
    );
    expect(await server.callError("threadSection/delete", { sectionId: "nope" })).toEqual(invalidParams("thread section not found: nope"));
    const work = (await server.call("threadSection/create", { name: "Work" })).section;
    expect(await server.callError("threadSection/update", { sectionId: work.id, name: "" })).toEqual(invalidParams("section name must not be empty"));
    await server.close();
  });
});

describe("thread/section/move", () => {
  it("files threads in order, announces each move after its answer, and threads carry their section", async () => {
    const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-sections-"));
    const server = await startServer(codexHome);
    const t1 = await newThread(server);
    const t2 = await newThread(server);
    const t3 = await newThread(server);
    const work = (await server.call("threadSection/create", { name: "Work" })).section;

    const move = await server.request("thread/section/move", { threadId: t1, sectionId: work.id });
    expect(move.result).toEqual({});
    const changed = await server.waitForNotification("thread/section/changed", (p) => p.threadId === t1);
    expect(changed).toEqual({ threadId: t1, sectionId: work.id });
    const answered = indexOf(server, (m) => m.id === move.id);
    const announced = indexOf(server, (m) => m.method === "thread/section/changed" && (m.params as any).threadId === t1);
    expect(announced).toBeGreaterThan(answered);

    await server.call("thread/section/move", { threadId: t2, sectionId: work.id });
    await server.call("thread/section/move", { threadId: t3, sectionId: work.id, beforeThreadId: t2 });

    const read = (await server.call("thread/read", { threadId: t1 })).thread;
    expect(read.section).toEqual(work);
    expect(Math.abs(read.sectionEnteredAt - Date.now() / 1000)).toBeLessThan(10);

    const byPosition = await server.call("thread/list", { sectionId: work.id, sortKey: "section_position", limit: 2 });
    expect(byPosition.data.map((t: any) => t.id)).toEqual([t1, t3]);
    expect(byPosition.data[0].section).toEqual(work);
    expect(byPosition.nextCursor).toBe(`1500000|${t3}`);
    const rest = await server.call("thread/list", { sectionId: work.id, sortKey: "section_position", cursor: byPosition.nextCursor });
    expect(rest.data.map((t: any) => t.id)).toEqual([t2]);
    expect(rest.nextCursor).toBeNull();
    expect((await server.call("thread/list", { sectionId: work.id, sortKey: "section_position", sortDirection: "asc" })).data.map((t: any) => t.id)).toEqual([
      t1,
      t3,
      t2,
    ]);
    expect((await server.call("thread/list", { sectionId: "nosuch" })).data).toEqual([]);

    // Out of the section: the thread is unsectioned again, and that is announced too.
    await server.call("thread/section/move", { threadId: t3, sectionId: null });
    expect(await server.waitForNotification("thread/section/changed", (p) => p.threadId === t3 && p.sectionId === null)).toEqual({
      threadId: t3,
      sectionId: null,
    });
    expect((await server.call("thread/read", { threadId: t3 })).thread).toMatchObject({ section: null, sectionEnteredAt: null });
    await server.close();

    const restarted = await startServer(codexHome);
    const listed = await restarted.call("thread/list", { sectionId: work.id, sortKey: "section_position" });
    // Threads never given a turn are not stored: after a restart the section lists the stored ones only.
    expect(listed.data).toEqual([]);
    await restarted.close();
  });

  it("keeps stored threads' places across a restart; deleting the section unfiles them", async () => {
    const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-sections-"));
    const store = openStore(codexHome);
    const a = storedThread();
    const b = storedThread({ archived: true });
    store.insertThread(a);
    store.insertThread(b);
    store.close();

    const server = await startServer(codexHome);
    const work = (await server.call("threadSection/create", { name: "Work" })).section;
    await server.call("thread/section/move", { threadId: a.record.id, sectionId: work.id });
    await server.call("thread/section/move", { threadId: b.record.id, sectionId: work.id });
    await server.close();

    const restarted = await startServer(codexHome);
    const listed = await restarted.call("thread/list", { sectionId: work.id, sortKey: "section_position" });
    expect(listed.data.map((t: any) => t.id)).toEqual([a.record.id]);
    expect(listed.data[0].section).toEqual(work);
    const archived = await restarted.call("thread/list", { sectionId: work.id, sortKey: "section_position", archived: true });
    expect(archived.data.map((t: any) => t.id)).toEqual([b.record.id]);
    const unsectioned = await restarted.call("thread/list", { sectionId: null });
    expect(unsectioned.data.map((t: any) => t.id)).not.toContain(a.record.id);

    await restarted.call("threadSection/delete", { sectionId: work.id });
    expect((await restarted.call("thread/read", { threadId: a.record.id })).thread).toMatchObject({ section: null, sectionEnteredAt: null });
    expect((await restarted.call("thread/list", { sectionId: null })).data.map((t: any) => t.id)).toContain(a.record.id);
    await restarted.close();
  });

  it("refuses bad moves with the reference's texts (-32600)", async () => {
    const server = await startServer();
    const t1 = await newThread(server);
    const t2 = await newThread(server);
    const ephemeral = await newThread(server, true);
    const work = (await server.call("threadSection/create", { name: "Work" })).section;
    const other = (await server.call("threadSection/create", { name: "Other" })).section;
    await server.call("thread/section/move", { threadId: t2, sectionId: work.id });
    const invalid = (message: string) => ({ code: -32600, message });

    expect(await server.callError("thread/section/move", { threadId: t1 })).toEqual(invalid("Invalid request: missing field `sectionId`"));
    expect(await server.callError("thread/section/move", { threadId: t1, sectionId: "" })).toEqual(invalid("sectionId must not be empty"));
    expect(await server.callError("thread/section/move", { threadId: t1, sectionId: null, beforeThreadId: t2 })).toEqual(
      invalid("beforeThreadId requires a non-null sectionId"),
    );
    expect(await server.callError("thread/section/move", { threadId: "bad", sectionId: work.id })).toEqual(
      invalid("invalid thread id: invalid length: expected length 32 for simple format, found 3"),
    );
    expect(await server.callError("thread/section/move", { threadId: t1, sectionId: work.id, beforeThreadId: "bad" })).toEqual(
      invalid("invalid before thread id: invalid length: expected length 32 for simple format, found 3"),
    );
    expect(await server.callError("thread/section/move", { threadId: t1, sectionId: work.id, beforeThreadId: t1 })).toEqual(
      invalid(`thread ${t1} cannot be moved before itself`),
    );
    const unknown = "019d0000-0000-7000-8000-000000000000";
    expect(await server.callError("thread/section/move", { threadId: unknown, sectionId: work.id })).toEqual(invalid(`thread not found: ${unknown}`));
    expect(await server.callError("thread/section/move", { threadId: ephemeral, sectionId: work.id })).toEqual(
      invalid(`ephemeral thread does not support section moves: ${ephemeral}`),
    );
    expect(await server.callError("thread/section/move", { threadId: t1, sectionId: "nosuch" })).toEqual(invalid("section nosuch does not exist"));
    expect(await server.callError("thread/section/move", { threadId: t1, sectionId: other.id, beforeThreadId: t2 })).toEqual(
      invalid(`before thread ${t2} is not in section ${other.id}`),
    );
    expect(await server.callError("thread/list", { sortKey: "section_position" })).toEqual(
      invalid("section-position sorting requires a section filter"),
    );
    expect(await server.callError("thread/list", { sectionId: work.id, sortKey: "section_position", cursor: "zzz" })).toEqual(
      invalid("invalid cursor: zzz"),
    );
    expect(server.notifications("thread/section/changed")).toHaveLength(1);
    await server.close();
  });
});
