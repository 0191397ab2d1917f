import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { InProcessServer } from "../helpers/in-process-server.js";

describe("remote control status", () => {
  it("tells each connection after initialize that remote control is disabled, with this host and installation", async () => {
    const server = new InProcessServer();
    await server.initialize();
    const status = await server.waitForNotification("remoteControl/status/changed");
    const installationId = readFileSync(path.join(server.codexHome, "installation_id"), "utf8").trim();
    expect(status).toEqual({ status: "disabled", serverName: os.hostname(), installationId, environmentId: null });
    expect(server.notifications("remoteControl/status/changed")).toHaveLength(1);
  });

  it("answers remoteControl/status/read with the same status, for experimental clients only", async () => {
    const server = new InProcessServer();
    await server.initialize({ experimentalApi: true });
    const announced = await server.waitForNotification("remoteControl/status/changed");
    expect(await server.call("remoteControl/status/read")).toEqual(announced);
    const stable = new InProcessServer({ codexHome: server.codexHome });
    await stable.initialize();
    expect(await stable.callError("remoteControl/status/read")).toEqual({
      code: -32600,
      message: "remoteControl/status/read requires experimentalApi capability",
    });
    expect((await stable.waitForNotification("remoteControl/status/changed")).installationId).toBe(announced.installationId);
  });
});
