import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { stateDbPath } from "../../src/store/sqlite-store.js";
import { InProcessServer, type WireMessage } from "../helpers/in-process-server.js";
import { openStore, seedConversation } from "../helpers/thread-seed.js";

async function startServer(options: { codexHome?: string; configOverrides?: string[]; capabilities?: Record<string, unknown> } = {}) {
  const server = new InProcessServer({ codexHome: options.codexHome, configOverrides: options.configOverrides });
  await server.initialize(options.capabilities ?? null);
  return server;
}

function indexOf(server: InProcessServer, predicate: (m: WireMessage) => boolean): number {
  return server.received.findIndex((r) => predicate(r.message));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("thread/start", () => {
  it("answers with the reference's shape, then broadcasts thread/started with the same thread", async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), "aas-cwd-"));
    const server = await startServer({ configOverrides: ['approval_policy="never"', 'sandbox_mode="read-only"', 'model="gpt-5.1-codex"'] });
    const response = await server.request("thread/start", { cwd });
    const result = response.result as any;
    const thread = result.thread;
    expect(thread.id).toMatch(UUID);
    expect(thread).toMatchObject({
      sessionId: thread.id,
      environments: [{ environmentId: "local", cwd, runtimeWorkspaceRoots: [cwd] }],
      extra: null,
      forkedFromId: null,
      preview: "",
      ephemeral: false,
      historyMode: "paginated",
      modelProvider: "openai",
      model: "gpt-5.1-codex",
      reasoningEffort: null,
      status: { type: "idle" },
      path: stateDbPath(server.codexHome),
      cwd,
      cliVersion: "0.169.0",
      originator: "test_client",
      source: "vscode",
      canAcceptDirectInput: true,
      threadSource: null,
      gitInfo: null,
      name: null,
      turns: [],
    });
    expect(thread.createdAt).toBe(thread.updatedAt);
    expect(Math.abs(thread.createdAt - Date.now() / 1000)).toBeLessThan(5);
    expect(result).toMatchObject({
      model: "gpt-5.1-codex",
      modelProvider: "openai",
      serviceTier: null,
      disabledPluginIds: [],
      cwd,
      runtimeWorkspaceRoots: [cwd],
      instructionSources: [],
      approvalPolicy: "never",
      approvalsReviewer: "user",
      sandbox: { type: "readOnly", networkAccess: false },
      activePermissionProfile: null,
      reasoningEffort: null,
      multiAgentMode: "explicitRequestOnly",
    });

    const started = await server.waitForNotification("thread/started");
    expect(started.thread).toEqual(thread);
    const responseAt = indexOf(server, (m) => m.id === response.id && "result" in m);
    const startedAt = indexOf(server, (m) => m.method === "thread/started");
    expect(responseAt).toBeLessThan(startedAt);
    expect(server.notifications("thread/status/changed")).toEqual([]);

    const loaded = await server.call("thread/loaded/list", {});
    expect(loaded).toEqual({ data: [thread.id], nextCursor: null });
  });

  it("takes defaults from config and overrides from params", async () => {
    const server = await startServer({ configOverrides: ['sandbox_mode="workspace-write"', 'model_reasoning_effort="high"'] });
    const defaults = await server.call("thread/start", {});
    expect(defaults.cwd).toBe(process.cwd());
    expect(defaults.approvalPolicy).toBe("on-request");
    expect(defaults.reasoningEffort).toBe("high");
    expect(defaults.thread.reasoningEffort).toBe("high");
    expect(defaults.sandbox).toEqual({
      type: "workspaceWrite",
      writableRoots: [],
      networkAccess: false,
      excludeTmpdirEnvVar: false,
      excludeSlashTmp: false,
    });
    const overridden = await server.call("thread/start", {
      cwd: "relative/dir",
      model: "gpt-6-astra",
      approvalPolicy: "untrusted",
      sandbox: "danger-full-access",
      config: { model_reasoning_effort: "low" },
      threadSource: "user",
    });
    expect(overridden.cwd).toBe(path.resolve(process.cwd(), "relative/dir"));
    expect(overridden.model).toBe("gpt-6-astra");
    expect(overridden.approvalPolicy).toBe("untrusted");
    expect(overridden.sandbox).toEqual({ type: "dangerFullAccess" });
    expect(overridden.reasoningEffort).toBe("low");
    expect(overridden.thread.threadSource).toBe("user");
  });

  it("records the git metadata of the thread's cwd", async () => {
    const repo = mkdtempSync(path.join(os.tmpdir(), "aas-repo-"));
    const sha = "0123456789abcdef0123456789abcdef01234567";
    mkdirSync(path.join(repo, ".git", "refs", "heads"), { recursive: true });
    mkdirSync(path.join(repo, "sub"));
    writeFileSync(path.join(repo, ".git", "HEAD"), "ref: refs/heads/feature/x\n");
    writeFileSync(path.join(repo, ".git", "packed-refs"), `# pack-refs\n${sha} refs/heads/feature/x\n`);
    writeFileSync(path.join(repo, ".git", "config"), '[core]\n\tbare = false\n[remote "origin"]\n\turl = git@example.com:o/r.git\n');
    const server = await startServer();
    const { thread } = await server.call("thread/start", { cwd: path.join(repo, "sub") });
    expect(thread.gitInfo).toEqual({ sha, branch: "feature/x", originUrl: "git@example.com:o/r.git" });
  });

  it("ephemeral threads have no path and read state, and are never written to the database", async () => {
    const server = await startServer();
    const { thread } = await server.call("thread/start", { ephemeral: true });
    expect(thread.ephemeral).toBe(true);
    expect(thread.path).toBeNull();
    const read = await server.call("thread/read", { threadId: thread.id });
    expect(read.readState).toBeNull();
    expect(read.thread.ephemeral).toBe(true);
    const deleted = await server.callError("thread/delete", { threadId: thread.id });
    expect(deleted).toEqual({ code: -32600, message: `thread is not persisted and cannot be deleted: ${thread.id}` });
    await server.call("thread/list", {});
    await server.close();
    const file = stateDbPath(server.codexHome);
    const bytes = [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f).toString("latin1")).join("");
    expect(bytes).not.toContain(thread.id);
  });

  it("rejects bad params with the reference's -32600 texts", async () => {
    const server = await startServer();
    expect(await server.callError("thread/start", { cwd: 12345 })).toEqual({
      code: -32600,
      message: "Invalid request: invalid type: integer `12345`, expected a string at `cwd`",
    });
    expect((await server.callError("thread/start", { sandbox: "workspaceWrite" })).message).toMatch(
      /^Invalid request: unknown variant `workspaceWrite`, expected one of `read-only`, `workspace-write`, `danger-full-access`/,
    );
    expect((await server.callError("thread/start", { approvalPolicy: "unlessTrusted" })).code).toBe(-32600);
    expect((await server.callError("thread/start", { historyMode: "legacy" })).message).toBe(
      "thread/start.historyMode requires experimentalApi capability",
    );
    expect((await server.callError("thread/start", { modelProvider: "nope" })).code).toBe(-32600);
    expect((await server.callError("thread/start", { config: { approval_policy: "sometimes" } })).message).toMatch(
      /^invalid config override `approval_policy`: unknown variant `sometimes`/,
    );
    expect(await server.callError("thread/start")).toEqual({ code: -32600, message: "Invalid request: missing field `params`" });
    expect(await server.call("thread/loaded/list", {})).toEqual({ data: [], nextCursor: null });
  });
});

describe("thread ids and unknown threads", () => {
  it("answers malformed ids with `invalid thread id`, unknown ones with `no rollout found`", async () => {
    const server = await startServer();
    const unknown = "01a21537-7e04-7e70-b65d-d1324ae5fe22";
    const cases: [string, string][] = [
      ["abc", "invalid length: expected length 32 for simple format, found 3"],
      ["01a21537-7e04-7e70-b65d-d1324ae5fe2z", "invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `z` at 36"],
      ["01a21537-7e04-7e70-b65d", "invalid group count: expected 5, found 4"],
      ["01a2153-77e04-7e70-b65d-d1324ae5fe22", "invalid group length in group 0: expected 8, found 7"],
    ];
    for (const method of ["thread/read", "thread/resume", "thread/fork", "thread/archive", "thread/unarchive", "thread/delete", "thread/turns/list", "thread/items/list", "thread/unsubscribe"]) {
      for (const [id, detail] of cases) {
        expect(await server.callError(method, { threadId: id }), `${method} ${id}`).toEqual({
          code: -32600,
          message: `invalid thread id: ${detail}`,
        });
      }
    }
    for (const method of ["thread/read", "thread/resume", "thread/fork", "thread/archive", "thread/unarchive", "thread/delete", "thread/turns/list", "thread/items/list"]) {
      expect(await server.callError(method, { threadId: unknown }), method).toEqual({
        code: -32600,
        message: `no rollout found for thread id ${unknown}`,
      });
    }
    expect(await server.callError("thread/name/set", { threadId: unknown, name: "x" })).toEqual({
      code: -32600,
      message: `no rollout found for thread id ${unknown}`,
    });
    expect(await server.call("thread/unsubscribe", { threadId: unknown })).toEqual({ status: "notLoaded" });
    // Other spellings of a UUID are accepted and canonicalised.
    const { thread } = await server.call("thread/start", {});
    const simple = thread.id.replaceAll("-", "").toUpperCase();
    expect((await server.call("thread/read", { threadId: simple })).thread.id).toBe(thread.id);
    expect((await server.call("thread/read", { threadId: `{${thread.id}}` })).thread.id).toBe(thread.id);
  });

  it("rejects wrong types and nulls where the reference does", async () => {
    const server = await startServer();
    expect(await server.callError("thread/read", { threadId: 5 })).toEqual({
      code: -32600,
      message: "Invalid request: invalid type: integer `5`, expected a string at `threadId`",
    });
    expect(await server.callError("thread/read", {})).toEqual({ code: -32600, message: "Invalid request: missing field `threadId`" });
    expect((await server.callError("thread/read", { threadId: "x", includeTurns: null })).message).toMatch(/^Invalid request: /);
    expect((await server.callError("thread/fork", { threadId: "x", ephemeral: null })).message).toMatch(/^Invalid request: /);
    expect((await server.callError("thread/list", { limit: -1 })).message).toMatch(/^Invalid request: /);
    expect((await server.callError("thread/list", { sortKey: "name" })).message).toMatch(/^Invalid request: unknown variant `name`/);
    expect((await server.callError("thread/readState/update", { threadId: "x", operation: { type: "read" }, expectedRevision: "r" })).message).toBe(
      "thread/readState/update requires experimentalApi capability",
    );
  });
});

describe("thread/read before the first user message", () => {
  it("reads without turns, refuses includeTurns and history listing, and is not listed", async () => {
    const server = await startServer();
    const { thread } = await server.call("thread/start", {});
    const read = await server.call("thread/read", { threadId: thread.id });
    expect(read).toEqual({ thread: { ...thread, status: { type: "idle" } }, readState: null });
    expect(await server.callError("thread/read", { threadId: thread.id, includeTurns: true })).toEqual({
      code: -32600,
      message: `thread ${thread.id} is not materialized yet; includeTurns is unavailable before first user message`,
    });
    expect(await server.callError("thread/turns/list", { threadId: thread.id })).toEqual({
      code: -32600,
      message: `thread ${thread.id} is not materialized yet; thread/turns/list is unavailable before first user message`,
    });
    expect((await server.callError("thread/items/list", { threadId: thread.id })).message).toContain("is not materialized yet");
    expect(await server.call("thread/list", {})).toEqual({ data: [], readStates: {}, nextCursor: null, backwardsCursor: null });
    expect(await server.callError("thread/archive", { threadId: thread.id })).toEqual({
      code: -32600,
      message: `no rollout found for thread id ${thread.id}`,
    });
  });
});

describe("thread/unsubscribe and unloading", () => {
  it("unloads an idle thread without subscribers after thread_unload_delay_secs: notLoaded, then thread/closed", async () => {
    const server = await startServer({ configOverrides: ["thread_unload_delay_secs=0.2"] });
    const { thread } = await server.call("thread/start", {});
    expect(await server.call("thread/unsubscribe", { threadId: thread.id })).toEqual({ status: "unsubscribed" });
    expect(await server.call("thread/unsubscribe", { threadId: thread.id })).toEqual({ status: "notSubscribed" });
    const closed = await server.waitForNotification("thread/closed", (p) => p.threadId === thread.id, 5_000);
    expect(closed).toEqual({ threadId: thread.id });
    const statusAt = indexOf(server, (m) => m.method === "thread/status/changed");
    const closedAt = indexOf(server, (m) => m.method === "thread/closed");
    expect(server.received[statusAt]!.message.params).toEqual({ threadId: thread.id, status: { type: "notLoaded" } });
    expect(statusAt).toBeLessThan(closedAt);
    expect(await server.call("thread/loaded/list", {})).toEqual({ data: [], nextCursor: null });
    expect(await server.call("thread/unsubscribe", { threadId: thread.id })).toEqual({ status: "notLoaded" });
    // A thread that never got a user message is gone with it, as in the reference.
    expect((await server.callError("thread/read", { threadId: thread.id })).message).toBe(`no rollout found for thread id ${thread.id}`);
  });

  it("keeps a thread loaded while subscribed, and resubscribing cancels a pending unload", async () => {
    const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-home-"));
    const store = openStore(codexHome);
    const { id } = seedConversation(store, { turns: 1 });
    store.close();
    const server = await startServer({ codexHome, configOverrides: ["thread_unload_delay_secs=0.3"] });
    await server.call("thread/resume", { threadId: id, excludeTurns: true });
    await server.call("thread/unsubscribe", { threadId: id });
    await server.call("thread/resume", { threadId: id, excludeTurns: true });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(server.notifications("thread/closed")).toEqual([]);
    expect((await server.call("thread/loaded/list", {})).data).toEqual([id]);
    const listed = await server.call("thread/list", {});
    expect(listed.data[0].status).toEqual({ type: "idle" });
  });

  it("pages thread/loaded/list", async () => {
    const server = await startServer();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await server.call("thread/start", { ephemeral: true })).thread.id);
    const first = await server.call("thread/loaded/list", { limit: 2 });
    expect(first.data).toHaveLength(2);
    const second = await server.call("thread/loaded/list", { limit: 2, cursor: first.nextCursor });
    const third = await server.call("thread/loaded/list", { limit: 2, cursor: second.nextCursor });
    expect(third.nextCursor).toBeNull();
    expect([...first.data, ...second.data, ...third.data]).toEqual([...ids].sort());
    expect(await server.callError("thread/loaded/list", { cursor: "garbage" })).toEqual({ code: -32602, message: "invalid cursor: garbage" });
  });
});
