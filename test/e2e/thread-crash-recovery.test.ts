import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ServerProcess } from "../helpers/server-process.js";
import { openStore, seedConversation } from "../helpers/thread-seed.js";

// Everything else about stored threads runs in process: test/unit/thread-history.test.ts.

async function spawn(codexHome: string) {
  const server = new ServerProcess({ codexHome });
  await server.initialize();
  return server;
}

describe("stored threads after a crash", () => {
  it("marks a turn cut by a killed process as interrupted and keeps its completed items", async () => {
    const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-home-"));
    const store = openStore(codexHome);
    const seeded = seedConversation(store, { turns: 2, lastInProgress: true });
    store.close();
    const server = await spawn(codexHome);
    const turns = await server.call("thread/turns/list", { threadId: seeded.id, itemsView: "full" });
    expect(turns.data.map((t: any) => t.status)).toEqual(["interrupted", "completed"]);
    expect(turns.data[0].items.map((i: any) => i.id)).toEqual([seeded.turns[1]!.items[0]!.id]);

    // A real kill -9 after a write: the write survives.
    await server.call("thread/name/set", { threadId: seeded.id, name: "before the crash" });
    server.kill("SIGKILL");
    await server.exited;
    const again = await spawn(codexHome);
    expect((await again.call("thread/read", { threadId: seeded.id })).thread.name).toBe("before the crash");
  });
});
