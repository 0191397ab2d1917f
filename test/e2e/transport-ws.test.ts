import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { ServerProcess } from "../helpers/server-process.js";
import { WsClient, httpGet, spawnListening, stopListeningServers, upgradeStatus, wsAddress, type Endpoint } from "../helpers/ws-client.js";

afterEach(stopListeningServers);

const EXPERIMENTAL = { experimentalApi: true };

function homeWithBadConfig(): string {
  const home = mkdtempSync(path.join(os.tmpdir(), "aas-ws-home-"));
  writeFileSync(path.join(home, "config.toml"), 'approval_policy = "sometimes"\n');
  return home;
}

/** A non-loopback IPv4 address of this machine, if it has one. */
function externalIPv4(): string | undefined {
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  }
  return undefined;
}

describe("--listen ws://", () => {
  it("serves JSON-RPC over text frames: initialize, an experimental method, string and integer ids", async () => {
    const { server, endpoint } = await spawnListening("ws://127.0.0.1:0");
    expect(endpoint.kind === "ws" && endpoint.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const client = await WsClient.connect(endpoint);
    const init = await client.initialize(EXPERIMENTAL);
    expect(init).toMatchObject({ codexHome: server.codexHome, platformFamily: "unix" });
    expect(init.userAgent).toMatch(/^ws_test_client\//);
    expect(await client.request("mock/experimentalMethod", { value: "hi" }, "str-id")).toEqual({ id: "str-id", result: { echoed: "hi" } });
    expect(await client.request("mock/experimentalMethod", { value: null }, 7)).toEqual({ id: 7, result: { echoed: null } });
    // A second initialize on the same connection.
    expect(await client.callError("initialize", { clientInfo: { name: "again", version: "1" } })).toEqual({
      code: -32600,
      message: "Already initialized",
    });
    await client.close();
    await stopListeningServers();
    // stdout carries nothing in ws mode.
    await server.stdioClosed;
    expect(server.received).toEqual([]);
    expect(server.badLines).toEqual([]);
  });

  it("answers malformed frames like malformed stdio lines and carries on", async () => {
    const { endpoint } = await spawnListening("ws://127.0.0.1:0");
    const client = await WsClient.connect(endpoint);
    client.sendRaw("{not json");
    const parse = await client.waitFor((m) => m.id === null);
    expect(parse).toMatchObject({ id: null, error: { code: -32700 } });
    expect((parse.error as { message: string }).message).toMatch(/^Parse error: /);

    client.sendRaw("[1,2]");
    await client.waitFor((m) => m.id === null && /batch/.test(String((m.error as { message?: string })?.message)));

    client.ws.send(Buffer.from('{"id":1,"method":"initialize"}'), { binary: true });
    const binary = await client.waitFor((m) => m.id === null && /binary frames/.test(String((m.error as { message?: string })?.message)));
    expect(binary.error).toMatchObject({ code: -32600 });

    client.sendRaw(JSON.stringify({ id: "bad-method", method: 5 }));
    expect(await client.waitFor((m) => m.id === "bad-method")).toEqual({
      id: "bad-method",
      error: { code: -32600, message: "Invalid request: `method` must be a string" },
    });

    // Blank frames are ignored; the connection still works, and gating still applies.
    client.sendRaw("   ");
    expect(await client.callError("mock/experimentalMethod", {})).toEqual({ code: -32600, message: "Not initialized" });
    await client.initialize();
    expect(await client.callError("mock/experimentalMethod", {})).toEqual({
      code: -32600,
      message: "mock/experimentalMethod requires experimentalApi capability",
    });
  });

  it("serves /readyz and /healthz on the same port and refuses any request with an Origin header", async () => {
    const { endpoint } = await spawnListening("ws://127.0.0.1:0");
    expect((await httpGet(endpoint, "/readyz")).status).toBe(200);
    expect((await httpGet(endpoint, "/healthz")).status).toBe(200);
    expect((await httpGet(endpoint, "/healthz", { origin: "http://localhost:3000" })).status).toBe(403);
    expect((await httpGet(endpoint, "/readyz", { origin: "null" })).status).toBe(403);
    expect((await httpGet(endpoint, "/nope")).status).toBe(404);
    expect(await upgradeStatus(endpoint, { origin: "http://evil.example" })).toBe(403);
    // The TUI's compression offer is ignored: the connection is accepted and talks plain text frames.
    const client = await WsClient.connect(endpoint, { headers: { "x-codex-app-server-compression": "zstd-stream-v1" } });
    await client.initialize();
    expect(client.badFrames).toEqual([]);
    expect(await upgradeStatus(endpoint)).toBe(101);
  });

  it("keeps initialize state, capabilities and per-connection notifications separate for each client", async () => {
    const { endpoint } = await spawnListening("ws://127.0.0.1:0", { codexHome: homeWithBadConfig() });
    const a = await WsClient.connect(endpoint);
    const b = await WsClient.connect(endpoint);
    await a.initialize(EXPERIMENTAL, "client_a");
    expect(await a.call("mock/experimentalMethod", { value: "a" })).toEqual({ echoed: "a" });
    // B is not initialized although A is.
    expect(await b.callError("mock/experimentalMethod", { value: "b" })).toEqual({ code: -32600, message: "Not initialized" });
    await a.waitFor((m) => m.method === "configWarning");
    expect(b.notifications()).toEqual([]);

    const bInit = await b.initialize(null, "client_b");
    expect(bInit.userAgent).toMatch(/^client_b\//);
    // B did not opt into the experimental API; A did.
    expect(await b.callError("mock/experimentalMethod", { value: "b" })).toEqual({
      code: -32600,
      message: "mock/experimentalMethod requires experimentalApi capability",
    });
    expect(await a.call("mock/experimentalMethod", { value: "a2" })).toEqual({ echoed: "a2" });
    // Each connection got its own configWarning after its own initialize, once.
    const warning = await b.waitFor((m) => m.method === "configWarning");
    expect(typeof warning.emittedAtMs).toBe("number");
    await a.call("mock/experimentalMethod", {});
    expect(a.notifications("configWarning")).toHaveLength(1);
    expect(b.notifications("configWarning")).toHaveLength(1);
  });

  it("sends broadcast notifications to every initialized connection and to no other", async () => {
    const { endpoint } = await spawnListening("ws://127.0.0.1:0");
    const a = await WsClient.connect(endpoint);
    const b = await WsClient.connect(endpoint);
    const idle = await WsClient.connect(endpoint);
    const optedOut = await WsClient.connect(endpoint);
    await a.initialize(null, "client_a");
    await b.initialize(null, "client_b");
    await optedOut.initialize({ optOutNotificationMethods: ["account/updated"] }, "client_c");
    expect(await a.call("account/login/start", { type: "apiKey", apiKey: "sk-test-broadcast" })).toEqual({ type: "apiKey" });
    const [forA, forB] = await Promise.all([
      a.waitFor((m) => m.method === "account/updated"),
      b.waitFor((m) => m.method === "account/updated"),
    ]);
    expect(forA.params).toEqual(forB.params);
    await optedOut.waitFor((m) => m.method === "account/login/completed");
    // Round trips after the broadcast prove nothing more is on its way.
    await b.call("account/read", {});
    await optedOut.call("account/read", {});
    expect(optedOut.notifications("account/updated")).toEqual([]);
    expect(idle.notifications()).toEqual([]);
    expect(await idle.callError("account/read", {})).toEqual({ code: -32600, message: "Not initialized" });
  });
});

describe("ws authentication", () => {
  it("refuses to bind a non-loopback address without a token (exit 2)", async () => {
    const server = new ServerProcess({ args: ["--listen", "ws://0.0.0.0:0"] });
    expect((await server.exited).code).toBe(2);
    await server.stdioClosed;
    expect(server.stderr).toMatch(/non-loopback address 0\.0\.0\.0.*--ws-token-env/);
    expect(server.received).toEqual([]);
  });

  it("refuses to start when the token variable is unset or empty (exit 2)", async () => {
    for (const env of [{ AAS_TEST_TOKEN: undefined }, { AAS_TEST_TOKEN: "  " }]) {
      const server = new ServerProcess({ args: ["--listen", "ws://0.0.0.0:0", "--ws-token-env", "AAS_TEST_TOKEN"], env });
      expect((await server.exited).code).toBe(2);
      await server.stdioClosed;
      expect(server.stderr).toMatch(/AAS_TEST_TOKEN is (not set|empty)/);
    }
  });

  async function expectTokenRequired(endpoint: Endpoint, token: string): Promise<void> {
    expect(await upgradeStatus(endpoint)).toBe(401);
    expect(await upgradeStatus(endpoint, { authorization: "Bearer wrong-token" })).toBe(401);
    expect(await upgradeStatus(endpoint, { authorization: `Bearer ${token}x` })).toBe(401);
    expect(await upgradeStatus(endpoint, { authorization: token })).toBe(401);
    expect(await upgradeStatus(endpoint, { authorization: `Basic ${token}` })).toBe(401);
    // Health endpoints need no token; an Origin is still refused before auth.
    expect((await httpGet(endpoint, "/healthz")).status).toBe(200);
    expect(await upgradeStatus(endpoint, { authorization: `Bearer ${token}`, origin: "http://x" })).toBe(403);
    const client = await WsClient.connect(endpoint, { headers: { authorization: `Bearer ${token}` } });
    await client.initialize(EXPERIMENTAL);
    expect(await client.call("mock/experimentalMethod", { value: "authed" })).toEqual({ echoed: "authed" });
  }

  it("binds all interfaces with --ws-token-env and requires the bearer token on the upgrade", async () => {
    const token = "tok-" + Math.random().toString(36).slice(2);
    const { server, endpoint } = await spawnListening("ws://0.0.0.0:0", {
      args: ["--ws-token-env", "AAS_TEST_TOKEN"],
      env: { AAS_TEST_TOKEN: token },
    });
    const port = Number(new URL((endpoint as { url: string }).url.replace("ws:", "http:")).port);
    await expectTokenRequired({ kind: "ws", url: `ws://127.0.0.1:${port}` }, token);
    const external = externalIPv4();
    if (external) await expectTokenRequired({ kind: "ws", url: `ws://${external}:${port}` }, token);
    expect(server.stderr).not.toContain(token);
  });

  it("accepts the reference's --ws-auth capability-token --ws-token-file on a loopback bind", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "aas-token-"));
    const file = path.join(dir, "token");
    writeFileSync(file, "file-token-123\n", { mode: 0o600 });
    const { endpoint } = await spawnListening("ws://127.0.0.1:0", { args: ["--ws-auth", "capability-token", "--ws-token-file", file] });
    await expectTokenRequired(endpoint, "file-token-123");
  });

  it("accepts --ws-token-sha256 (only the digest on the command line)", async () => {
    const digest = createHash("sha256").update("digest-token-456").digest("hex");
    const { endpoint } = await spawnListening("ws://127.0.0.1:0", { args: ["--ws-token-sha256", digest] });
    await expectTokenRequired(endpoint, "digest-token-456");
  });

  it("rejects a bad --listen value and unknown --ws-auth modes with usage errors", async () => {
    for (const args of [
      ["--listen", "ws://127.0.0.1"],
      ["--listen", "tcp://127.0.0.1:1"],
      ["--listen", "ws://127.0.0.1:0", "--ws-auth", "signed-bearer-token"],
      ["--listen", "ws://127.0.0.1:0", "--max-pending-requests", "0"],
    ]) {
      const server = new ServerProcess({ args });
      expect((await server.exited).code).toBe(2);
    }
  });
});

describe("ws client connection", () => {
  it("closes the socket cleanly when the client goes away mid-request", async () => {
    const { endpoint } = await spawnListening("ws://127.0.0.1:0");
    const raw = new WebSocket(wsAddress(endpoint));
    await new Promise((resolve) => raw.once("open", resolve));
    raw.send(JSON.stringify({ id: 1, method: "initialize", params: { clientInfo: { name: "x", version: "1" } } }));
    raw.terminate();
    // The server stays up for others.
    const client = await WsClient.connect(endpoint);
    await client.initialize();
    expect((await httpGet(endpoint, "/readyz")).status).toBe(200);
  });
});
