/** MCP servers for the MCP suites: the stdio test server's config, a streamable-HTTP one on loopback, namespaced calls. */
import { mkdtempSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { functionCallResponse, textResponse, type MockResponsesServer } from "./mock-responses.js";
import { createMcpTestServer } from "./mcp-test-server.mjs";

export const MCP_TEST_SERVER_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), "mcp-test-server.mjs");

/** A unique argument to find a stdio test server's process by (`pidsWithArg`). */
export function mcpMarker(): string {
  return `mcp-marker-${process.pid}-${Math.floor(Math.random() * 1e9)}`;
}

/** A TOML `[mcp_servers.<name>]` table running the stdio test server with `marker`. */
export function stdioServerToml(name: string, marker: string, extra = ""): string {
  return `[mcp_servers.${name}]\ncommand = ${JSON.stringify(process.execPath)}\nargs = [${JSON.stringify(MCP_TEST_SERVER_SCRIPT)}, ${JSON.stringify(marker)}]\n${extra}\n`;
}

/** A CODEX_HOME whose config.toml is `toml`. */
export function codexHomeWith(toml: string): string {
  const home = mkdtempSync(path.join(os.tmpdir(), "aas-mcp-home-"));
  writeFileSync(path.join(home, "config.toml"), toml);
  return home;
}

export interface HttpMcpServer {
  url: string;
  close(): Promise<void>;
  /** Authorization headers of the requests received. */
  authorizations: Array<string | undefined>;
}

/** The test server over streamable HTTP (stateless) on 127.0.0.1; requests without `Bearer <token>` get 401 when a token is set. */
export async function startHttpMcpServer(token?: string): Promise<HttpMcpServer> {
  const authorizations: Array<string | undefined> = [];
  const httpServer = http.createServer((req, res) => {
    authorizations.push(req.headers.authorization);
    if (token && req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401).end();
      return;
    }
    const server = createMcpTestServer("http-test-server");
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    void server.connect(transport).then(() => transport.handleRequest(req, res));
  });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        httpServer.closeAllConnections();
        httpServer.close(() => resolve());
      }),
  };
}

/** Scripts one response calling `tool` in namespace `namespace` (as the Responses API sends namespaced calls), then a final text. */
export function scriptNamespacedCall(mock: MockResponsesServer, namespace: string, tool: string, callId: string, args: unknown, finalText = "Done."): void {
  const events = functionCallResponse({ calls: [{ name: tool, callId, arguments: args }] });
  const withNamespace = JSON.parse(JSON.stringify(events), (_key, value) =>
    value && typeof value === "object" && value.type === "function_call" && value.call_id === callId ? { ...value, namespace } : value,
  );
  mock.enqueue({ type: "sse", events: withNamespace });
  mock.enqueue({ type: "sse", events: textResponse({ deltas: [finalText] }) });
}
