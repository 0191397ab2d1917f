import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockResponses, type MockResponsesServer } from "../helpers/mock-responses.js";
import { runTurn, startThread, startTurnServer, text } from "../helpers/turns.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

/** The same environment for both processes, so nothing but the requested change differs. */
const ENV = { SHELL: "/bin/bash", TZ: "Etc/UTC", TMPDIR: undefined };

function texts(item: any): string[] {
  return item.content.map((part: any) => part.text);
}

/** A thread with one turn in a first process, that process closed; resolves with what the next process needs. */
async function threadFromEarlierProcess(): Promise<{ codexHome: string; threadId: string; firstInput: any[] }> {
  const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-resume-home-"));
  const first = await startTurnServer(mock, { codexHome, env: ENV });
  const threadId = await startThread(first);
  await runTurn(first, threadId, text("one"));
  await first.close();
  return { codexHome, threadId, firstInput: mock.requests[0]!.body.input as any[] };
}

describe("context settings across a resume (§4.7)", () => {
  it("a resumed thread whose settings did not change gets only the new user message", async () => {
    const { codexHome, threadId, firstInput } = await threadFromEarlierProcess();
    const second = await startTurnServer(mock, { codexHome, env: ENV });
    await second.call("thread/resume", { threadId });
    await runTurn(second, threadId, text("two"));
    const input = mock.requests[1]!.body.input as any[];
    // The history (the earlier request's input and the reply), then only the new message.
    expect(input).toHaveLength(firstInput.length + 2);
    expect(texts(input.at(-1))).toEqual(["two"]);
    await second.close();
  });

  it("a resumed thread whose sandbox changed gets the new permissions and a partial environment context", async () => {
    const { codexHome, threadId, firstInput } = await threadFromEarlierProcess();
    const second = await startTurnServer(mock, { codexHome, env: ENV });
    await second.call("thread/resume", { threadId });
    await runTurn(second, threadId, text("two"), { sandboxPolicy: { type: "dangerFullAccess" }, approvalPolicy: "never" });
    const input = mock.requests[1]!.body.input as any[];
    const added = input.slice(firstInput.length + 1);
    expect(added.map((item) => item.role)).toEqual(["developer", "user", "user"]);
    expect(texts(added[0])[0]).toMatch(/^<permissions instructions>\n.*`sandbox_mode` is `danger-full-access`/);
    expect(texts(added[1])[0]).toMatch(/^<environment_context>\n {2}<current_date>/);
    expect(texts(added[2])).toEqual(["two"]);
    await second.close();
  });

  it("a thread resumed with another cwd gets a full environment context for it", async () => {
    const { codexHome, threadId, firstInput } = await threadFromEarlierProcess();
    const second = await startTurnServer(mock, { codexHome, env: ENV });
    const cwd = mkdtempSync(path.join(os.tmpdir(), "aas-resume-cwd-"));
    await second.call("thread/resume", { threadId, cwd });
    await runTurn(second, threadId, text("two"));
    const input = mock.requests[1]!.body.input as any[];
    const added = input.slice(firstInput.length + 1);
    expect(added).toHaveLength(2);
    expect(texts(added[0]).at(-1)).toMatch(new RegExp(`^<environment_context>\\n {2}<cwd>${cwd}</cwd>`));
    expect(texts(added[1])).toEqual(["two"]);
    await second.close();
  });
});
