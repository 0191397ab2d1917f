/**
 * thread/approveGuardianDeniedAction: a denied auto-review event the user
 * overrides reaches the next turn's model request as a developer message
 * naming the exact action; an event that was not a denial changes nothing.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockResponses, textResponse, type MockResponsesServer } from "../helpers/mock-responses.js";
import type { ServerProcess } from "../helpers/server-process.js";
import { runTurn, startThread, startTurnServer, text } from "../helpers/turns.js";

let mock: MockResponsesServer;
const servers: ServerProcess[] = [];
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function server(): Promise<ServerProcess> {
  const started = await startTurnServer(mock);
  servers.push(started);
  return started;
}

const ACTION = { type: "command", source: "shell", command: "rm -rf build", cwd: "/tmp" };

function developerTexts(input: unknown[]): string[] {
  return (input as any[])
    .filter((item: any) => item.type === "message" && item.role === "developer")
    .flatMap((item: any) => item.content.map((part: any) => part.text as string));
}

describe("thread/approveGuardianDeniedAction", () => {
  it("puts the approved action into the next turn's context; a non-denial adds nothing", async () => {
    const s = await server();
    const threadId = await startThread(s);
    const approved = { id: "review-approved", status: "approved", action: { ...ACTION, command: "ls" } };
    expect(await s.call("thread/approveGuardianDeniedAction", { threadId, event: approved })).toEqual({});
    const denied = { id: "review-1", turn_id: "t", status: "denied", risk_level: "high", action: ACTION };
    expect(await s.call("thread/approveGuardianDeniedAction", { threadId, event: denied })).toEqual({});
    // No turn runs, nothing is announced.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(mock.requests).toHaveLength(0);
    expect(s.notifications("turn/started")).toEqual([]);

    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["retrying"] }) });
    await runTurn(s, threadId, text("please retry"));
    const overrides = developerTexts(mock.requests[0]!.body.input as unknown[]).filter((t) => t.includes("review-"));
    expect(overrides).toHaveLength(1);
    expect(overrides[0]).toContain("review-1");
    expect(overrides[0]).toContain(JSON.stringify({ action: ACTION, outcome: "allowed" }));
  });
});
