import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockResponses, type MockResponsesServer } from "../helpers/mock-responses.js";
import { codexHomeWith, mcpMarker, scriptNamespacedCall, stdioServerToml } from "../helpers/mcp-servers.js";
import type { ServerProcess } from "../helpers/server-process.js";
import { startThread, startTurn, startTurnServer, text, turnCompleted } from "../helpers/turns.js";
import { mcpOutputTexts, serverRequests, toolOutput } from "../helpers/tools.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

const ELICITATION = "mcpServer/elicitation/request";
const ON_REQUEST = { approvalPolicy: "on-request", sandbox: "workspace-write" };

async function readyServer(extra = "", env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await startTurnServer(mock, { codexHome: codexHomeWith(stdioServerToml("local", mcpMarker(), extra)), env });
  await server.waitForNotification("mcpServer/startupStatus/updated", (p) => p.name === "local" && p.status === "ready", 15_000);
  return server;
}

function mcpItem(server: ServerProcess, id: string): any {
  return server.notifications("item/completed").map((m) => (m.params as any).item).find((item) => item.id === id);
}

async function runCall(server: ServerProcess, threadId: string, tool: string, callId: string, args: unknown): Promise<void> {
  mock.reset();
  scriptNamespacedCall(mock, "mcp__local", tool, callId, args);
  const turn = await startTurn(server, threadId, text(`call ${tool}`));
  expect((await turnCompleted(server, turn.id)).turn.status).toBe("completed");
}

describe("MCP tool approvals", () => {
  it("a destructive tool asks through mcpServer/elicitation/request; acceptForSession (persist: session) is remembered for the thread", async () => {
    const server = await readyServer();
    try {
      server.onServerRequest(() => ({ action: "accept", content: {}, _meta: { persist: "session" } }));
      const threadId = await startThread(server, ON_REQUEST);
      await runCall(server, threadId, "remove", "call_rm1", { path: "a.txt" });
      const [asked] = serverRequests(server, ELICITATION);
      expect(asked!.params).toEqual({
        threadId,
        turnId: expect.any(String),
        serverName: "local",
        mode: "form",
        _meta: {
          codex_approval_kind: "mcp_tool_call",
          persist: "session",
          tool_title: "Remove a file",
          tool_description: "Removes a file.",
          tool_params: { path: "a.txt" },
          tool_params_display: [{ name: "path", value: "a.txt", display_name: "path" }],
        },
        message: 'Allow the local MCP server to run tool "remove"?',
        requestedSchema: { $schema: null, type: "object", properties: {}, required: null },
      });
      expect(mcpItem(server, "call_rm1")).toMatchObject({ status: "completed", result: { content: [{ type: "text", text: "removed a.txt" }] } });
      expect(server.notifications("serverRequest/resolved")).toHaveLength(1);

      // Remembered for the session: the second call is not asked about.
      await runCall(server, threadId, "remove", "call_rm2", { path: "b.txt" });
      expect(serverRequests(server, ELICITATION)).toHaveLength(1);
      expect(mcpItem(server, "call_rm2")).toMatchObject({ status: "completed" });

      // Read-only and unannotated tools never ask.
      await runCall(server, threadId, "echo", "call_echo", { text: "hi" });
      await runCall(server, threadId, "add", "call_add", { a: 1, b: 2 });
      expect(serverRequests(server, ELICITATION)).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it("decline and cancel (also an error answer) skip the call with the reference's messages; a plain accept is asked again", async () => {
    const server = await readyServer();
    try {
      const answers: unknown[] = [{ action: "decline" }, new Error("client failed"), { action: "accept" }, { action: "cancel" }];
      server.onServerRequest(() => {
        const next = answers.shift();
        if (next instanceof Error) throw next;
        return next;
      });
      const threadId = await startThread(server, ON_REQUEST);
      await runCall(server, threadId, "remove", "call_d", { path: "x" });
      expect(mcpItem(server, "call_d")).toMatchObject({ status: "failed", error: { message: "user rejected MCP tool call" }, durationMs: 0, result: null });
      expect(toolOutput(mock.requests[1]!, "call_d")).toBe("user rejected MCP tool call");

      await runCall(server, threadId, "remove", "call_e", { path: "x" });
      expect(mcpItem(server, "call_e")).toMatchObject({ status: "failed", error: { message: "user cancelled MCP tool call" } });

      await runCall(server, threadId, "remove", "call_a", { path: "y" });
      expect(mcpItem(server, "call_a")).toMatchObject({ status: "completed" });
      await runCall(server, threadId, "remove", "call_c", { path: "z" });
      expect(mcpItem(server, "call_c")).toMatchObject({ status: "failed", error: { message: "user cancelled MCP tool call" } });
      expect(serverRequests(server, ELICITATION)).toHaveLength(4);
    } finally {
      await server.close();
    }
  });

  it("per-tool approval_mode: approve never asks, prompt always asks (without the session option); full access never asks", async () => {
    const server = await readyServer('[mcp_servers.local.tools.remove]\napproval_mode = "approve"\n[mcp_servers.local.tools.echo]\napproval_mode = "prompt"\n');
    try {
      server.onServerRequest(() => ({ action: "accept", _meta: { persist: "session" } }));
      const threadId = await startThread(server, ON_REQUEST);
      await runCall(server, threadId, "remove", "call_rm", { path: "a" });
      expect(serverRequests(server, ELICITATION)).toHaveLength(0);
      await runCall(server, threadId, "echo", "call_e1", { text: "1" });
      await runCall(server, threadId, "echo", "call_e2", { text: "2" });
      const asked = serverRequests(server, ELICITATION).map((m) => (m.params as any)._meta);
      expect(asked).toHaveLength(2);
      expect(asked[0]).not.toHaveProperty("persist");

      const fullAccess = await startThread(server, { approvalPolicy: "never", sandbox: "danger-full-access" });
      await runCall(server, fullAccess, "echo", "call_e3", { text: "3" });
      expect(serverRequests(server, ELICITATION)).toHaveLength(2);
      expect(mcpItem(server, "call_e3")).toMatchObject({ status: "completed" });
    } finally {
      await server.close();
    }
  });
});

describe("MCP elicitation", () => {
  it("a server's elicitation becomes mcpServer/elicitation/request; accept with content, decline and an error answer (cancel) go back", async () => {
    const server = await readyServer();
    try {
      const answers: unknown[] = [{ action: "accept", content: { name: "Ada" } }, { action: "decline" }, new Error("no UI")];
      server.onServerRequest(() => {
        const next = answers.shift();
        if (next instanceof Error) throw next;
        return next;
      });
      const threadId = await startThread(server, ON_REQUEST);
      await runCall(server, threadId, "ask", "call_ask1", { question: "Your name?" });
      const [asked] = serverRequests(server, ELICITATION);
      expect(asked!.params).toEqual({
        threadId,
        turnId: expect.any(String),
        serverName: "local",
        mode: "form",
        _meta: null,
        message: "Your name?",
        requestedSchema: {
          $schema: null,
          type: "object",
          properties: { name: { type: "string", title: null, description: null, minLength: null, maxLength: null, format: null, default: null } },
          required: ["name"],
        },
      });
      expect(mcpOutputTexts(toolOutput(mock.requests[1]!, "call_ask1"))).toEqual(['accept: {"name":"Ada"}']);

      await runCall(server, threadId, "ask", "call_ask2", {});
      expect(mcpOutputTexts(toolOutput(mock.requests[1]!, "call_ask2"))).toEqual(["decline: null"]);
      await runCall(server, threadId, "ask", "call_ask3", {});
      expect(mcpOutputTexts(toolOutput(mock.requests[1]!, "call_ask3"))).toEqual(["cancel: null"]);
    } finally {
      await server.close();
    }
  });

  it("a direct mcpServer/tool/call asks its caller; approval policy never declines without asking", async () => {
    const server = await readyServer();
    try {
      server.onServerRequest(() => ({ action: "accept", content: { name: "Grace" } }));
      const threadId = await startThread(server, ON_REQUEST);
      const result = await server.call("mcpServer/tool/call", { threadId, server: "local", tool: "ask", arguments: { question: "Name?" } });
      expect(result.content).toEqual([{ type: "text", text: 'accept: {"name":"Grace"}' }]);
      const [asked] = serverRequests(server, ELICITATION);
      expect(asked!.params).toMatchObject({ threadId, turnId: null, serverName: "local", mode: "form", message: "Name?" });

      const never = await startThread(server, { approvalPolicy: "never", sandbox: "workspace-write" });
      const declined = await server.call("mcpServer/tool/call", { threadId: never, server: "local", tool: "ask", arguments: {} });
      expect(declined.content).toEqual([{ type: "text", text: "decline: null" }]);
      expect(serverRequests(server, ELICITATION)).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
