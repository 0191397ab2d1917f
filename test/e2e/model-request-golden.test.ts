/**
 * Golden request tests: the body and headers this server sends to a custom
 * Responses provider, field by field, as the reference's fact sheet
 * describes them (§2 body, §3 headers and metadata, §4 input order, §7.1/§8
 * history replay, §9 per-model switches).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { functionCallResponse, startMockResponses, textResponse, type MockResponsesServer } from "../helpers/mock-responses.js";
import { gitIn, tempRepo, writeIn } from "../helpers/git-repo.js";
import { ServerProcess } from "../helpers/server-process.js";
import { MODEL, runTurn, startThread, startTurnServer, text, workdir } from "../helpers/turns.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

const MSG_ID = /^msg_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const READ_ONLY =
  "Commands run in a filesystem sandbox. `sandbox_mode` is `read-only`: commands may read any file but cannot create, change or delete files. Network access is restricted.";
const WORKSPACE_WRITE =
  "Commands run in a filesystem sandbox. `sandbox_mode` is `workspace-write`: commands may read any file and may edit files inside `cwd` and the writable roots; editing files anywhere else requires approval. Network access is restricted.";
const FULL_ACCESS =
  "Commands are not sandboxed. `sandbox_mode` is `danger-full-access`: no filesystem sandbox is applied, so commands can read and write any file the user's account can reach. Network access is enabled.";
const NEVER =
  "The approval policy is never: escalation requests are not available and would be rejected, so never set `sandbox_permissions` on a command.";
const UNTRUSTED =
  "`approval_policy` is `unless-trusted`: every command goes to the user for approval before it runs, except a small allowlist of safe read-only commands and commands an approved rule already allows.";

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function profile(sandbox: string, cwd: string): string {
  if (sandbox === "read-only") {
    return `<permission_profile type="managed"><file_system type="restricted"><entry access="read"><special>:root</special></entry></file_system></permission_profile>`;
  }
  if (sandbox === "danger-full-access") return `<permission_profile type="disabled"><file_system type="unrestricted" /></permission_profile>`;
  const carveOuts = [".git", ".agents", ".codex", ".aws"].map((d) => `<entry access="read"><path>${cwd}/${d}</path></entry>`).join("");
  return (
    `<permission_profile type="managed"><file_system type="restricted"><entry access="read"><special>:root</special></entry>` +
    `<entry access="write"><path>${cwd}</path></entry><entry access="write"><special>:slash_tmp</special></entry>` +
    `<entry access="write"><special>:tmpdir</special></entry>${carveOuts}</file_system></permission_profile>`
  );
}

function filesystem(sandbox: string, cwd: string): string {
  return `<filesystem><workspace_roots><root>${cwd}</root></workspace_roots>${profile(sandbox, cwd)}</filesystem>`;
}

function environmentContext(cwd: string, sandbox: string): string {
  return [
    "<environment_context>",
    `  <cwd>${cwd}</cwd>`,
    "  <shell>bash</shell>",
    `  <current_date>${today()}</current_date>`,
    "  <timezone>Etc/UTC</timezone>",
    `  ${filesystem(sandbox, cwd)}`,
    "</environment_context>",
  ].join("\n");
}

function partialEnvironmentContext(cwd: string, sandbox: string): string {
  return ["<environment_context>", `  <current_date>${today()}</current_date>`, "  <timezone>Etc/UTC</timezone>", `  ${filesystem(sandbox, cwd)}`, "</environment_context>"].join(
    "\n",
  );
}

function texts(item: any): string[] {
  return item.content.map((part: any) => part.text);
}

/** The environment every spawned server runs with, so the context is predictable. */
const ENV = { SHELL: "/bin/bash", TZ: "Etc/UTC", TMPDIR: undefined };

function home(config = ""): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "aas-req-home-"));
  writeFileSync(path.join(dir, "config.toml"), config);
  return dir;
}

describe("model request: a text turn (fact sheet §2, §3, §4)", () => {
  it("sends exactly the reference's body keys, headers and input items", async () => {
    const codexHome = home();
    const server = await startTurnServer(mock, { codexHome, env: ENV });
    const cwd = workdir();
    writeFileSync(path.join(cwd, "AGENTS.md"), "Use tabs.");
    const threadId = await startThread(server, { cwd, developerInstructions: "Always answer in French." });
    await runTurn(server, threadId, text("say hello"));
    const request = mock.requests[0]!;
    const body = request.body;

    expect(Object.keys(body).sort()).toEqual(
      ["client_metadata", "include", "input", "model", "parallel_tool_calls", "prompt_cache_key", "reasoning", "store", "stream", "tool_choice", "tools"].sort(),
    );
    expect(body.model).toBe(MODEL);
    expect(body.stream).toBe(true);
    expect(body.tool_choice).toBe("auto");
    expect(body.parallel_tool_calls).toBe(true);
    expect(body.reasoning).toEqual({ summary: "auto" });
    expect(body.store).toBe(false);
    expect(body.include).toEqual(["reasoning.encrypted_content"]);
    expect(body.prompt_cache_key).toBe(threadId);
    expect(Array.isArray(body.tools)).toBe(true);

    const installationId = readFileSync(path.join(codexHome, "installation_id"), "utf8").trim();
    expect(installationId).toMatch(UUID);
    const meta = body.client_metadata;
    expect(Object.keys(meta).sort()).toEqual(
      ["x-codex-installation-id", "session_id", "thread_id", "turn_id", "root_turn_id", "x-codex-window-id", "x-codex-turn-metadata"].sort(),
    );
    expect(meta["x-codex-installation-id"]).toBe(installationId);
    expect(meta.session_id).toBe(threadId);
    expect(meta.thread_id).toBe(threadId);
    expect(meta.root_turn_id).toBe(meta.turn_id);
    expect(meta["x-codex-window-id"]).toBe(`${threadId}:0`);

    const headers = request.headers;
    expect(headers.authorization).toBe("Bearer mock-key");
    expect(headers.originator).toBe("test_client");
    expect(headers["user-agent"]).toMatch(/^test_client\/0\.169\.0 \(.+\) .+ \(test_client; 0\.0\.1\)$/);
    expect(headers.accept).toBe("text/event-stream");
    expect(headers["content-type"]).toBe("application/json");
    expect(headers["session-id"]).toBe(threadId);
    expect(headers["thread-id"]).toBe(threadId);
    expect(headers["x-client-request-id"]).toBe(threadId);
    expect(headers["x-codex-window-id"]).toBe(`${threadId}:0`);
    expect(headers["x-codex-beta-features"]).toBe("remote_compaction_v2");
    expect(headers["x-codex-turn-metadata"]).toBe(meta["x-codex-turn-metadata"]);
    expect(Object.keys(headers).filter((name) => name.startsWith("x-stainless"))).toEqual([]);
    expect(headers["openai-beta"]).toBeUndefined();

    const turnMetadata = JSON.parse(headers["x-codex-turn-metadata"] as string);
    expect(turnMetadata).toEqual({
      installation_id: installationId,
      session_id: threadId,
      thread_id: threadId,
      agent_name: "/root",
      turn_id: meta.turn_id,
      root_turn_id: meta.turn_id,
      window_id: `${threadId}:0`,
      window_number: 0,
      context_window_id: expect.stringMatching(UUID),
      request_kind: "turn",
      history_initialization: "new",
      sandbox: "seccomp",
      sandbox_mode: "read-only",
      auto_review_enabled: false,
      node_repl_auto_review_required: false,
      node_repl_disabled: false,
      turn_started_at_unix_ms: expect.any(Number),
      analytics_enabled: true,
      model: MODEL,
    });
    // The reference's key order (observed on codex 0.169.0): the root turn after the history fields; no `workspaces`
    // outside a git repository.
    expect(Object.keys(turnMetadata)).toEqual([
      "installation_id",
      "session_id",
      "thread_id",
      "agent_name",
      "turn_id",
      "window_id",
      "window_number",
      "context_window_id",
      "request_kind",
      "history_initialization",
      "root_turn_id",
      "sandbox",
      "sandbox_mode",
      "auto_review_enabled",
      "node_repl_auto_review_required",
      "node_repl_disabled",
      "turn_started_at_unix_ms",
      "analytics_enabled",
      "model",
    ]);

    const input = body.input as any[];
    expect(input).toHaveLength(4);
    for (const item of input) {
      expect(Object.keys(item).sort()).toEqual(["content", "id", "role", "type"]);
      expect(item.id).toMatch(MSG_ID);
    }
    expect(input.map((i) => i.role)).toEqual(["developer", "developer", "user", "user"]);
    expect(texts(input[0])).toHaveLength(1);
    expect(input[0].content[0].text.length).toBeGreaterThan(5_000);
    expect(input[0].content[0].text).toContain("AGENTS.md");
    const developer = texts(input[1]);
    expect(developer).toHaveLength(2);
    expect(developer[0]).toBe("Always answer in French.");
    expect(developer[1]).toMatch(new RegExp(`^<permissions instructions>\\n${escape(READ_ONLY)}\\n`));
    expect(developer[1]).toContain("require_escalated");
    expect(developer[1]).toContain("prefix_rule");
    expect(developer[1].endsWith("\n</permissions instructions>")).toBe(true);
    expect(texts(input[2])).toEqual([`# AGENTS.md instructions for ${cwd}\n\n<INSTRUCTIONS>\nUse tabs.\n</INSTRUCTIONS>`, environmentContext(cwd, "read-only")]);
    expect(input[3].content).toEqual([{ type: "input_text", text: "say hello" }]);
    await server.close();
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("model request: history (§7.1, §8)", () => {
  it("replays reasoning and messages verbatim in the second turn, with only the new user message added", async () => {
    mock.enqueue(
      { type: "sse", events: textResponse({ deltas: ["four"], messageId: "msg_a1", reasoning: { id: "rs_a1", parts: [["Adding"]], encrypted: "gAAAA-secret" } }) },
      { type: "sse", events: textResponse({ deltas: ["six"] }) },
    );
    const server = await startTurnServer(mock, { env: ENV });
    const threadId = await startThread(server);
    await runTurn(server, threadId, text("2 + 2?"));
    await runTurn(server, threadId, text("3 + 3?"));
    const [first, second] = mock.requests.map((r) => r.body);
    const input = second.input as any[];
    expect(input.slice(0, first.input.length)).toEqual(first.input);
    expect(input.slice(first.input.length)).toEqual([
      { type: "reasoning", id: "rs_a1", summary: [{ type: "summary_text", text: "Adding" }], content: null, encrypted_content: "gAAAA-secret" },
      { type: "message", id: "msg_a1", role: "assistant", status: "completed", content: [{ type: "output_text", text: "four", annotations: [] }] },
      { type: "message", id: expect.stringMatching(MSG_ID), role: "user", content: [{ type: "input_text", text: "3 + 3?" }] },
    ]);
    expect(second.prompt_cache_key).toBe(threadId);
    expect(second.client_metadata.turn_id).not.toBe(first.client_metadata.turn_id);
    expect(second.client_metadata["x-codex-window-id"]).toBe(`${threadId}:0`);
    await server.close();
  });

  it("replays a function call as received and adds its output with an fco_ id", async () => {
    mock.enqueue(
      { type: "sse", events: functionCallResponse({ calls: [{ name: "no_such_tool", arguments: {}, callId: "call_x", itemId: "fc_x" }] }) },
      { type: "sse", events: textResponse({ deltas: ["done"] }) },
    );
    const server = await startTurnServer(mock, { env: ENV });
    const threadId = await startThread(server);
    await runTurn(server, threadId, text("go"));
    const [first, second] = mock.requests.map((r) => r.body);
    const added = (second.input as any[]).slice(first.input.length);
    expect(added[0]).toEqual({ type: "function_call", id: "fc_x", call_id: "call_x", name: "no_such_tool", arguments: "{}", status: "completed" });
    expect(added[1]).toMatchObject({ type: "function_call_output", call_id: "call_x", id: expect.stringMatching(/^fco_[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/) });
    expect(added).toHaveLength(2);
    await server.close();
  });
});

describe("model request: permissions and environment per sandbox × approval (§4.3, §4.6)", () => {
  it("names the mode, the approval piece and the writable roots, and the matching permission profile", async () => {
    const server = await startTurnServer(mock, { env: ENV });
    const sandboxes = { "read-only": READ_ONLY, "workspace-write": WORKSPACE_WRITE, "danger-full-access": FULL_ACCESS } as const;
    for (const [sandbox, modeSentence] of Object.entries(sandboxes)) {
      for (const approval of ["on-request", "never", "untrusted"]) {
        mock.reset();
        const cwd = workdir();
        const threadId = await startThread(server, { cwd, sandbox, approvalPolicy: approval });
        await runTurn(server, threadId, text("hi"));
        const input = mock.requests[0]!.body.input as any[];
        const permissions = texts(input[1])[0]!;
        const lines = permissions.split("\n");
        expect(lines[0]).toBe("<permissions instructions>");
        expect(lines[1]).toBe(modeSentence);
        expect(lines.at(-1)).toBe("</permissions instructions>");
        // Sorted roots on a line that starts with a blank, as the reference sends it.
        const roots = sandbox === "workspace-write" ? ` The writable roots are \`/tmp\`, \`${cwd}\`.` : null;
        if (roots) expect(lines.at(-2)).toBe(roots);
        else expect(lines.some((line) => line.includes("The writable roots are"))).toBe(false);
        if (approval === "never") expect(lines.slice(2, roots ? -2 : -1)).toEqual([NEVER]);
        if (approval === "untrusted") expect(lines.slice(2, roots ? -2 : -1)).toEqual([UNTRUSTED]);
        if (approval === "on-request") expect(permissions).toContain("require_escalated");
        expect(texts(input[2])).toEqual([environmentContext(cwd, sandbox)]);
        const metadata = JSON.parse(mock.requests[0]!.headers["x-codex-turn-metadata"] as string);
        expect(metadata.sandbox_mode).toBe(sandbox);
        expect(metadata.sandbox).toBe(sandbox === "danger-full-access" ? "none" : "seccomp");
      }
    }
    await server.close();
  });
});

describe("model request: changes between turns (§4.7)", () => {
  it("adds the new permissions and a partial environment context after a sandbox change, nothing when unchanged", async () => {
    const server = await startTurnServer(mock, { env: ENV });
    const cwd = workdir();
    const threadId = await startThread(server, { cwd });
    await runTurn(server, threadId, text("one"));
    await runTurn(server, threadId, text("two"));
    await runTurn(server, threadId, text("three"), { sandboxPolicy: { type: "dangerFullAccess" }, approvalPolicy: "never" });
    const [first, second, third] = mock.requests.map((r) => r.body.input as any[]);
    expect(second!.length).toBe(first!.length + 2);
    expect(texts(second!.at(-1))).toEqual(["two"]);
    const added = third!.slice(second!.length + 1);
    expect(added).toHaveLength(3);
    expect(added[0].role).toBe("developer");
    expect(texts(added[0])).toEqual([`<permissions instructions>\n${FULL_ACCESS}\n${NEVER}\n</permissions instructions>`]);
    expect(added[1].role).toBe("user");
    expect(texts(added[1])).toEqual([partialEnvironmentContext(cwd, "danger-full-access")]);
    expect(texts(added[2])).toEqual(["three"]);
    await server.close();
  });

  // Observed on codex-cli 0.169.0: a thread resumed in a new server compares against what it last sent before,
  // and outside a trusted project its workspace-write sandbox comes back read-only (the approval policy stays).
  it("after a resume from disk in a new server: updates only for what differs from what was last sent", async () => {
    const codexHome = home("");
    const cwd = workdir();
    const first = await startTurnServer(mock, { codexHome, env: ENV });
    const threadId = await startThread(first, { cwd, sandbox: "workspace-write", approvalPolicy: "untrusted" });
    await runTurn(first, threadId, text("one"));
    await first.close();

    const added = (index: number) => {
      const before = mock.requests[index - 1]!.body.input as any[];
      return (mock.requests[index]!.body.input as any[]).slice(before.length + 1);
    };
    const second = await startTurnServer(mock, { codexHome, env: ENV });
    const resumed = await second.call("thread/resume", { threadId });
    expect(resumed.sandbox).toMatchObject({ type: "readOnly" });
    expect(resumed.approvalPolicy).toBe("untrusted");
    await runTurn(second, threadId, text("two"));
    expect(added(1).map((item) => item.role)).toEqual(["developer", "user", "user"]);
    expect(texts(added(1)[0])).toEqual([`<permissions instructions>\n${READ_ONLY}\n${UNTRUSTED}\n</permissions instructions>`]);
    expect(texts(added(1)[1])).toEqual([partialEnvironmentContext(cwd, "read-only")]);
    await runTurn(second, threadId, text("three"), { approvalPolicy: "never" });
    expect(added(2).map((item) => item.role)).toEqual(["developer", "user"]);
    expect(texts(added(2)[0])).toEqual([`<permissions instructions>\n${READ_ONLY}\n${NEVER}\n</permissions instructions>`]);
    await second.close();

    const third = await startTurnServer(mock, { codexHome, env: ENV });
    await third.call("thread/resume", { threadId });
    await runTurn(third, threadId, text("four"), { sandboxPolicy: { type: "readOnly" } });
    expect(added(3).map((item) => texts(item))).toEqual([["four"]]);
    await runTurn(third, threadId, text("five"), { sandboxPolicy: { type: "workspaceWrite", networkAccess: false }, approvalPolicy: "never" });
    expect(added(4).map((item) => item.role)).toEqual(["developer", "user", "user"]);
    expect(texts(added(4)[1])).toEqual([partialEnvironmentContext(cwd, "workspace-write")]);
    await third.close();
  });

  it("sends the new AGENTS.md block with its replacement notice and a full environment context after a cwd change", async () => {
    const server = await startTurnServer(mock, { env: ENV });
    const threadId = await startThread(server);
    await runTurn(server, threadId, text("one"));
    const cwd = workdir();
    writeFileSync(path.join(cwd, "AGENTS.md"), "Be terse.");
    await runTurn(server, threadId, text("two"), { cwd });
    const [first, second] = mock.requests.map((r) => r.body.input as any[]);
    const added = second!.slice(first!.length + 1);
    expect(added).toHaveLength(2);
    const [agents, environment] = texts(added[0]);
    expect(agents).toMatch(/AGENTS\.md instructions below replace/);
    expect(agents!.endsWith(`# AGENTS.md instructions for ${cwd}\n\n<INSTRUCTIONS>\nBe terse.\n</INSTRUCTIONS>`)).toBe(true);
    expect(environment).toBe(environmentContext(cwd, "read-only"));
    expect(texts(added[1])).toEqual(["two"]);
    await server.close();
  });

  it("adds the Plan-mode block to developer message 1, then a Default-mode message when switching back (§4.4)", async () => {
    const server = new ServerProcess({
      args: ["app-server", ...mock.configArgs("mock", { request_max_retries: 0, stream_max_retries: 0 }), "-c", `model="${MODEL}"`],
      env: { MOCK_API_KEY: "mock-key", ...ENV },
    });
    await server.initialize({ experimentalApi: true });
    const threadId = await startThread(server);
    const mode = (kind: string) => ({ mode: kind, settings: { model: MODEL, reasoning_effort: null, developer_instructions: null } });
    await runTurn(server, threadId, text("plan it"), { collaborationMode: mode("plan") });
    await runTurn(server, threadId, text("do it"), { collaborationMode: mode("default") });
    const [first, second] = mock.requests.map((r) => r.body.input as any[]);
    const developer = texts(first![1]);
    expect(developer).toHaveLength(2);
    expect(developer[1]).toMatch(/^<collaboration_mode>[\s\S]*<proposed_plan>[\s\S]*<\/collaboration_mode>$/);
    const added = second!.slice(first!.length + 1);
    expect(added).toHaveLength(2);
    expect(added[0].role).toBe("developer");
    expect(texts(added[0])).toHaveLength(1);
    expect(texts(added[0])[0]).toMatch(/^<collaboration_mode>[\s\S]*<\/collaboration_mode>$/);
    expect(texts(added[0])[0]).not.toContain("<proposed_plan>");
    expect(texts(added[1])).toEqual(["do it"]);
    await server.close();
  });
});

// Observed on codex-cli 0.169.0 for the same settings and repository states.
describe("x-codex-turn-metadata: auto_review_enabled and has_changes (§3.3)", () => {
  const metadataOf = (index: number) => JSON.parse(mock.requests[index]!.headers["x-codex-turn-metadata"] as string);

  it("auto_review_enabled: a reviewer other than the user, under on-request or granular approvals only", async () => {
    const server = await startTurnServer(mock, { env: ENV });
    const cases: Array<[Record<string, unknown>, boolean]> = [
      [{ approvalPolicy: "on-request" }, false],
      [{ approvalsReviewer: "auto_review", approvalPolicy: "on-request" }, true],
      [{ approvalsReviewer: "guardian_subagent", approvalPolicy: "on-request" }, true],
      [{ approvalsReviewer: "auto_review", approvalPolicy: "never" }, false],
      [{ approvalsReviewer: "auto_review", approvalPolicy: "untrusted" }, false],
      [{ approvalsReviewer: "auto_review", approvalPolicy: { granular: { sandbox_approval: true, rules: true, mcp_elicitations: true } } }, true],
      // Any granular policy, even one that never asks.
      [{ approvalsReviewer: "auto_review", approvalPolicy: { granular: { sandbox_approval: false, rules: true, mcp_elicitations: false } } }, true],
      [{ approvalsReviewer: "guardian_subagent", approvalPolicy: { granular: { sandbox_approval: false, rules: false, skill_approval: false, request_permissions: false, mcp_elicitations: false } } }, true],
      [{ approvalsReviewer: "user", approvalPolicy: { granular: { sandbox_approval: true, rules: true, mcp_elicitations: true } } }, false],
    ];
    for (const [index, [params, expected]] of cases.entries()) {
      const threadId = await startThread(server, params);
      await runTurn(server, threadId, text("hi"));
      expect([params, metadataOf(index).auto_review_enabled]).toEqual([params, expected]);
    }
    await server.close();
  });

  it("has_changes: untracked, modified and staged files count; taken once per turn", async () => {
    const repo = tempRepo();
    const head = gitIn(repo, "rev-parse", "HEAD");
    const server = await startTurnServer(mock, { env: ENV });
    const threadId = await startThread(server, { cwd: repo, sandbox: "danger-full-access", approvalPolicy: "never" });
    const changes = async (label: string) => {
      await runTurn(server, threadId, text(label));
      const workspaces = metadataOf(mock.requests.length - 1).workspaces;
      expect(Object.keys(workspaces)).toEqual([repo]);
      expect(workspaces[repo].latest_git_commit_hash).toBe(head);
      return workspaces[repo].has_changes as boolean;
    };
    expect(await changes("clean")).toBe(false);
    writeIn(repo, "untracked.txt", "x");
    expect(await changes("untracked")).toBe(true);
    gitIn(repo, "clean", "-fq");
    writeIn(repo, "app.js", "changed\n");
    expect(await changes("modified")).toBe(true);
    gitIn(repo, "checkout", "-q", "app.js");
    writeIn(repo, "staged.txt", "s");
    gitIn(repo, "add", "staged.txt");
    expect(await changes("staged")).toBe(true);
    gitIn(repo, "reset", "-q");
    gitIn(repo, "clean", "-fq");
    // A change made during the turn shows in the next turn only.
    mock.enqueue(
      { type: "sse", events: functionCallResponse({ calls: [{ name: "exec_command", callId: "call_w", arguments: { cmd: "echo z >> app.js" } }] }) },
      { type: "sse", events: textResponse({ deltas: ["ok"] }) },
    );
    const before = mock.requests.length;
    expect(await changes("midturn")).toBe(false);
    expect(metadataOf(before).workspaces[repo].has_changes).toBe(false);
    expect(await changes("after")).toBe(true);
    await server.close();
  });
});

describe("model request: per-model switches (§9)", () => {
  it("a catalogue model: its base instructions, reasoning effort and summary, verbosity; no warning", async () => {
    const catalog = path.join(mkdtempSync(path.join(os.tmpdir(), "aas-catalog-")), "models.json");
    writeFileSync(
      catalog,
      JSON.stringify({
        models: [
          {
            slug: "test-model",
            display_name: "Test",
            priority: 1,
            visibility: "list",
            supported_in_api: true,
            default_reasoning_level: "medium",
            supported_reasoning_levels: [{ effort: "medium", description: "m" }],
            supports_reasoning_summaries: true,
            default_reasoning_summary: "detailed",
            support_verbosity: true,
            default_verbosity: "low",
            base_instructions: "You are the test model.",
            model_messages: null,
            shell_type: "default",
            apply_patch_tool_type: null,
            truncation_policy: { mode: "bytes", limit: 10000 },
            supports_parallel_tool_calls: false,
            context_window: 100000,
          },
        ],
      }),
    );
    const codexHome = home(`model_catalog_json = ${JSON.stringify(catalog)}\n`);
    const server = await startTurnServer(mock, { codexHome, env: ENV, args: ["-c", 'model="test-model"'] });
    const threadId = await startThread(server);
    await runTurn(server, threadId, text("hi"));
    const body = mock.requests[0]!.body;
    expect(body.model).toBe("test-model");
    expect(body.reasoning).toEqual({ effort: "medium", summary: "detailed" });
    expect(body.text).toEqual({ verbosity: "low" });
    expect(body.parallel_tool_calls).toBe(true);
    expect(body.input[0].content).toEqual([{ type: "input_text", text: "You are the test model." }]);
    expect(JSON.parse(body.client_metadata["x-codex-turn-metadata"]).reasoning_effort).toBe("medium");
    expect(server.notifications("warning")).toEqual([]);
    await server.close();
  });

  // Observed on codex-cli 0.169.0 with the same entry in model_catalog_json (markers in every model_messages piece).
  it("a catalogue model's model_messages: the template verbatim (personality placeholder kept), its permissions, approvals and Default-mode texts", async () => {
    const catalog = path.join(mkdtempSync(path.join(os.tmpdir(), "aas-catalog-")), "models.json");
    const entry = {
      slug: "msg-model",
      display_name: "Messages",
      priority: 1,
      visibility: "list",
      supported_in_api: true,
      supported_reasoning_levels: [{ effort: "medium", description: "m" }],
      support_verbosity: false,
      model_messages: {
        instructions_template: "TPL-A {{ personality }} TPL-B",
        instructions_variables: { personality_default: "PERS-DEFAULT", personality_friendly: "PERS-FRIENDLY", personality_pragmatic: "PERS-PRAGMATIC" },
        persistent_instructions: "PERSISTENT-MARK",
        approvals: { on_request: "APPR-ONREQ", on_request_auto_review: "APPR-AUTOREV", never: "APPR-NEVER", unless_trusted: "APPR-UNTRUSTED" },
        collaboration_modes: { default: "CM-DEFAULT", plan: "CM-PLAN" },
        permissions: { danger_full_access: "PERM-DFA", workspace_write: "PERM-WW", read_only: "PERM-RO" },
      },
      shell_type: "default",
      apply_patch_tool_type: null,
      truncation_policy: { mode: "bytes", limit: 10000 },
      supports_parallel_tool_calls: true,
      context_window: 100000,
    };
    writeFileSync(catalog, JSON.stringify({ models: [entry] }));
    const codexHome = home(`model_catalog_json = ${JSON.stringify(catalog)}\npersonality = "friendly"\n`);
    const server = await startTurnServer(mock, { codexHome, env: ENV, args: ["-c", 'model="msg-model"'] });
    const expected: Record<string, string> = {
      "workspace-write/on-request": "PERM-WW\nAPPR-ONREQ\n The writable roots are `/tmp`, `CWD`.",
      "workspace-write/untrusted": "PERM-WW\nAPPR-UNTRUSTED\n The writable roots are `/tmp`, `CWD`.",
      "read-only/never": "PERM-RO\nAPPR-NEVER",
      "danger-full-access/never": "PERM-DFA\nAPPR-NEVER",
    };
    for (const [combo, body] of Object.entries(expected)) {
      const [sandbox, approvalPolicy] = combo.split("/");
      mock.reset();
      const cwd = workdir();
      const threadId = await startThread(server, { cwd, sandbox, approvalPolicy });
      await runTurn(server, threadId, text("hi"));
      const input = mock.requests[0]!.body.input as any[];
      expect(texts(input[0])).toEqual(["TPL-A {{ personality }} TPL-B"]);
      const developer = texts(input[1]);
      expect(developer).toContain(`<permissions instructions>\n${body.replace("CWD", cwd)}\n</permissions instructions>`);
      expect(developer).toContain("<collaboration_mode>CM-DEFAULT</collaboration_mode>");
      expect(JSON.stringify(input)).not.toMatch(/PERSISTENT-MARK|PERS-|APPR-AUTOREV/);
    }
    await server.close();
  });

  it("an unknown model: fallback reasoning {summary: auto}, no text, and the fallback warning", async () => {
    const server = await startTurnServer(mock, { env: ENV });
    const threadId = await startThread(server);
    await runTurn(server, threadId, text("hi"));
    const body = mock.requests[0]!.body;
    expect(body.reasoning).toEqual({ summary: "auto" });
    expect(body.text).toBeUndefined();
    expect(JSON.parse(body.client_metadata["x-codex-turn-metadata"]).reasoning_effort).toBeUndefined();
    expect(server.notifications("warning").map((m) => (m.params as any).message)).toEqual([
      `Model metadata for \`${MODEL}\` not found. Defaulting to fallback metadata; this can degrade performance and cause issues.`,
    ]);
    await server.close();
  });

  it("a trusted project defaults to workspace-write (§4.6)", async () => {
    const cwd = workdir();
    mkdirSync(cwd, { recursive: true });
    const codexHome = home(`[projects.${JSON.stringify(cwd)}]\ntrust_level = "trusted"\n`);
    const server = await startTurnServer(mock, { codexHome, env: ENV });
    const started = await server.call("thread/start", { cwd });
    expect(started.sandbox).toMatchObject({ type: "workspaceWrite" });
    await runTurn(server, started.thread.id, text("hi"));
    const input = mock.requests[0]!.body.input as any[];
    expect(texts(input[1])[0]!.split("\n")[1]).toBe(WORKSPACE_WRITE);
    expect(texts(input[2])).toEqual([environmentContext(cwd, "workspace-write")]);
    await server.close();
  });
});
