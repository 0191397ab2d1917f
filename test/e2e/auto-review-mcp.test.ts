import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { functionCallResponse, startMockResponses, textResponse, type MockResponsesServer } from "../helpers/mock-responses.js";
import { codexHomeWith, mcpMarker, stdioServerToml } from "../helpers/mcp-servers.js";
import type { ServerProcess } from "../helpers/server-process.js";
import { startThread, startTurn, startTurnServer, text, turnCompleted } from "../helpers/turns.js";
import { serverRequests, toolOutput } from "../helpers/tools.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

const AUTO_REVIEW = { approvalPolicy: "on-request", sandbox: "workspace-write", approvalsReviewer: "auto_review" };

async function readyServer(): Promise<ServerProcess> {
  const server = await startTurnServer(mock, { codexHome: codexHomeWith(stdioServerToml("local", mcpMarker())) });
  await server.waitForNotification("mcpServer/startupStatus/updated", (p) => p.name === "local" && p.status === "ready", 15_000);
  return server;
}

/** The destructive `remove` tool called as `callId`, the reviewer's answer, then the final message. */
function scriptReviewedRemove(callId: string, reviewerAnswer: string): void {
  const events = functionCallResponse({ calls: [{ name: "remove", callId, arguments: { path: "a.txt" } }] });
  const namespaced = JSON.parse(JSON.stringify(events), (_key, value) =>
    value && typeof value === "object" && value.type === "function_call" && value.call_id === callId ? { ...value, namespace: "mcp__local" } : value,
  );
  mock.enqueue({ type: "sse", events: namespaced });
  mock.enqueue({ type: "sse", events: textResponse({ deltas: [reviewerAnswer] }) });
  mock.enqueue({ type: "sse", events: textResponse({ deltas: ["Done."] }) });
}

function mcpItem(server: ServerProcess, id: string): any {
  return server.notifications("item/completed").map((m) => (m.params as any).item).find((item) => item.id === id);
}

describe("automatic approval review of MCP tool calls", () => {
  it("approved: the tool runs without an elicitation; denied: the call fails with the denial as its output", async () => {
    const server = await readyServer();
    try {
      const threadId = await startThread(server, AUTO_REVIEW);
      scriptReviewedRemove("call_ok", '{"outcome":"allow"}');
      const first = await startTurn(server, threadId, text("remove a.txt"));
      await turnCompleted(server, first.id);
      expect(mcpItem(server, "call_ok")).toMatchObject({ status: "completed", result: { content: [{ type: "text", text: "removed a.txt" }] } });
      const [started] = server.notifications("item/autoApprovalReview/started").map((m) => m.params as any);
      expect(started).toMatchObject({
        targetItemId: "call_ok",
        action: { type: "mcpToolCall", server: "local", toolName: "remove", connectorId: null, connectorName: null, toolTitle: "Remove a file" },
      });

      mock.reset();
      scriptReviewedRemove("call_no", '{"outcome":"deny","rationale":"Deletes user data."}');
      const second = await startTurn(server, threadId, text("remove it again"));
      await turnCompleted(server, second.id);
      const denial =
        "This action was rejected due to unacceptable risk.\nReason: Deletes user data.\n" +
        "The agent must not attempt to achieve the same outcome via workaround, indirect execution, or policy circumvention. " +
        "Proceed only with a materially safer alternative, or if the user explicitly approves the action after being informed of the risk. " +
        "Otherwise, stop and request user input.";
      expect(mcpItem(server, "call_no")).toMatchObject({ status: "failed", error: { message: denial }, result: null });
      expect(toolOutput(mock.requests[2]!, "call_no")).toBe(denial);
      expect(serverRequests(server, "mcpServer/elicitation/request")).toHaveLength(0);
    } finally {
      await server.close();
    }
  });
});
