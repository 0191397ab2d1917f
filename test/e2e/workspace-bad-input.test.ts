/**
 * Issue 14, bad input: what the OS refuses, special files, a watch on a
 * missing directory and a search over 200,000 files all answer promptly, as
 * codex 0.169.0 answers them (recorded), and the daemon stays up.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { waitUntil } from "../helpers/process-scan.js";
import { ServerProcess } from "../helpers/server-process.js";
import { tmpDir } from "../helpers/tools.js";

async function started(experimentalApi = false): Promise<ServerProcess> {
  const server = new ServerProcess();
  await server.initialize(experimentalApi ? { experimentalApi: true } : null);
  return server;
}

describe("fs/* where the OS says no", () => {
  // fs/* are not sandboxed in the reference either: they act as the daemon's user, and the OS decides.
  it.runIf(process.platform === "linux")("answers with the OS's error, never hangs, on paths even root may not change", async () => {
    const server = await started();
    try {
      const askedAt = Date.now();
      // Node's own recursive mkdir spins forever here; the reference answers ENOENT.
      expect(await server.callError("fs/createDirectory", { path: "/proc/aas-new/deeper" })).toEqual({ code: -32603, message: "No such file or directory (os error 2)" });
      expect(await server.callError("fs/createDirectory", { path: "/proc/aas-new", recursive: false })).toEqual({ code: -32603, message: "No such file or directory (os error 2)" });
      expect(await server.callError("fs/remove", { path: "/proc/version" })).toEqual({ code: -32603, message: "Operation not permitted (os error 1)" });
      expect(await server.callError("fs/copy", { sourcePath: "/proc/version", destinationPath: "/proc/aas-copy" })).toMatchObject({ code: -32603 });
      expect(Date.now() - askedAt).toBeLessThan(5_000);
      // Still serving.
      expect((await server.call("fs/getMetadata", { path: "/proc" })).isDirectory).toBe(true);
    } finally {
      await server.close();
    }
  });

  it.runIf(process.platform !== "win32")("refuses to read or copy devices and FIFOs instead of blocking on them", async () => {
    const server = await started();
    const dir = tmpDir("aas-bad-input-");
    const fifo = path.join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    try {
      expect(await server.callError("fs/readFile", { path: fifo })).toEqual({ code: -32600, message: `path \`${fifo}\` is not a file` });
      expect(await server.callError("fs/readFile", { path: "/dev/zero" })).toEqual({ code: -32600, message: "path `/dev/zero` is not a file" });
      const copyError = { code: -32600, message: "fs/copy only supports regular files, directories, and symlinks" };
      expect(await server.callError("fs/copy", { sourcePath: fifo, destinationPath: path.join(dir, "copy") })).toEqual(copyError);
      expect(await server.callError("fs/copy", { sourcePath: "/dev/zero", destinationPath: path.join(dir, "copy") })).toEqual(copyError);
      expect(await server.call("fs/getMetadata", { path: fifo })).toMatchObject({ isDirectory: false, isFile: false, isSymlink: false });
    } finally {
      await server.close();
    }
  });
});

describe("a watch on a missing directory", () => {
  it("is accepted, reports the directory once it appears with its content, and is dropped cleanly", async () => {
    const server = await started();
    const dir = tmpDir("aas-bad-input-");
    const missing = path.join(dir, "later", "deeper");
    try {
      expect(await server.call("fs/watch", { watchId: "w", path: missing })).toEqual({ path: missing });
      mkdirSync(missing, { recursive: true });
      writeFileSync(path.join(missing, "file.txt"), "x");
      const changed = await server.waitForNotification("fs/changed", (p) => p.watchId === "w" && (p.changedPaths as string[]).some((c) => c.startsWith(missing)), 10_000);
      expect(changed.watchId).toBe("w");
      expect(await server.call("fs/unwatch", { watchId: "w" })).toEqual({});
      // Dropped: later changes under it are not reported.
      const reported = server.notifications("fs/changed").length;
      writeFileSync(path.join(missing, "after.txt"), "y");
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(server.notifications("fs/changed")).toHaveLength(reported);
    } finally {
      await server.close();
    }
  });
});

describe("fuzzy search over 200,000 files", () => {
  it("answers the one-shot search, and a session indexes once then updates and completes per keystroke; nothing hangs", { timeout: 240_000 }, async () => {
    const root = tmpDir("aas-bad-input-");
    // 200 directories of 1,000 empty files each.
    for (let d = 0; d < 200; d++) {
      const dir = path.join(root, `pkg${d}`);
      mkdirSync(dir);
      for (let f = 0; f < 1_000; f++) writeFileSync(path.join(dir, `mod${f}.ts`), "");
    }
    const server = await started(true);
    try {
      const askedAt = Date.now();
      const result = await server.call("fuzzyFileSearch", { query: "pkg199mod999", roots: [root] });
      expect(result.files[0]).toMatchObject({ path: "pkg199/mod999.ts", file_name: "mod999.ts" });
      expect(result.files.length).toBeLessThanOrEqual(50);
      const oneShotMs = Date.now() - askedAt;
      expect(oneShotMs).toBeLessThan(60_000);

      // Session: one index, then per-keystroke updates.
      await server.call("fuzzyFileSearch/sessionStart", { sessionId: "big", roots: [root] });
      for (const query of ["m", "mo", "mod9", "mod99"]) {
        await server.call("fuzzyFileSearch/sessionUpdate", { sessionId: "big", query });
      }
      const last = await server.waitForNotification("fuzzyFileSearch/sessionUpdated", (p) => p.sessionId === "big" && p.query === "mod99", 120_000);
      expect(last.files).toHaveLength(50);
      expect(last.files.every((f: { path: string }) => /mod99\d*\.ts$/.test(f.path) || /mod\d*9\d*9/.test(f.path))).toBe(true);
      const completedAfter = () => {
        const methods = server.notifications().map((m) => m.method).filter((m) => String(m).startsWith("fuzzyFileSearch/"));
        return methods.at(-1) === "fuzzyFileSearch/sessionCompleted";
      };
      expect(await waitUntil(completedAfter, 60_000)).toBe(true);
      expect(await server.call("fuzzyFileSearch/sessionStop", { sessionId: "big" })).toEqual({});
    } finally {
      await server.close();
    }
  });
});
