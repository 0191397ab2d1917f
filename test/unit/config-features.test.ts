import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { InProcessServer } from "../helpers/in-process-server.js";

let server: InProcessServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(configToml: string) {
  const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-features-"));
  writeFileSync(path.join(codexHome, "config.toml"), configToml);
  server = new InProcessServer({ codexHome });
  await server.initialize();
  return server;
}

type Feature = { name: string; stage: string; enabled: boolean; defaultEnabled: boolean; displayName: string | null };

describe("experimentalFeature/list and experimentalFeature/enablement/set", () => {
  it("lists the registry with stages, beta copy, and [features] deciding enabled", async () => {
    const s = await start("[features]\nnetwork_proxy = true\napps = false\n");
    const { data, nextCursor } = await s.call("experimentalFeature/list", {});
    expect(nextCursor).toBeNull();
    expect(data.length).toBeGreaterThan(100);
    const byName = new Map<string, Feature>(data.map((f: Feature) => [f.name, f]));
    expect(byName.get("network_proxy")).toMatchObject({ stage: "beta", displayName: "Network proxy", enabled: true, defaultEnabled: false });
    expect(byName.get("apps")).toMatchObject({ stage: "stable", displayName: null, enabled: false, defaultEnabled: true });
    expect(new Set(data.map((f: Feature) => f.stage))).toEqual(new Set(["beta", "underDevelopment", "stable", "deprecated", "removed"]));
  });

  it("pages with decimal cursors and refuses a bad cursor", async () => {
    const s = await start("");
    const first = await s.call("experimentalFeature/list", { limit: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.nextCursor).toBe("2");
    const second = await s.call("experimentalFeature/list", { limit: 2, cursor: first.nextCursor });
    expect(second.nextCursor).toBe("4");
    expect(second.data[0].name).not.toBe(first.data[0].name);
    expect(await s.callError("experimentalFeature/list", { cursor: "zz" })).toEqual({ code: -32600, message: "invalid cursor: zz" });
  });

  it("runtime switches change only the supported features, in memory; config/read reports them", async () => {
    const s = await start("[features]\nmemories = false\n");
    const file = path.join(s.codexHome, "config.toml");
    const before = await s.call("config/read", {});
    expect(before.config.features).toMatchObject({ memories: false, tool_suggest: true, remote_control: false });
    const result = await s.call("experimentalFeature/enablement/set", {
      enablement: { remote_control: true, tool_suggest: false, apps: false, no_such_feature: true },
    });
    expect(result).toEqual({ enablement: { remote_control: true, tool_suggest: false } });
    const after = await s.call("config/read", {});
    expect(after.config.features).toMatchObject({ memories: false, tool_suggest: false, remote_control: true });
    expect(after.config.features.apps).toBeUndefined();
    const { data } = await s.call("experimentalFeature/list", {});
    expect(data.find((f: Feature) => f.name === "remote_control").enabled).toBe(true);
    // The file decides over the runtime switch.
    await s.call("experimentalFeature/enablement/set", { enablement: { memories: true } });
    expect((await s.call("config/read", {})).config.features.memories).toBe(false);
    expect(readFileSync(file, "utf8")).toBe("[features]\nmemories = false\n");
  });

  it("a [features] write through config/value/write shows up in the list", async () => {
    const s = await start("");
    await s.call("config/value/write", { keyPath: "features.network_proxy", value: true, mergeStrategy: "replace" });
    const { data } = await s.call("experimentalFeature/list", {});
    expect(data.find((f: Feature) => f.name === "network_proxy").enabled).toBe(true);
  });
});
