import { describe, expect, it } from "vitest";
import { ServerProcess } from "../helpers/server-process.js";

describe("server/diagnostics", () => {
  it("reports this process and the gauges in use, the request itself counted", async () => {
    const server = new ServerProcess();
    await server.initialize({ experimentalApi: true });
    const first = await server.call("server/diagnostics", {});
    expect(first.process.id).toBe(server.child.pid);
    expect(first.process.residentMemoryBytes).toBeGreaterThan(0);
    expect(first.process.physicalFootprintBytes).toBeNull();
    expect(first.gauges).toEqual([{ name: "app.requests.in_flight", value: 1 }]);

    const { thread } = await server.call("thread/start", {});
    const second = await server.call("server/diagnostics", {});
    expect(second.gauges).toEqual([
      { name: "app.requests.in_flight", value: 1 },
      { name: "core.threads.live", value: 1 },
    ]);
    expect(thread.id).toBeTruthy();
  });

  it("needs params and experimentalApi", async () => {
    const server = new ServerProcess();
    await server.initialize({ experimentalApi: true });
    expect(await server.callError("server/diagnostics")).toEqual({ code: -32600, message: "Invalid request: missing field `params`" });
    const stable = new ServerProcess();
    await stable.initialize();
    expect(await stable.callError("server/diagnostics", {})).toEqual({
      code: -32600,
      message: "server/diagnostics requires experimentalApi capability",
    });
  });
});
