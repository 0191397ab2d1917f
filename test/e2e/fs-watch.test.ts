import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ServerProcess } from "../helpers/server-process.js";

async function started(): Promise<ServerProcess> {
  const server = new ServerProcess();
  await server.initialize();
  return server;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function changes(server: ServerProcess, watchId: string): string[][] {
  return server
    .notifications("fs/changed")
    .map((m) => m.params as { watchId: string; changedPaths: string[] })
    .filter((p) => p.watchId === watchId)
    .map((p) => p.changedPaths);
}

describe("fs/watch", () => {
  it("reports a directory's creations, modifications and deletions, coalesced into one fs/changed", async () => {
    const server = await started();
    const dir = mkdtempSync(path.join(os.tmpdir(), "aas-watch-"));
    writeFileSync(path.join(dir, "old.txt"), "o");
    mkdirSync(path.join(dir, "deep"));
    expect(await server.call("fs/watch", { watchId: "w1", path: dir })).toEqual({ path: dir });
    expect(await server.callError("fs/watch", { watchId: "w1", path: dir })).toEqual({
      code: -32600,
      message: "watchId already exists: w1",
    });

    writeFileSync(path.join(dir, "new.txt"), "n");
    appendFileSync(path.join(dir, "old.txt"), "x");
    rmSync(path.join(dir, "new.txt"));
    // Not a direct child: the watch is not recursive.
    writeFileSync(path.join(dir, "deep", "inner.txt"), "i");
    const first = await server.waitForNotification("fs/changed", (p) => p.watchId === "w1");
    expect(first.changedPaths).toEqual([path.join(dir, "new.txt"), path.join(dir, "old.txt")]);
    await sleep(400);
    expect(changes(server, "w1")).toHaveLength(1);

    expect(await server.call("fs/unwatch", { watchId: "w1" })).toEqual({});
    writeFileSync(path.join(dir, "after.txt"), "a");
    await sleep(400);
    expect(changes(server, "w1")).toHaveLength(1);
    // Unknown ids are not an error.
    expect(await server.call("fs/unwatch", { watchId: "never" })).toEqual({});
  });

  it("follows a path that does not exist yet, and a file's own changes", async () => {
    const server = await started();
    const dir = mkdtempSync(path.join(os.tmpdir(), "aas-watch-"));
    const missing = path.join(dir, "later");
    expect(await server.call("fs/watch", { watchId: "m", path: missing })).toEqual({ path: missing });
    const file = path.join(dir, "file.txt");
    writeFileSync(file, "1");
    expect(await server.call("fs/watch", { watchId: "f", path: file })).toEqual({ path: file });

    mkdirSync(missing);
    expect((await server.waitForNotification("fs/changed", (p) => p.watchId === "m")).changedPaths).toEqual([missing]);
    await sleep(300);
    // Now a directory: its children are reported.
    writeFileSync(path.join(missing, "child"), "c");
    await server.waitForNotification("fs/changed", (p) => p.watchId === "m" && p.changedPaths.includes(path.join(missing, "child")));

    appendFileSync(file, "2");
    expect((await server.waitForNotification("fs/changed", (p) => p.watchId === "f")).changedPaths).toEqual([file]);
    expect(changes(server, "f").flat().every((p) => p === file)).toBe(true);

    expect(await server.callError("fs/watch", { watchId: "r", path: "relative" })).toEqual({
      code: -32600,
      message: "Invalid request: AbsolutePathBuf deserialized without a base path",
    });
  });

  it("keeps watches to their connection and drops them when it closes", async () => {
    const watcher = await started();
    const other = await started();
    const dir = mkdtempSync(path.join(os.tmpdir(), "aas-watch-"));
    await watcher.call("fs/watch", { watchId: "same", path: dir });
    // The same id on another connection is another watch.
    await other.call("fs/watch", { watchId: "same", path: dir });
    await other.close();
    writeFileSync(path.join(dir, "x"), "x");
    await watcher.waitForNotification("fs/changed", (p) => p.watchId === "same");
    expect(other.notifications("fs/changed")).toEqual([]);
  });
});
