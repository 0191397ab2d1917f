import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { seedTextThread } from "../helpers/search-seed.js";
import { ServerProcess } from "../helpers/server-process.js";

async function serverOn(codexHome: string, experimentalApi = true): Promise<ServerProcess> {
  const server = new ServerProcess({ codexHome });
  await server.initialize(experimentalApi ? { experimentalApi: true } : null);
  return server;
}

const now = Math.floor(Date.now() / 1000);

describe("thread/search", () => {
  it("finds threads by the content of their messages, newest first, with a snippet of the first match", async () => {
    const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-home-"));
    const older = seedTextThread(codexHome, [["hello", "The   Widget\nis ready"]], { createdAt: now - 300, updatedAt: now - 300 });
    const newer = seedTextThread(codexHome, [["where is my widget?", "there"]], { createdAt: now - 100, updatedAt: now - 100 });
    seedTextThread(codexHome, [["nothing", "to see"]], { createdAt: now - 200, updatedAt: now - 200 });
    const server = await serverOn(codexHome);
    const result = await server.call("thread/search", { searchTerm: "WIDGET" });
    expect(result.data.map((r: any) => [r.thread.id, r.snippet])).toEqual([
      [newer.id, "where is my widget?"],
      [older.id, "The Widget is ready"],
    ]);
    expect(result.nextCursor).toBeNull();
    expect(typeof result.backwardsCursor).toBe("string");

    const ascending = await server.call("thread/search", { searchTerm: "widget", sortDirection: "asc" });
    expect(ascending.data.map((r: any) => r.thread.id)).toEqual([older.id, newer.id]);
  });

  it("cuts a long message around the match", async () => {
    const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-home-"));
    seedTextThread(codexHome, [[`${"a".repeat(80)}needle${"b".repeat(140)}`, "ok"]]);
    const server = await serverOn(codexHome);
    const [result] = (await server.call("thread/search", { searchTerm: "needle" })).data;
    expect(result.snippet).toBe(`... ${"a".repeat(48)}needle${"b".repeat(96)} ...`);
  });

  it("pages with cursors and filters archived threads", async () => {
    const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-home-"));
    const ids = [1, 2, 3].map((n) => seedTextThread(codexHome, [[`match ${n}`, "ok"]], { createdAt: now - n * 10, updatedAt: now - n * 10 }).id);
    const archived = seedTextThread(codexHome, [["match archived", "ok"]], { archived: true }).id;
    const server = await serverOn(codexHome);
    const first = await server.call("thread/search", { searchTerm: "match", limit: 2 });
    expect(first.data.map((r: any) => r.thread.id)).toEqual(ids.slice(0, 2));
    expect(first.nextCursor).not.toBeNull();
    const second = await server.call("thread/search", { searchTerm: "match", limit: 2, cursor: first.nextCursor });
    expect(second.data.map((r: any) => r.thread.id)).toEqual([ids[2]]);
    expect(second.nextCursor).toBeNull();
    const onlyArchived = await server.call("thread/search", { searchTerm: "match", archived: true });
    expect(onlyArchived.data.map((r: any) => r.thread.id)).toEqual([archived]);
  });

  it("refuses an empty term and a bad cursor; is experimental", async () => {
    const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-home-"));
    const server = await serverOn(codexHome);
    expect(await server.callError("thread/search", { searchTerm: " " })).toEqual({
      code: -32600,
      message: "thread/search requires a non-empty searchTerm",
    });
    expect(await server.callError("thread/search", { searchTerm: "x", cursor: "garbage" })).toEqual({
      code: -32600,
      message: "invalid cursor: garbage",
    });
    expect(await server.call("thread/search", { searchTerm: "x" })).toEqual({ data: [], nextCursor: null, backwardsCursor: null });
    const stable = await serverOn(codexHome, false);
    expect(await stable.callError("thread/search", { searchTerm: "x" })).toEqual({
      code: -32600,
      message: "thread/search requires experimentalApi capability",
    });
  });
});
