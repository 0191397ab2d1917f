/**
 * Binding the browser login's loopback callback server: a busy port is first
 * asked to cancel (`GET /cancel`), then retried; the default port gives way to
 * the fallback port, any other port fails. Real sockets on 127.0.0.1.
 */
import http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { bindCallbackServer } from "../../src/auth/login/callback-server.js";
import { loginSettings } from "../../src/auth/login/settings.js";

const servers: http.Server[] = [];

async function listening(handler: http.RequestListener = (_req, res) => res.writeHead(404).end()): Promise<{ server: http.Server; port: number; paths: string[] }> {
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    paths.push(req.url ?? "");
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as { port: number }).port, paths };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe("bindCallbackServer", () => {
  it("binds the requested port when free", async () => {
    const server = http.createServer();
    servers.push(server);
    expect(await bindCallbackServer(server, { port: 0, fallbackPort: null })).toBeGreaterThan(0);
  });

  it("asks the holder of a busy port to cancel, then moves to the fallback port", async () => {
    const busy = await listening();
    const fallback = await listening();
    const freePort = fallback.port;
    fallback.server.closeAllConnections();
    await new Promise((resolve) => fallback.server.close(resolve));
    const server = http.createServer();
    servers.push(server);
    const port = await bindCallbackServer(server, { port: busy.port, fallbackPort: freePort, attempts: 3, retryDelayMs: 20 });
    expect(port).toBe(freePort);
    expect(busy.paths).toEqual(["/cancel"]);
  });

  it("a login server that honours /cancel frees the port for the new one", async () => {
    const previous = await listening((_req, res) => {
      res.writeHead(200, { connection: "close" }).end("Login cancelled", () => {
        previous.server.closeAllConnections();
        previous.server.close();
      });
    });
    const server = http.createServer();
    servers.push(server);
    expect(await bindCallbackServer(server, { port: previous.port, fallbackPort: null, attempts: 5, retryDelayMs: 50 })).toBe(previous.port);
    expect(previous.paths).toEqual(["/cancel"]);
  });

  it("a busy port without fallback fails with the reference's message", async () => {
    const busy = await listening();
    const server = http.createServer();
    await expect(bindCallbackServer(server, { port: busy.port, fallbackPort: null, attempts: 2, retryDelayMs: 10 })).rejects.toThrow(
      `Port 127.0.0.1:${busy.port} is already in use`,
    );
  });
});

describe("loginSettings", () => {
  it("defaults, and overrides from chatgpt_login.*", () => {
    expect(loginSettings({})).toEqual({
      issuer: "https://auth.openai.com",
      callbackPort: 1455,
      requestTimeoutMs: 30_000,
      browserTimeoutMs: 600_000,
      deviceCodeTimeoutMs: 900_000,
      revokeTimeoutMs: 10_000,
    });
    expect(loginSettings({ chatgpt_login: { issuer: "http://127.0.0.1:9/", callback_port: 0, request_timeout_ms: -1 } })).toMatchObject({
      issuer: "http://127.0.0.1:9",
      callbackPort: 0,
      requestTimeoutMs: 30_000,
    });
  });
});
