import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ServerProcess } from "../helpers/server-process.js";
import { WsClient, httpGet, spawnListening, stopListeningServers, type Endpoint } from "../helpers/ws-client.js";

afterEach(stopListeningServers);

async function timedExit(server: ServerProcess, signal: NodeJS.Signals): Promise<{ code: number | null; ms: number }> {
  const start = Date.now();
  server.kill(signal);
  const { code } = await server.exited;
  return { code, ms: Date.now() - start };
}

/** A TCP connection that upgrades nothing and just sits there (half an HTTP request). */
function idleTcp(endpoint: Endpoint): Promise<net.Socket> {
  const url = new URL((endpoint as { url: string }).url.replace(/^ws:/, "http:"));
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port) }, () => {
      socket.write("GET /readyz HTTP/1.1\r\nHost: x\r\n");
      resolve(socket);
    });
    socket.on("error", reject);
  });
}

describe("graceful shutdown", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`ws: ${signal} closes open connections with 1001 and exits 0 within 2 s`, async () => {
      const { server, endpoint } = await spawnListening("ws://127.0.0.1:0");
      const a = await WsClient.connect(endpoint);
      const b = await WsClient.connect(endpoint);
      await a.initialize({ experimentalApi: true });
      await b.initialize();
      const uninitialized = await WsClient.connect(endpoint);
      const idle = await idleTcp(endpoint);
      idle.on("error", () => {});
      // Requests in the pipe when the signal lands are still answered (or told the server is draining).
      const inFlight = Array.from({ length: 20 }, (_, i) => a.request("mock/experimentalMethod", { value: `${i}` }));

      const { code, ms } = await timedExit(server, signal);
      expect(code).toBe(0);
      console.info(`shutdown took ${ms} ms`);
      expect(ms).toBeLessThan(2_000);
      for (const client of [a, b, uninitialized]) expect(await client.closed).toEqual({ code: 1001, reason: "server shutting down" });
      const answered = await Promise.race([Promise.all(inFlight), new Promise((resolve) => setTimeout(() => resolve("missing"), 1_000))]);
      expect(answered).not.toBe("missing");
      for (const response of answered as Array<Record<string, unknown>>) {
        if ("error" in response) {
          expect(response.error).toEqual({
            code: -32600,
            message: "Server is draining; retry after reconnecting",
            data: { reason: "serverShuttingDown" },
          });
        } else expect(response.result).toEqual({ echoed: expect.any(String) });
      }
      await server.stdioClosed;
      expect(server.received).toEqual([]); // nothing on stdout
      expect(server.stderr).toContain('"msg":"shutting down"');
      idle.destroy();
    });
  }

  it("ws: refuses new connections once shutdown begins", async () => {
    const { server, endpoint } = await spawnListening("ws://127.0.0.1:0");
    const client = await WsClient.connect(endpoint);
    await client.initialize();
    expect((await httpGet(endpoint, "/readyz")).status).toBe(200);
    const exited = timedExit(server, "SIGTERM");
    await client.closed;
    await expect(WsClient.connect(endpoint)).rejects.toThrow();
    expect((await exited).code).toBe(0);
  });

  it("unix: SIGTERM with connections open exits 0 within 2 s", async () => {
    const { server, endpoint } = await spawnListening("unix://");
    const clients = await Promise.all([WsClient.connect(endpoint), WsClient.connect(endpoint)]);
    await Promise.all(clients.map((c) => c.initialize()));
    const { code, ms } = await timedExit(server, "SIGTERM");
    expect(code).toBe(0);
    expect(ms).toBeLessThan(2_000);
    for (const client of clients) expect((await client.closed).code).toBe(1001);
  });

  it("stdio: SIGTERM with stdin still open exits 0 within 2 s", async () => {
    const server = new ServerProcess();
    await server.initialize({ experimentalApi: true });
    expect(await server.call("mock/experimentalMethod", { value: "x" })).toEqual({ echoed: "x" });
    const { code, ms } = await timedExit(server, "SIGTERM");
    expect(code).toBe(0);
    expect(ms).toBeLessThan(2_000);
  });
});
