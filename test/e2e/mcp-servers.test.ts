import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockResponses, type MockResponsesServer } from "../helpers/mock-responses.js";
import { codexHomeWith, mcpMarker, scriptNamespacedCall, startHttpMcpServer, stdioServerToml, type HttpMcpServer } from "../helpers/mcp-servers.js";
import { pidsWithArg, waitUntil } from "../helpers/process-scan.js";
import type { ServerProcess } from "../helpers/server-process.js";
import { startThread, startTurn, startTurnServer, text, turnCompleted, turnStream } from "../helpers/turns.js";
import { mcpOutputTexts, MCP_OUTPUT_HEADER, toolOutput } from "../helpers/tools.js";

let mock: MockResponsesServer;
let httpMcp: HttpMcpServer;
beforeAll(async () => {
  mock = await startMockResponses();
  httpMcp = await startHttpMcpServer("secret-token");
});
afterAll(async () => {
  await mock.close();
  await httpMcp.close();
});
beforeEach(() => mock.reset());

function statusUpdates(server: ServerProcess, name: string): string[] {
  return server.notifications("mcpServer/startupStatus/updated").map((m) => m.params as any).filter((p) => p.name === name).map((p) => p.status);
}

async function waitForStatus(server: ServerProcess, name: string, status: string): Promise<any> {
  return server.waitForNotification("mcpServer/startupStatus/updated", (p) => p.name === name && p.status === status, 15_000);
}

describe("MCP servers", () => {
  it("start in the background after initialize, report each transition, list their inventory, and leave no child at shutdown", async () => {
    const marker = mcpMarker();
    const toml =
      stdioServerToml("local", marker) +
      `[mcp_servers.remote]\nurl = "${httpMcp.url}"\nbearer_token_env_var = "MCP_TEST_TOKEN"\n` +
      `[mcp_servers.broken]\ncommand = ${JSON.stringify(process.execPath)}\nargs = ["-e", "process.exit(1)"]\nstartup_timeout_sec = 5\n` +
      `[mcp_servers.off]\ncommand = "does-not-exist"\nenabled = false\n` +
      `[mcp_servers.typo]\ncommand = ${JSON.stringify(process.execPath)}\nargs = "not-a-list"\n` +
      `[mcp_servers.nothing]\nenabled = true\n`;
    const server = await startTurnServer(mock, { codexHome: codexHomeWith(toml), env: { MCP_TEST_TOKEN: "secret-token" } });
    try {
      // Invalid entries are reported by key; the server still runs.
      await server.waitForNotification("configWarning", (p) => String(p.summary).includes("mcp_servers.nothing"));
      const warnings = server.notifications("configWarning").map((m) => (m.params as any).summary as string);
      expect(warnings).toEqual(expect.arrayContaining([expect.stringContaining("mcp_servers.typo.args"), expect.stringContaining("mcp_servers.nothing")]));

      const failed = await waitForStatus(server, "broken", "failed");
      expect(failed).toEqual({ threadId: null, name: "broken", status: "failed", error: expect.stringContaining("broken"), failureReason: null });
      await waitForStatus(server, "local", "ready");
      await waitForStatus(server, "remote", "ready");
      expect(statusUpdates(server, "local")).toEqual(["starting", "ready"]);
      expect(statusUpdates(server, "remote")).toEqual(["starting", "ready"]);
      expect(statusUpdates(server, "broken")).toEqual(["starting", "failed"]);
      expect(statusUpdates(server, "off")).toEqual([]);
      expect(httpMcp.authorizations).toContain("Bearer secret-token");

      const list = await server.call("mcpServerStatus/list", {});
      expect(list.nextCursor).toBeNull();
      expect(list.data.map((s: any) => s.name)).toEqual(["local", "remote", "broken", "off", "typo"]);
      const local = list.data[0];
      expect(Object.keys(local.tools)).toEqual(["echo", "add", "slow", "crash", "remove", "ask", "huge", "garbage"]);
      expect(local.tools.echo).toEqual({
        name: "echo",
        title: null,
        description: "Echoes the text back.",
        inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
        annotations: { readOnlyHint: true },
        icons: null,
      });
      expect(local).toMatchObject({
        authStatus: "unsupported",
        resources: [{ uri: "test://readme", name: "readme", mimeType: "text/plain", description: "A test resource." }],
        resourceTemplates: [{ uriTemplate: "test://files/{name}", name: "files" }],
        serverInfo: { name: "mcp-test-server", version: "1.2.3" },
        runtimeStatus: "connected",
        httpOrigin: null,
      });
      expect(list.data[1]).toMatchObject({ authStatus: "bearerToken", runtimeStatus: "connected", httpOrigin: new URL(httpMcp.url).origin });
      expect(list.data[2]).toMatchObject({ runtimeStatus: "failed", tools: {}, toolsError: expect.any(String) });
      expect(list.data[3]).toMatchObject({ runtimeStatus: "disabled", tools: {} });

      // Paged.
      const first = await server.call("mcpServerStatus/list", { limit: 2, detail: "toolsAndAuthOnly" });
      expect(first.data.map((s: any) => s.name)).toEqual(["local", "remote"]);
      expect(first.data[0].resources).toEqual([]);
      const second = await server.call("mcpServerStatus/list", { limit: 2, cursor: first.nextCursor });
      expect(second.data.map((s: any) => s.name)).toEqual(["broken", "off"]);

      const pids = pidsWithArg(marker);
      expect(pids).toHaveLength(1);
    } finally {
      await server.close();
    }
    expect(await waitUntil(() => pidsWithArg(marker).length === 0, 5_000)).toBe(true);
  });

  it("offers enabled tools to the model as an mcp__<server> namespace and runs a call as an mcpToolCall item", async () => {
    const marker = mcpMarker();
    const toml = stdioServerToml("local", marker, 'disabled_tools = ["crash"]');
    const server = await startTurnServer(mock, { codexHome: codexHomeWith(toml) });
    try {
      await waitForStatus(server, "local", "ready");
      scriptNamespacedCall(mock, "mcp__local", "slow", "call_slow", { ms: 200, steps: 2 }, "It slept.");
      const threadId = await startThread(server);
      const turn = await startTurn(server, threadId, text("sleep a bit"));
      const completed = await turnCompleted(server, turn.id);
      expect(completed.turn.status).toBe("completed");

      const tools = mock.requests[0]!.body.tools as any[];
      const namespace = tools.find((t) => t.type === "namespace" && t.name === "mcp__local");
      // As the reference: sorted by name, described generically when the server gave no instructions.
      expect(namespace.description).toBe("Tools in the mcp__local namespace.");
      expect(namespace.tools.map((t: any) => t.name)).toEqual(["add", "ask", "echo", "garbage", "huge", "remove", "slow"]);
      expect(namespace.tools[2]).toEqual({
        type: "function",
        name: "echo",
        description: "Echoes the text back.",
        strict: false,
        parameters: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
      });

      const stream = turnStream(server, threadId, turn.id);
      const started = stream.find((m) => m.method === "item/started" && (m.params as any).item.type === "mcpToolCall")!.params as any;
      expect(started.item).toEqual({
        type: "mcpToolCall",
        id: "call_slow",
        server: "local",
        tool: "slow",
        status: "inProgress",
        arguments: { ms: 200, steps: 2 },
        result: null,
        error: null,
        durationMs: null,
        appContext: null,
        mcpAppUi: null,
        pluginId: null,
        readOnlyHint: null,
        startedAtMs: expect.any(Number),
        completedAtMs: null,
      });
      // The reference's key order, and no `mcpAppResourceUri` (left out when it has no value).
      expect(Object.keys(started.item)).toEqual([
        "type", "id", "server", "tool", "status", "arguments", "appContext", "mcpAppUi", "pluginId", "readOnlyHint", "result", "error", "durationMs", "startedAtMs", "completedAtMs",
      ]);
      const progress = stream.filter((m) => m.method === "item/mcpToolCall/progress").map((m) => m.params as any);
      expect(progress).toEqual([
        { threadId, turnId: turn.id, itemId: "call_slow", message: "step 1 of 2" },
        { threadId, turnId: turn.id, itemId: "call_slow", message: "step 2 of 2" },
      ]);
      const done = stream.find((m) => m.method === "item/completed" && (m.params as any).item.type === "mcpToolCall")!.params as any;
      expect(done.item).toMatchObject({ status: "completed", result: { content: [{ type: "text", text: "slept" }], structuredContent: null, _meta: null }, error: null, durationMs: expect.any(Number) });
      expect(done.item.durationMs).toBeGreaterThanOrEqual(150);

      // The model reads a `Wall time` header, then each content block as an item.
      expect(toolOutput(mock.requests[1]!, "call_slow")).toEqual([
        { type: "input_text", text: expect.stringMatching(MCP_OUTPUT_HEADER) },
        { type: "input_text", text: "slept" },
      ]);
      expect(mock.requests[1]!.body.input).toContainEqual(expect.objectContaining({ type: "function_call", namespace: "mcp__local", name: "slow", call_id: "call_slow" }));

      // Structured content goes back serialized instead.
      mock.reset();
      scriptNamespacedCall(mock, "mcp__local", "add", "call_add", { a: 2, b: 3 });
      const second = await startTurn(server, threadId, text("add"));
      await turnCompleted(server, second.id);
      expect(toolOutput(mock.requests[1]!, "call_add")).toMatch(/^Wall time: \d+\.\d{4} seconds\nOutput:\n\{"sum":5\}$/);
    } finally {
      await server.close();
    }
  });

  it("enforces tool_timeout_sec, reports a crashed server and restarts it on next use", async () => {
    const marker = mcpMarker();
    const server = await startTurnServer(mock, { codexHome: codexHomeWith(stdioServerToml("local", marker, "tool_timeout_sec = 0.3")) });
    try {
      await waitForStatus(server, "local", "ready");
      scriptNamespacedCall(mock, "mcp__local", "slow", "call_hang", { ms: 5_000, steps: 1 });
      const threadId = await startThread(server);
      const turn = await startTurn(server, threadId, text("hang"));
      expect((await turnCompleted(server, turn.id)).turn.status).toBe("completed");
      const done = turnStream(server, threadId, turn.id).find((m) => m.method === "item/completed" && (m.params as any).item.type === "mcpToolCall")!.params as any;
      const timedOut = "tool call error: tool call failed for `local/slow`\n\nCaused by:\n    timed out awaiting tools/call after 0.3s";
      expect(done.item).toMatchObject({ status: "failed", result: null, error: { message: timedOut } });
      expect(done.item.durationMs).toBeLessThan(3_000);
      expect(mcpOutputTexts(toolOutput(mock.requests[1]!, "call_hang"))).toEqual([timedOut]);

      // A crash mid-call fails the call; the turn goes on and the daemon stays up.
      const oldPid = pidsWithArg(marker)[0];
      const crash = await server.callError("mcpServer/tool/call", { threadId, server: "local", tool: "crash" });
      expect(crash.message).toBeTruthy();
      expect(await waitUntil(() => !pidsWithArg(marker).includes(oldPid!), 5_000)).toBe(true);
      // The next use restarts it.
      const echoed = await server.call("mcpServer/tool/call", { threadId, server: "local", tool: "echo", arguments: { text: "again" } });
      expect(echoed).toEqual({ content: [{ type: "text", text: "echo: again" }], isError: null });
      expect(pidsWithArg(marker)).toHaveLength(1);
    } finally {
      await server.close();
    }
    expect(await waitUntil(() => pidsWithArg(marker).length === 0, 5_000)).toBe(true);
  });

  it("answers mcpServer/tool/call and mcpServer/resource/read for clients, with clear errors", async () => {
    const marker = mcpMarker();
    const toml = stdioServerToml("local", marker) + `[mcp_servers.remote]\nurl = "${httpMcp.url}"\nhttp_headers = { Authorization = "Bearer secret-token" }\n`;
    const server = await startTurnServer(mock, { codexHome: codexHomeWith(toml) });
    try {
      await waitForStatus(server, "local", "ready");
      await waitForStatus(server, "remote", "ready");
      const threadId = await startThread(server);
      expect(await server.call("mcpServer/tool/call", { threadId, server: "remote", tool: "add", arguments: { a: 1, b: 2 } })).toEqual({
        content: [{ type: "text", text: "3" }],
        structuredContent: { sum: 3 },
        isError: null,
      });
      expect(await server.call("mcpServer/resource/read", { server: "local", uri: "test://readme" })).toEqual({
        contents: [{ uri: "test://readme", mimeType: "text/plain", text: "hello from the resource" }],
        originCallId: null,
      });
      const unknown = await server.callError("mcpServer/tool/call", { threadId, server: "nope", tool: "echo" });
      expect(unknown).toMatchObject({ code: -32600, message: "unknown MCP server `nope`" });
      const missing = await server.callError("mcpServer/resource/read", { server: "local", uri: "test://missing" });
      expect(missing.message).toContain("test://missing");
    } finally {
      await server.close();
    }
  });

  it("config/mcpServer/reload restarts only the servers whose entry changed", async () => {
    const keep = mcpMarker();
    const change = mcpMarker();
    const home = codexHomeWith(stdioServerToml("keep", keep) + stdioServerToml("change", change));
    const server = await startTurnServer(mock, { codexHome: home });
    try {
      await waitForStatus(server, "keep", "ready");
      await waitForStatus(server, "change", "ready");
      const keepPid = pidsWithArg(keep)[0];
      const changed = mcpMarker();
      const { writeFileSync } = await import("node:fs");
      writeFileSync(`${home}/config.toml`, stdioServerToml("keep", keep) + stdioServerToml("change", changed));
      expect(await server.call("config/mcpServer/reload")).toEqual({});
      await server.waitForNotification("mcpServer/startupStatus/updated", (p) => p.name === "change" && p.status === "ready" && statusUpdates(server, "change").length === 4, 15_000);
      expect(statusUpdates(server, "keep")).toEqual(["starting", "ready"]);
      expect(pidsWithArg(keep)).toEqual([keepPid]);
      expect(await waitUntil(() => pidsWithArg(change).length === 0, 5_000)).toBe(true);
      expect(pidsWithArg(changed)).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
