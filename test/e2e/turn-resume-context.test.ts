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

describe("history_initialization in x-codex-turn-metadata (§3.3)", () => {
  const metadataOf = (index: number) => JSON.parse(mock.requests[index]!.headers["x-codex-turn-metadata"] as string);

  it("is new for a started thread, cold_resume after a resume from the store, on every later turn too", async () => {
    const { codexHome, threadId } = await threadFromEarlierProcess();
    expect(metadataOf(0).history_initialization).toBe("new");
    const second = await startTurnServer(mock, { codexHome, env: ENV });
    await second.call("thread/resume", { threadId });
    await runTurn(second, threadId, text("two"));
    await runTurn(second, threadId, text("three"));
    for (const index of [1, 2]) {
      const metadata = metadataOf(index);
      expect(metadata.history_initialization).toBe("cold_resume");
      expect(metadata).not.toHaveProperty("forked_from_thread_id");
    }
    await second.close();
  });

  it("is cold_fork for a fork of a stored thread and warm_fork for a fork of a loaded one, naming the source", async () => {
    const { codexHome, threadId } = await threadFromEarlierProcess();
    const second = await startTurnServer(mock, { codexHome, env: ENV });
    const cold = (await second.call("thread/fork", { threadId })) as any;
    await runTurn(second, cold.thread.id, text("cold"));
    await second.call("thread/resume", { threadId });
    const warm = (await second.call("thread/fork", { threadId })) as any;
    await runTurn(second, warm.thread.id, text("warm"));
    const [coldMeta, warmMeta] = [metadataOf(1), metadataOf(2)];
    expect(coldMeta.history_initialization).toBe("cold_fork");
    expect(warmMeta.history_initialization).toBe("warm_fork");
    for (const metadata of [coldMeta, warmMeta]) {
      expect(metadata.forked_from_thread_id).toBe(threadId);
      expect(metadata.forked_from_ordinal_exclusive).toBeGreaterThan(0);
      // The reference's key order: the fork's source right after history_initialization, then the root turn.
      const keys = Object.keys(metadata);
      expect(keys.slice(keys.indexOf("history_initialization"), keys.indexOf("history_initialization") + 4)).toEqual([
        "history_initialization",
        "forked_from_thread_id",
        "forked_from_ordinal_exclusive",
        "root_turn_id",
      ]);
    }
    await second.close();
  });
});
