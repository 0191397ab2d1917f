/**
 * A loaded thread keeps its stored model context between turns (read once,
 * then kept current as items are recorded). What the model is sent must be
 * the same as what a fresh process reads back from the store.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { InProcessServer } from "../helpers/in-process-server.js";
import { textResponse } from "../helpers/mock-responses.js";
import { suiteMockResponses, suiteMockServers } from "../helpers/suite-mock-responses.js";

describe("the model context a loaded thread keeps between turns", () => {
  const mockResponses = suiteMockResponses();
  const serverOn = suiteMockServers(mockResponses);

  async function turn(server: InProcessServer, threadId: string, text: string): Promise<any[]> {
    const mock = mockResponses();
    mock.enqueue({ type: "sse", events: textResponse({ deltas: [`answer to ${text}`] }) });
    const before = mock.requests.length;
    const { turn } = await server.call("turn/start", { threadId, input: [{ type: "text", text, text_elements: [] }] });
    await server.waitForNotification("turn/completed", (p) => p.turn.id === turn.id);
    expect(mock.requests.length).toBe(before + 1);
    return mock.requests[before]!.body.input as any[];
  }

  it("sends what the store holds: turns in one process and after a restart see the same history", async () => {
    const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-home-"));
    const cwd = mkdtempSync(path.join(os.tmpdir(), "aas-cwd-"));
    const first = await serverOn(codexHome);
    const { thread } = await first.call("thread/start", { cwd });
    await turn(first, thread.id, "one");
    const second = await turn(first, thread.id, "two");
    const third = await turn(first, thread.id, "three");
    // Each request of the running process extends the previous one by that turn's answer and the new message.
    expect(third.slice(0, second.length)).toEqual(second);
    expect(JSON.stringify(third.slice(second.length))).toContain("answer to two");
    await first.close();

    const restarted = await serverOn(codexHome);
    await restarted.call("thread/resume", { threadId: thread.id });
    const fourth = await turn(restarted, thread.id, "four");
    // Read back from the store (right after the resume), the history is what the first process had sent, item for item.
    expect(fourth.slice(0, third.length)).toEqual(third);
    const rest = JSON.stringify(fourth.slice(third.length));
    expect(rest).toContain("answer to three");
    expect(rest).toContain("four");
    expect(rest).not.toContain("answer to two");
  });

  it("reads the history again after a rollback: the dropped turns are not sent", async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), "aas-cwd-"));
    const server = await serverOn(mkdtempSync(path.join(os.tmpdir(), "aas-home-")));
    const { thread } = await server.call("thread/start", { cwd });
    const kept = await turn(server, thread.id, "kept");
    await turn(server, thread.id, "dropped");
    const turns = await server.call("thread/turns/list", { threadId: thread.id, sortDirection: "asc" });
    await server.call("thread/revert", { threadId: thread.id, beforeTurnId: turns.data[1].id });
    const after = await turn(server, thread.id, "after");
    expect(after.slice(0, kept.length)).toEqual(kept);
    const text = JSON.stringify(after);
    expect(text).toContain("answer to kept");
    expect(text).not.toContain("dropped");
  });
});
