/**
 * thread/attachment/* and thread/attachmentOwner/list through an in-process
 * server, on threads seeded into the thread database: round trips, paging,
 * persistence across a restart, refusals with the reference's texts, and the
 * thread/attachment/updated announcements after the answers.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { InProcessServer, type WireMessage } from "../helpers/in-process-server.js";
import { openStore, seedConversation, storedThread } from "../helpers/thread-seed.js";

async function startServer(codexHome: string): Promise<InProcessServer> {
  const server = new InProcessServer({ codexHome });
  await server.initialize();
  return server;
}

/** A CODEX_HOME whose store holds `count` threads (the given ones archived); their ids, in id order. */
function seededHome(count: number, archived: readonly number[] = []): { codexHome: string; ids: string[] } {
  const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-attachments-"));
  const store = openStore(codexHome);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const thread = storedThread({ archived: archived.includes(i) });
    store.insertThread(thread);
    ids.push(thread.record.id);
  }
  store.close();
  return { codexHome, ids: ids.sort() };
}

function indexOf(server: InProcessServer, predicate: (m: WireMessage) => boolean): number {
  return server.received.findIndex((r) => predicate(r.message));
}

describe("thread attachments", () => {
  it("adds once per type and identity, lists in creation order, removes, and keeps them across a restart", async () => {
    const { codexHome, ids } = seededHome(1);
    const [threadId] = ids as [string];
    const server = await startServer(codexHome);

    const add = await server.request("thread/attachment/add", { threadId, attachmentType: "pr", identityKey: "github.com/a/b#1", payload: { url: "x" } });
    const created = add.result as any;
    expect(created).toEqual({
      outcome: "created",
      attachment: { id: expect.stringMatching(/^[0-9a-f-]{36}$/), attachmentType: "pr", identityKey: "github.com/a/b#1", payload: { url: "x" }, createdAt: expect.any(Number) },
    });
    const announced = await server.waitForNotification("thread/attachment/updated");
    expect(announced).toEqual({ threadId, attachmentType: "pr", identityKey: "github.com/a/b#1", attachmentId: created.attachment.id, operation: "created" });
    expect(indexOf(server, (m) => m.method === "thread/attachment/updated")).toBeGreaterThan(indexOf(server, (m) => m.id === add.id));

    // The same identity again: the stored attachment, payload unchanged, and nothing announced.
    expect(await server.call("thread/attachment/add", { threadId, attachmentType: "pr", identityKey: "github.com/a/b#1", payload: { other: true } })).toEqual({
      outcome: "existing",
      attachment: created.attachment,
    });
    const second = (await server.call("thread/attachment/add", { threadId, attachmentType: "issue", identityKey: "k2", payload: null })).attachment;
    const third = (await server.call("thread/attachment/add", { threadId, attachmentType: " issue ", identityKey: " k3 ", payload: "text" })).attachment;
    expect(third).toMatchObject({ attachmentType: " issue ", identityKey: " k3 " });
    expect(server.notifications("thread/attachment/updated")).toHaveLength(3);

    const page1 = await server.call("thread/attachment/list", { threadId, limit: 2 });
    expect(page1.data).toEqual([created.attachment, second]);
    expect(page1.nextCursor).toBe(`${threadId}|${second.createdAt}|${second.id}`);
    expect(await server.call("thread/attachment/list", { threadId, cursor: page1.nextCursor })).toEqual({ data: [third], nextCursor: null });

    expect(await server.call("thread/attachment/remove", { threadId, attachmentType: "issue", identityKey: "k2" })).toEqual({});
    expect(await server.waitForNotification("thread/attachment/updated", (p) => p.operation === "deleted")).toEqual({
      threadId,
      attachmentType: "issue",
      identityKey: "k2",
      attachmentId: second.id,
      operation: "deleted",
    });
    // Removing what is not there answers the same, announcing nothing.
    expect(await server.call("thread/attachment/remove", { threadId, attachmentType: "issue", identityKey: "k2" })).toEqual({});
    expect(server.notifications("thread/attachment/updated")).toHaveLength(4);
    await server.close();

    const restarted = await startServer(codexHome);
    expect(await restarted.call("thread/attachment/list", { threadId })).toEqual({ data: [created.attachment, third], nextCursor: null });
    await restarted.close();
  });

  it("lists the owners of an identity, filtered by archived and paged", async () => {
    const { codexHome, ids } = seededHome(3, [1]);
    const server = await startServer(codexHome);
    // Seeded in random order: the archived one is whichever was seeded second.
    const store = openStore(codexHome);
    const archivedId = ids.find((id) => store.getThread(id)!.record.archived)!;
    store.close();
    for (const threadId of ids) await server.call("thread/attachment/add", { threadId, attachmentType: "pr", identityKey: "k", payload: 1 });

    const all = await server.call("thread/attachmentOwner/list", { attachmentType: "pr", identityKey: "k" });
    expect(all).toEqual({ data: ids.map((threadId) => ({ threadId, archived: threadId === archivedId })), nextCursor: null });
    expect((await server.call("thread/attachmentOwner/list", { attachmentType: "pr", identityKey: "k", archived: true })).data).toEqual([
      { threadId: archivedId, archived: true },
    ]);
    expect((await server.call("thread/attachmentOwner/list", { attachmentType: "pr", identityKey: "k", archived: false })).data.map((o: any) => o.threadId)).toEqual(
      ids.filter((id) => id !== archivedId),
    );

    const first = await server.call("thread/attachmentOwner/list", { attachmentType: "pr", identityKey: "k", limit: 2 });
    expect(first.data.map((o: any) => o.threadId)).toEqual(ids.slice(0, 2));
    expect(JSON.parse(first.nextCursor)).toEqual({ attachment_type: "pr", identity_key: "k", archived: null, thread_id: ids[1] });
    const rest = await server.call("thread/attachmentOwner/list", { attachmentType: "pr", identityKey: "k", limit: 2, cursor: first.nextCursor });
    expect(rest).toEqual({ data: [{ threadId: ids[2], archived: ids[2] === archivedId }], nextCursor: null });
    expect(await server.call("thread/attachmentOwner/list", { attachmentType: "pr", identityKey: "nothing" })).toEqual({ data: [], nextCursor: null });
    await server.close();
  });

  it("a fork takes copies of the source's attachments (not its section); a deleted thread loses its own", async () => {
    const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-attachments-"));
    const store = openStore(codexHome);
    const { id: sourceId } = seedConversation(store, { turns: 1 });
    store.close();
    const server = await startServer(codexHome);
    const original = (await server.call("thread/attachment/add", { threadId: sourceId, attachmentType: "pr", identityKey: "k", payload: { n: 1 } })).attachment;
    const work = (await server.call("threadSection/create", { name: "Work" })).section;
    await server.call("thread/section/move", { threadId: sourceId, sectionId: work.id });

    const fork = (await server.call("thread/fork", { threadId: sourceId, excludeTurns: true })).thread;
    expect(fork.section).toBeNull();
    const copied = (await server.call("thread/attachment/list", { threadId: fork.id })).data;
    expect(copied).toEqual([{ ...original, id: expect.any(String), createdAt: expect.any(Number) }]);
    expect(copied[0].id).not.toBe(original.id);

    await server.call("thread/delete", { threadId: sourceId });
    expect(await server.call("thread/attachment/list", { threadId: sourceId })).toEqual({ data: [], nextCursor: null });
    expect(await server.call("thread/attachmentOwner/list", { attachmentType: "pr", identityKey: "k" })).toEqual({
      data: [{ threadId: fork.id, archived: false }],
      nextCursor: null,
    });
    expect((await server.call("thread/list", { sectionId: work.id })).data).toEqual([]);
    await server.close();
  });

  it("holds at most 100 attachments per thread; pages hold 25 by default and at most 100", async () => {
    const { codexHome, ids } = seededHome(1);
    const [threadId] = ids as [string];
    const server = await startServer(codexHome);
    for (let i = 0; i < 100; i++) await server.call("thread/attachment/add", { threadId, attachmentType: "t", identityKey: `k${i}`, payload: i });
    expect(await server.callError("thread/attachment/add", { threadId, attachmentType: "t", identityKey: "k100", payload: 100 })).toEqual({
      code: -32602,
      message: "thread attachment identity count exceeds 100",
    });
    // An identity it already holds is still found.
    expect((await server.call("thread/attachment/add", { threadId, attachmentType: "t", identityKey: "k7", payload: 0 })).outcome).toBe("existing");
    const firstPage = await server.call("thread/attachment/list", { threadId });
    expect(firstPage.data).toHaveLength(25);
    expect(firstPage.nextCursor).not.toBeNull();
    const all = await server.call("thread/attachment/list", { threadId, limit: 5000 });
    expect(all.data.map((a: any) => a.payload)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(all.nextCursor).toBeNull();
    await server.close();
  });

  it("refuses what the reference refuses, naming the field", async () => {
    const { codexHome, ids } = seededHome(1);
    const [threadId] = ids as [string];
    const server = await startServer(codexHome);
    const invalidParams = (message: string) => ({ code: -32602, message });
    const add = (params: Record<string, unknown>) => server.callError("thread/attachment/add", { threadId, attachmentType: "pr", identityKey: "k", payload: 1, ...params });

    expect(await server.callError("thread/attachment/add", { threadId, attachmentType: "pr", identityKey: "k" })).toEqual({
      code: -32600,
      message: "Invalid request: missing field `payload`",
    });
    expect(await add({ attachmentType: "  " })).toEqual(invalidParams("attachmentType must not be empty"));
    expect(await add({ identityKey: "" })).toEqual(invalidParams("identityKey must not be empty"));
    expect(await add({ attachmentType: "x".repeat(257) })).toEqual(invalidParams("attachmentType must not exceed 256 bytes"));
    expect(await add({ identityKey: "k".repeat(257) })).toEqual(invalidParams("identityKey must not exceed 256 bytes"));
    expect(await add({ payload: "p".repeat(70_000) })).toEqual(invalidParams("attachment payload must not exceed 65536 bytes"));
    expect(await add({ threadId: "bad" })).toEqual(invalidParams("invalid thread id: invalid length: expected length 32 for simple format, found 3"));
    const unknown = "019d0000-0000-7000-8000-000000000000";
    expect(await add({ threadId: unknown })).toEqual(invalidParams(`thread not found: ${unknown}`));
    expect(await server.callError("thread/attachment/remove", { threadId: unknown, attachmentType: "pr", identityKey: "k" })).toEqual(
      invalidParams(`thread not found: ${unknown}`),
    );
    // A thread not stored yet (no turn) holds no attachments, as in the reference.
    const { thread } = await server.call("thread/start", { cwd: os.tmpdir() });
    expect(await add({ threadId: thread.id })).toEqual(invalidParams(`thread not found: ${thread.id}`));

    expect(await server.call("thread/attachment/list", { threadId: unknown })).toEqual({ data: [], nextCursor: null });
    expect(await server.callError("thread/attachment/list", { threadId, cursor: "garbage" })).toEqual(invalidParams("invalid pagination cursor"));
    expect(await server.callError("thread/attachmentOwner/list", { attachmentType: "", identityKey: "k" })).toEqual(
      invalidParams("attachmentType must not be empty"),
    );
    expect(await server.callError("thread/attachmentOwner/list", { attachmentType: "pr", identityKey: "k", cursor: "garbage" })).toEqual(
      invalidParams("invalid pagination cursor"),
    );
    expect(server.notifications("thread/attachment/updated")).toHaveLength(0);
    await server.close();
  });
});
