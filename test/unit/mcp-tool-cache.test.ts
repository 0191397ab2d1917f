/**
 * The MCP tool specs (the request's namespaces, tool_search's entries, code
 * mode's nested tools) are built once per change of the offered tools, not
 * on every model request, and rebuilt when a server's tools change.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { McpOAuthStore } from "../../src/auth/mcp-oauth-store.js";
import type { TomlTable } from "../../src/config/json-value.js";
import { silentLogger } from "../../src/logging/logger.js";
import { McpManager } from "../../src/core/mcp/manager.js";
import { mcpDeferredTools, mcpNestedTools, mcpToolDefinitions } from "../../src/core/tool-calls/mcp-call.js";
import { nestedToolDescription } from "../../src/core/tools/specs/index.js";
import { startHttpMcpServer, type HttpMcpServer } from "../helpers/mcp-servers.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function managerFor(config: () => TomlTable): Promise<{ manager: McpManager; statuses: unknown[] }> {
  const statuses: unknown[] = [];
  let nextId = 0;
  const manager = new McpManager({
    logger: silentLogger(),
    broadcast: (method, params) => statuses.push({ method, params }),
    configValues: config,
    rereadConfigValues: config,
    serverRequestIds: () => nextId++,
    oauthStore: new McpOAuthStore(mkdtempSync(path.join(os.tmpdir(), "aas-mcp-cache-"))),
  });
  cleanups.push(() => manager.stop());
  manager.startInBackground();
  await manager.whenSettled();
  return { manager, statuses };
}

function toolNames(definitions: readonly unknown[]): string[] {
  return definitions.flatMap((namespace) => (namespace as { tools: Array<{ name: string }> }).tools.map((tool) => tool.name));
}

describe("MCP tool specs", () => {
  it("are built once while the offered tools stay the same, and again after a reload changes them", async () => {
    const http: HttpMcpServer = await startHttpMcpServer();
    cleanups.push(() => http.close());
    let disabled: string[] = [];
    const { manager } = await managerFor(() => ({ mcp_servers: { web: { url: http.url, disabled_tools: disabled } } }));

    const definitions = mcpToolDefinitions(manager);
    expect(toolNames(definitions)).toContain("echo");
    expect(mcpToolDefinitions(manager)).toBe(definitions);
    expect(mcpDeferredTools(manager)).toBe(mcpDeferredTools(manager));
    const nested = mcpNestedTools(manager);
    expect(mcpNestedTools(manager)).toBe(nested);
    // Code mode's declarations are rendered with the spec, once: the same text as rendering it afresh.
    const echo = nested.find((tool) => tool.name === "mcp__web__echo")!;
    expect(echo.description).toBe(nestedToolDescription({ ...echo, description: undefined }));

    disabled = ["echo"];
    manager.reload();
    await manager.whenSettled();
    const after = mcpToolDefinitions(manager);
    expect(after).not.toBe(definitions);
    expect(toolNames(after)).not.toContain("echo");
    expect(toolNames(after)).toEqual(toolNames(definitions).filter((name) => name !== "echo"));
    expect(mcpNestedTools(manager).map((tool) => tool.name)).not.toContain("mcp__web__echo");
  });

  it("are dropped when the servers stop", async () => {
    const http = await startHttpMcpServer();
    cleanups.push(() => http.close());
    const { manager } = await managerFor(() => ({ mcp_servers: { web: { url: http.url } } }));
    expect(mcpToolDefinitions(manager)).toHaveLength(1);
    await manager.stop();
    expect(mcpToolDefinitions(manager)).toEqual([]);
  });
});
