/**
 * A review turn runs read-only with approval policy `never`, whatever the
 * thread's own settings: MCP tool approvals, MCP server elicitations and the
 * tool hooks' context follow the turn's settings, not the thread's.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { codexHomeWith, mcpMarker, stdioServerToml } from "../helpers/mcp-servers.js";
import { functionCallResponse, startMockResponses, textResponse, type MockResponsesServer } from "../helpers/mock-responses.js";
import type { ServerProcess } from "../helpers/server-process.js";
import { exec, serverRequests, tmpDir } from "../helpers/tools.js";
import { startTurnServer, turnCompleted, workdir } from "../helpers/turns.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

const ELICITATION = "mcpServer/elicitation/request";
const REVIEW_JSON = JSON.stringify({ findings: [], overall_correctness: "patch is correct", overall_explanation: "Fine.", overall_confidence_score: 0.5 });

/** The review's model calls `tool` in namespace `namespace` (null: a plain function), then answers with an empty review. */
function scriptReviewCall(namespace: string | null, tool: string, callId: string, args: unknown): void {
  const events = functionCallResponse({ calls: [{ name: tool, callId, arguments: args }] });
  const placed = namespace === null ? events : JSON.parse(JSON.stringify(events), (_key, value) => (value?.type === "function_call" && value.call_id === callId ? { ...value, namespace } : value));
  mock.enqueue({ type: "sse", events: placed });
  mock.enqueue({ type: "sse", events: textResponse({ deltas: [REVIEW_JSON] }) });
}

async function review(server: ServerProcess, threadId: string): Promise<void> {
  const { turn } = await server.call("review/start", { threadId, target: { type: "custom", instructions: "Check it." } });
  expect((await turnCompleted(server, turn.id, 30_000)).turn.status).toBe("completed");
}

function completedItem(server: ServerProcess, id: string): any {
  return server.notifications("item/completed").map((m) => (m.params as any).item).find((item) => item.id === id);
}

async function mcpServer(): Promise<ServerProcess> {
  const server = await startTurnServer(mock, { codexHome: codexHomeWith(stdioServerToml("local", mcpMarker())) });
  await server.waitForNotification("mcpServer/startupStatus/updated", (p) => p.name === "local" && p.status === "ready", 15_000);
  return server;
}

describe("a review turn's own settings (read-only, never)", () => {
  it("a destructive MCP tool asks for approval in a review of a full-access thread (not full access there)", async () => {
    const server = await mcpServer();
    try {
      server.onServerRequest(() => ({ action: "decline" }));
      const { thread } = await server.call("thread/start", { cwd: workdir(), approvalPolicy: "never", sandbox: "danger-full-access" });
      scriptReviewCall("mcp__local", "remove", "call_rm", { path: "a.txt" });
      await review(server, thread.id);
      const asked = serverRequests(server, ELICITATION);
      expect(asked).toHaveLength(1);
      expect((asked[0]!.params as any)._meta).toMatchObject({ codex_approval_kind: "mcp_tool_call" });
      expect(completedItem(server, "call_rm")).toMatchObject({ type: "mcpToolCall", status: "failed", error: { message: "user rejected MCP tool call" } });
    } finally {
      await server.close();
    }
  });

  it("a server's elicitation in a review of an on-request thread is declined by policy, the client never asked", async () => {
    const server = await mcpServer();
    try {
      server.onServerRequest(() => ({ action: "accept", content: { name: "Ada" } }));
      const { thread } = await server.call("thread/start", { cwd: workdir(), approvalPolicy: "on-request", sandbox: "workspace-write" });
      scriptReviewCall("mcp__local", "ask", "call_ask", { question: "Name?" });
      await review(server, thread.id);
      expect(serverRequests(server, ELICITATION)).toEqual([]);
      expect(completedItem(server, "call_ask")).toMatchObject({ status: "completed", result: { content: [{ type: "text", text: "decline: null" }] } });
    } finally {
      await server.close();
    }
  });

  it("a PreToolUse hook in a review of a full-access thread sees the review's permission mode", async () => {
    const codexHome = tmpDir("aas-review-hooks-home-");
    const cwd = workdir();
    const seen = path.join(tmpDir("aas-review-hooks-out-"), "stdin.json");
    writeFileSync(path.join(codexHome, "hooks.json"), JSON.stringify({ hooks: { PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: `cat > ${seen}` }] }] } }));
    const server = await startTurnServer(mock, { codexHome });
    try {
      const listed = await server.call("hooks/list", { cwds: [cwd] });
      const trust = (listed.data[0].hooks as any[]).map((hook) => `[hooks.state.${JSON.stringify(hook.key)}]\ntrusted_hash = ${JSON.stringify(hook.currentHash)}\n`);
      writeFileSync(path.join(codexHome, "config.toml"), trust.join("\n"));
      const { thread } = await server.call("thread/start", { cwd, approvalPolicy: "never", sandbox: "danger-full-access" });
      scriptReviewCall(null, "exec_command", "call_ls", exec("call_ls", "ls").arguments);
      await review(server, thread.id);
      expect(JSON.parse(readFileSync(seen, "utf8"))).toMatchObject({ hook_event_name: "PreToolUse", permission_mode: "default" });
    } finally {
      await server.close();
    }
  });
});
