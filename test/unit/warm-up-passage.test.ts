import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../../src/logging/logger.js";
import { AppServer } from "../../src/server/app-server.js";
import { createInProcessPair } from "../../src/transport/in-process.js";
import { withoutSystemSkills } from "../helpers/system-skills.js";

/**
 * A server that warms up after `initialize`, as the daemon's listeners do, and
 * a client that sends `next` the moment the `initialize` answer arrives. Gives
 * what happened, in order: `response N` and `warm-up done`.
 */
async function afterInitialize(next: Array<{ id: number; method: string; params: unknown } | { method: string }>): Promise<string[]> {
  const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-home-"));
  withoutSystemSkills(codexHome);
  const app = new AppServer({ codexHome, configOverrides: [], logger: silentLogger(), warmUpAfterInitialize: true });
  const { transport, client } = createInProcessPair();
  const events: string[] = [];
  const expected = next.filter((message) => "id" in message).length + 1;
  let answered = 0;
  const done = new Promise<void>((resolve) => {
    client.onLine((_line, parsed) => {
      const message = parsed as { id?: number };
      if (message.id === undefined) return;
      events.push(`response ${message.id}`);
      if (message.id === 1) {
        void app.warmUp().then(() => events.push("warm-up done"));
        for (const request of next) client.send(request as never);
      }
      if (++answered === expected) resolve();
    });
  });
  const session = app.attach(transport);
  client.send({ id: 1, method: "initialize", params: { clientInfo: { name: "warm-up-test", version: "1" } } });
  try {
    await done;
    await app.warmUp();
    return events;
  } finally {
    session.close();
    app.shutdown();
  }
}

describe("input during the warm-up after initialize", () => {
  it("answers store reads sent at once before the warm-up ends, and holds everything else until it has", async () => {
    const events = await afterInitialize([
      { method: "initialized" },
      { id: 2, method: "thread/list", params: { limit: 5 } },
      { id: 3, method: "thread/loaded/list", params: {} },
      { id: 4, method: "model/list", params: {} },
    ]);
    expect(events).toEqual(["response 1", "response 2", "response 3", "warm-up done", "response 4"]);
  });

  it("holds a store read sent after a held request, as everything after it", async () => {
    const events = await afterInitialize([
      { method: "initialized" },
      { id: 2, method: "model/list", params: {} },
      { id: 3, method: "thread/list", params: { limit: 5 } },
    ]);
    expect(events.slice(0, 2)).toEqual(["response 1", "warm-up done"]);
    expect(events.slice(2).sort()).toEqual(["response 2", "response 3"]);
  });
});
