import { existsSync, lstatSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ServerProcess } from "../helpers/server-process.js";
import { WsClient, httpGet, spawnListening, stopListeningServers, upgradeStatus, type Endpoint } from "../helpers/ws-client.js";

afterEach(stopListeningServers);

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), "aas-unix-"));
}

async function roundTrip(endpoint: Endpoint): Promise<void> {
  const client = await WsClient.connect(endpoint);
  await client.initialize({ experimentalApi: true });
  expect(await client.call("mock/experimentalMethod", { value: "over unix" })).toEqual({ echoed: "over unix" });
  client.sendRaw("{oops");
  expect(await client.waitFor((m) => m.id === null)).toMatchObject({ id: null, error: { code: -32700 } });
  await client.close();
}

describe("--listen unix://", () => {
  it("defaults to $CODEX_HOME/app-server-control/app-server-control.sock with a private directory and a 0600 socket", async () => {
    const { server, endpoint } = await spawnListening("unix://");
    const expected = path.join(server.codexHome, "app-server-control", "app-server-control.sock");
    expect(endpoint).toEqual({ kind: "unix", path: expected });
    expect(lstatSync(expected).isSocket()).toBe(true);
    expect(statSync(expected).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(expected)).mode & 0o777).toBe(0o700);
    await roundTrip(endpoint);
    // Same HTTP surface as ws://, over the socket.
    expect((await httpGet(endpoint, "/readyz")).status).toBe(200);
    expect((await httpGet(endpoint, "/healthz", { origin: "http://x" })).status).toBe(403);
    expect(await upgradeStatus(endpoint, { origin: "http://x" })).toBe(403);
  });

  it("serves several clients on an explicit path, each with its own handshake", async () => {
    const socketPath = path.join(tempDir(), "s.sock");
    const { endpoint } = await spawnListening(`unix://${socketPath}`);
    expect(endpoint).toEqual({ kind: "unix", path: socketPath });
    expect(statSync(socketPath).mode & 0o777).toBe(0o600);
    const a = await WsClient.connect(endpoint);
    const b = await WsClient.connect(endpoint);
    await a.initialize({ experimentalApi: true });
    expect(await b.callError("mock/experimentalMethod", {})).toEqual({ code: -32600, message: "Not initialized" });
    expect(await a.call("mock/experimentalMethod", {})).toEqual({ echoed: null });
  });

  it("replaces a stale socket file left by a server that died", async () => {
    const socketPath = path.join(tempDir(), "stale.sock");
    const first = await spawnListening(`unix://${socketPath}`);
    first.server.kill("SIGKILL");
    await first.server.exited;
    expect(lstatSync(socketPath).isSocket()).toBe(true); // left behind

    const second = await spawnListening(`unix://${socketPath}`);
    expect(second.server.stderr).toContain("replacing stale unix socket");
    expect(statSync(socketPath).mode & 0o777).toBe(0o600);
    await roundTrip(second.endpoint);
  });

  it("refuses a socket another server is listening on, and leaves that server alone", async () => {
    const socketPath = path.join(tempDir(), "live.sock");
    const live = await spawnListening(`unix://${socketPath}`);
    const intruder = new ServerProcess({ args: ["--listen", `unix://${socketPath}`], env: { LOG_LEVEL: "info" } });
    const { code } = await intruder.exited;
    expect(code).toBe(1);
    await intruder.stdioClosed;
    expect(intruder.stderr).toContain(`cannot listen on ${socketPath}: another server is already listening on it`);
    await roundTrip(live.endpoint);
  });

  it("refuses a path that exists and is not a socket", async () => {
    const file = path.join(tempDir(), "not-a-socket");
    writeFileSync(file, "keep me");
    const server = new ServerProcess({ args: ["--listen", `unix://${file}`] });
    expect((await server.exited).code).toBe(1);
    await server.stdioClosed;
    expect(server.stderr).toContain("exists and is not a socket");
    expect(existsSync(file)).toBe(true);
  });

  it("removes its socket file on SIGTERM", async () => {
    const socketPath = path.join(tempDir(), "bye.sock");
    const { server, endpoint } = await spawnListening(`unix://${socketPath}`);
    const client = await WsClient.connect(endpoint);
    await client.initialize();
    server.kill("SIGTERM");
    expect((await server.exited).code).toBe(0);
    expect(existsSync(socketPath)).toBe(false);
  });
});
