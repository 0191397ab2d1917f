import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockResponses, type MockResponsesServer } from "../helpers/mock-responses.js";
import { codexHomeWith, mcpMarker, scriptNamespacedCall, stdioServerToml } from "../helpers/mcp-servers.js";
import { ServerProcess } from "../helpers/server-process.js";
import { MODEL, startThread, startTurn, startTurnServer, text, turnCompleted, turnStream } from "../helpers/turns.js";
import { mcpOutputTexts, toolOutput } from "../helpers/tools.js";
import { pidsWithArg, waitUntil } from "../helpers/process-scan.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

const BROKEN = `[mcp_servers.broken]\ncommand = ${JSON.stringify(process.execPath)}\nargs = ["-e", "process.exit(1)"]\nrequired = true\n`;
const SLOW_START = 'env = { MCP_TEST_START_DELAY_MS = "1500" }';

function mcpItem(server: ServerProcess, id: string): any {
  return server.notifications("item/completed").map((m) => (m.params as any).item).find((item) => item.id === id);
}

describe("MCP server lifecycle in turns", () => {
  it("a turn waits for servers still starting and offers their tools", async () => {
    const server = await startTurnServer(mock, { codexHome: codexHomeWith(stdioServerToml("late", mcpMarker(), SLOW_START)) });
    try {
      mock.enqueue({ type: "sse", events: (await import("../helpers/mock-responses.js")).textResponse({ deltas: ["Hi."] }) });
      const threadId = await startThread(server);
      const turn = await startTurn(server, threadId, text("hello"));
      expect((await turnCompleted(server, turn.id, 20_000)).turn.status).toBe("completed");
      const namespaces = (mock.requests[0]!.body.tools as any[]).filter((t) => t.type === "namespace" && t.name.startsWith("mcp__")).map((t) => t.name);
      expect(namespaces).toEqual(["mcp__late"]);
    } finally {
      await server.close();
    }
  });

  it("a required server that failed makes the turn fail with a clear error; the daemon stays up", async () => {
    const server = await startTurnServer(mock, { codexHome: codexHomeWith(BROKEN) });
    try {
      await server.waitForNotification("mcpServer/startupStatus/updated", (p) => p.name === "broken" && p.status === "failed", 15_000);
      const threadId = await startThread(server);
      const turn = await startTurn(server, threadId, text("hello"));
      const completed = await turnCompleted(server, turn.id);
      expect(completed.turn.status).toBe("failed");
      expect(completed.turn.error.message).toMatch(/^required MCP servers failed to initialize: broken: /);
      expect(mock.requests).toHaveLength(0);
      expect(await server.call("mcpServerStatus/list", {})).toMatchObject({ data: [{ name: "broken", runtimeStatus: "failed" }] });
    } finally {
      await server.close();
    }
  });

  it("a server that never answers initialize fails after startup_timeout_sec in the reference's words, its child ends, the turn goes on without it", async () => {
    const marker = mcpMarker();
    const hanging = stdioServerToml("stuck", marker, 'env = { MCP_TEST_START_DELAY_MS = "600000" }\nstartup_timeout_sec = 1.5');
    const server = await startTurnServer(mock, { codexHome: codexHomeWith(hanging + stdioServerToml("local", mcpMarker())) });
    try {
      const failed = await server.waitForNotification("mcpServer/startupStatus/updated", (p) => p.name === "stuck" && p.status === "failed", 15_000);
      // The reference prints whole seconds.
      expect(failed.error).toBe("MCP client for `stuck` timed out after 1 seconds. Add or adjust `startup_timeout_sec` in your config.toml:\n[mcp_servers.stuck]\nstartup_timeout_sec = XX");
      expect(await waitUntil(() => pidsWithArg(marker).length === 0, 5_000)).toBe(true);
      await server.waitForNotification("mcpServer/startupStatus/updated", (p) => p.name === "local" && p.status === "ready", 15_000);
      scriptNamespacedCall(mock, "mcp__local", "echo", "call_echo", { text: "on" });
      const threadId = await startThread(server);
      const turn = await startTurn(server, threadId, text("echo"));
      expect((await turnCompleted(server, turn.id, 20_000)).turn.status).toBe("completed");
      const namespaces = (mock.requests[0]!.body.tools as any[]).filter((t) => t.type === "namespace" && t.name.startsWith("mcp__")).map((t) => t.name);
      expect(namespaces).toEqual(["mcp__local"]);
      expect(mcpOutputTexts(toolOutput(mock.requests[1]!, "call_echo"))).toEqual(["echo: on"]);
    } finally {
      await server.close();
    }
  });

  it("reload while a server is still starting reports it cancelled", async () => {
    const home = codexHomeWith(stdioServerToml("late", mcpMarker(), SLOW_START));
    const server = await startTurnServer(mock, { codexHome: home });
    try {
      await server.waitForNotification("mcpServer/startupStatus/updated", (p) => p.name === "late" && p.status === "starting");
      const { writeFileSync } = await import("node:fs");
      writeFileSync(`${home}/config.toml`, "");
      expect(await server.call("config/mcpServer/reload")).toEqual({});
      const cancelled = await server.waitForNotification("mcpServer/startupStatus/updated", (p) => p.name === "late" && p.status === "cancelled");
      expect(cancelled).toEqual({ threadId: null, name: "late", status: "cancelled", error: null, failureReason: null });
    } finally {
      await server.close();
    }
  });

  it("mcpServer/event/stream/start is refused for configured servers (hosted apps only); stop answers {}", async () => {
    const server = new ServerProcess({
      codexHome: codexHomeWith(stdioServerToml("local", mcpMarker())),
      args: ["app-server", ...mock.configArgs("mock", { request_max_retries: 0 }), "-c", `model="${MODEL}"`],
      env: { MOCK_API_KEY: "mock-key" },
    });
    try {
      await server.initialize({ experimentalApi: true });
      const threadId = await startThread(server);
      const refused = await server.callError("mcpServer/event/stream/start", { threadId, server: "local", name: "events", subscriptionId: "s1", arguments: {} });
      expect(refused).toMatchObject({ code: -32600, message: "MCP event subscriptions are only supported for hosted apps" });
      expect(await server.call("mcpServer/event/stream/stop", { subscriptionId: "s1" })).toEqual({});
    } finally {
      await server.close();
    }
  });
});

describe("MCP bad input", () => {
  it("a 10 MB result reaches the model cut to its budget; garbage and a server exiting mid-call fail the call; the turn goes on", async () => {
    const marker = mcpMarker();
    const server = await startTurnServer(mock, { codexHome: codexHomeWith(stdioServerToml("local", marker)) });
    try {
      await server.waitForNotification("mcpServer/startupStatus/updated", (p) => p.name === "local" && p.status === "ready", 15_000);
      const threadId = await startThread(server);

      scriptNamespacedCall(mock, "mcp__local", "huge", "call_huge", { bytes: 10 * 1024 * 1024 });
      const first = await startTurn(server, threadId, text("huge"));
      expect((await turnCompleted(server, first.id, 30_000)).turn.status).toBe("completed");
      // Cut as the reference cuts it (the fallback model's 10 000-byte budget plus 20%, then again in tokens).
      const [cut] = mcpOutputTexts(toolOutput(mock.requests[1]!, "call_huge"));
      expect(cut).toMatch(/^x{5982}\u2026\d tokens truncated\u2026x{5982}$/);
      // The item's result is capped at 1 MiB (its content, as the reference measures it), as one text that says so.
      const huge = mcpItem(server, "call_huge");
      expect(huge).toMatchObject({ status: "completed", result: { content: [{ type: "text", text: expect.stringMatching(/^Truncated tool output:\nx+\u2026\d+ chars truncated\u2026x+$/) }], structuredContent: null, _meta: null } });
      expect(Buffer.byteLength(JSON.stringify({ content: huge.result.content }))).toBe(1024 * 1024);

      mock.reset();
      scriptNamespacedCall(mock, "mcp__local", "garbage", "call_garbage", {});
      const second = await startTurn(server, threadId, text("garbage"));
      expect((await turnCompleted(server, second.id)).turn.status).toBe("completed");
      const garbage = mcpItem(server, "call_garbage");
      expect(garbage).toMatchObject({ status: "failed", result: null, error: { message: expect.stringMatching(/^tool call error: tool call failed for `local\/garbage`\n\nCaused by:\n    Mcp error: -32602: /) } });
      expect(mcpOutputTexts(toolOutput(mock.requests[1]!, "call_garbage"))).toEqual([garbage.error.message]);

      mock.reset();
      scriptNamespacedCall(mock, "mcp__local", "crash", "call_crash", {});
      const third = await startTurn(server, threadId, text("crash"));
      expect((await turnCompleted(server, third.id)).turn.status).toBe("completed");
      expect(mcpItem(server, "call_crash")).toMatchObject({ status: "failed", error: { message: "tool call error: tool call failed for `local/crash`\n\nCaused by:\n    Transport closed" } });
      expect(turnStream(server, threadId, third.id).some((m) => m.method === "turn/completed")).toBe(true);

      // The daemon is up and the server comes back on next use.
      const echoed = await server.call("mcpServer/tool/call", { threadId, server: "local", tool: "echo", arguments: { text: "back" } });
      expect(echoed.content).toEqual([{ type: "text", text: "echo: back" }]);
    } finally {
      await server.close();
    }
  });
});
