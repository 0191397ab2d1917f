/**
 * Compaction of a code-mode thread, as codex-cli 0.169.0 does it (observed
 * against the reference): the compaction request is a Responses Lite request
 * carrying the thread's `additional_tools` item unchanged in front of the
 * history; after it, requests start with a new `additional_tools` item (new
 * id, same tools) followed by the full initial context.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { functionCallResponse, startMockResponses, textResponse, type MockResponsesServer } from "../helpers/mock-responses.js";
import { startTurn, startTurnServer, text, turnCompleted, workdir } from "../helpers/turns.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

describe("compaction in code mode", () => {
  it("sends additional_tools in the compaction request and a renewed one after it", async () => {
    mock.enqueue(
      { type: "sse", events: functionCallResponse({ calls: [{ kind: "custom", name: "exec", callId: "call_hi", input: 'text("hi")' }] as never }) },
      { type: "sse", events: textResponse({ deltas: ["ok"] }) },
      { type: "sse", events: textResponse({ deltas: ["SUMMARY"] }) },
      { type: "sse", events: textResponse({ deltas: ["after"] }) },
    );
    const server = await startTurnServer(mock);
    const thread = await server.call("thread/start", { cwd: workdir(), model: "gpt-6.1-sol", sandbox: "danger-full-access", approvalPolicy: "never" });
    const threadId = thread.thread.id as string;
    const first = await startTurn(server, threadId, text("go"));
    await turnCompleted(server, first.id, 30_000);
    await server.call("thread/compact/start", { threadId });
    await server.waitForNotification("thread/compacted", (p) => p.threadId === threadId);
    const second = await startTurn(server, threadId, text("second"));
    expect((await turnCompleted(server, second.id, 30_000)).turn.status).toBe("completed");

    expect(mock.requests).toHaveLength(4);
    const [turnRequest, , compaction, after] = mock.requests.map((r) => r.body as any);
    const additional = turnRequest.input[0];
    expect(additional.type).toBe("additional_tools");

    // The compaction request: the same item first, the whole history, the compaction prompt last; a Responses Lite body.
    expect(compaction.input[0]).toEqual(additional);
    expect(compaction.tools).toBeUndefined();
    expect(compaction.parallel_tool_calls).toBe(false);
    expect(compaction.reasoning).toEqual({ effort: "low", context: "all_turns" });
    expect(compaction.text).toEqual({ verbosity: "low" });
    expect(mock.requests[2]!.headers["x-openai-internal-codex-responses-lite"]).toBe("true");
    expect(compaction.input.slice(0, turnRequest.input.length)).toEqual(turnRequest.input);
    expect(compaction.input.map((i: any) => i.type)).toContain("custom_tool_call_output");
    const prompt = compaction.input[compaction.input.length - 1];
    expect([prompt.type, prompt.role]).toEqual(["message", "user"]);
    expect(compaction.input).toHaveLength(turnRequest.input.length + 4);

    // After it: a new item (new id, same tools), then the initial context, the kept user message, the summary, the new prompt.
    expect(after.input[0]).toMatchObject({ type: "additional_tools", role: "developer" });
    expect(after.input[0].id).toMatch(/^at_[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(after.input[0].id).not.toBe(additional.id);
    expect(after.input[0].tools).toEqual(additional.tools);
    const shape = after.input.slice(1).map((i: any) => `${i.type}:${i.role}`);
    expect(shape).toEqual(["message:developer", "message:developer", "message:developer", "message:developer", "message:user", "message:user", "message:user", "message:user"]);
    const texts = after.input.slice(1).map((i: any) => i.content[0].text as string);
    expect(texts[4]).toMatch(/^<environment_context>/);
    expect(texts[5]).toBe("go");
    expect(texts[6]).toContain("SUMMARY");
    expect(texts[7]).toBe("second");
    await server.close();
  }, 60_000);
});
