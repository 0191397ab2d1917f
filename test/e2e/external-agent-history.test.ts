import { mkdtempSync, realpathSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ServerProcess } from "../helpers/server-process.js";

const servers: ServerProcess[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(codexHome: string): Promise<ServerProcess> {
  const home = path.dirname(codexHome);
  const server = new ServerProcess({ codexHome, env: { HOME: home } });
  servers.push(server);
  await server.initialize();
  return server;
}

describe("externalAgentConfig/import history", () => {
  it("records imports done elsewhere and this server's own, lists them newest first, and keeps them across restarts", async () => {
    const home = realpathSync(mkdtempSync(path.join(os.tmpdir(), "aas-import-history-")));
    const codexHome = path.join(home, ".codex");
    let server = await start(codexHome);
    expect(await server.call("externalAgentConfig/import/readHistories")).toEqual({ data: [], connectors: [] });

    const recorded = await server.call("externalAgentConfig/import/recordHistory", {
      providerId: "cursor",
      itemTypeResults: [
        {
          itemType: "SKILLS",
          successes: [{ itemType: "SKILLS", source: "a" }, { itemType: "SKILLS", cwd: "/x", source: "b", target: "c", title: "T" }],
          failures: [{ itemType: "SKILLS", failureStage: "copy", message: "boom" }],
        },
        { itemType: "CONFIG", successes: [], failures: [] },
      ],
    });
    expect(recorded.importId).toMatch(/^[0-9a-f-]{36}$/);

    // Nothing to import: no notifications and no history.
    await server.call("externalAgentConfig/import", { migrationItems: [], providerId: "empty" });
    // A real import (a home CLAUDE.md) is recorded when it completes, with the caller's provider id.
    const { importId } = await server.call("externalAgentConfig/import", {
      migrationItems: [{ itemType: "AGENTS_MD", description: "instructions", cwd: null }],
      providerId: "claude",
    });
    await server.waitForNotification("externalAgentConfig/import/completed", (p) => p.importId === importId);
    expect(server.notifications("externalAgentConfig/import/progress")).toHaveLength(1);

    const expected = [
      { importId, providerId: "claude", completedAtMs: expect.any(Number), successes: [], failures: [] },
      {
        importId: recorded.importId,
        providerId: "cursor",
        completedAtMs: expect.any(Number),
        successes: [
          { itemType: "SKILLS", cwd: null, source: "a", target: null, title: null },
          { itemType: "SKILLS", cwd: "/x", source: "b", target: "c", title: "T" },
        ],
        failures: [{ itemType: "SKILLS", errorType: null, subErrorType: null, failureStage: "copy", message: "boom", cwd: null, source: null }],
      },
    ];
    const read = await server.call("externalAgentConfig/import/readHistories", {});
    expect(read).toEqual({ data: expected, connectors: [] });
    expect(read.data[0].completedAtMs).toBeGreaterThanOrEqual(read.data[1].completedAtMs);

    await server.close();
    servers.splice(0);
    server = await start(codexHome);
    expect((await server.call("externalAgentConfig/import/readHistories")).data).toEqual(expected);

    const bad = await server.callError("externalAgentConfig/import/recordHistory", { itemTypeResults: [] });
    expect(bad.code).toBe(-32600);
    expect(bad.message).toContain("providerId");
  });
});
