/**
 * The surface the Codex TUI (codex-cli 0.169.0, `codex --remote ws://…`) depends on,
 * without the TUI: a spawned `--listen ws://` server is sent the TUI's own requests, in
 * order and with their exact ids and params, as recorded against the reference in
 * test/fixtures/reference-traffic/tui-traffic-codex-0.169.0.log (thread ids, the project directory and
 * read-state revisions are mapped to this server's). Each answer must have the reference's
 * shape (an error exactly where the reference answered with one, the same top-level result
 * keys) and the reference-schema conformance check runs over everything received. The
 * real TUI itself is driven by `scripts/tui-check.mjs` (docs/testing.md, "The Codex TUI check").
 */
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BackendMock, chatgptAuthJson, fixture, writeAuthJson } from "../helpers/backend-mock.js";
import { startMockResponses, type MockResponsesServer } from "../helpers/mock-responses.js";
import { referenceTrafficDir } from "../helpers/paths.js";
import { WsClient, spawnListening, stopListeningServers, type Endpoint } from "../helpers/ws-client.js";
import type { WireMessage } from "../helpers/server-process.js";

vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

const TRAFFIC = path.join(referenceTrafficDir, "tui-traffic-codex-0.169.0.log");
const REFERENCE_CWD = "/home/user/project";
const ANSWER = "Hello from mock model.";

interface LogEntry {
  line: number;
  dir: ">>" | "<<";
  message: WireMessage;
}

function readTraffic(): LogEntry[] {
  const out: LogEntry[] = [];
  readFileSync(TRAFFIC, "utf8")
    .split("\n")
    .forEach((text, line) => {
      const dir = text.slice(0, 2);
      if (dir === ">>" || dir === "<<") out.push({ line, dir, message: JSON.parse(text.slice(3)) as WireMessage });
    });
  return out;
}

const idKey = (id: unknown) => JSON.stringify(id);

let model: MockResponsesServer;
let backend: BackendMock;
beforeEach(async () => {
  model = await startMockResponses();
  backend = await new BackendMock().start();
  backend
    .route("GET /backend-api/wham/usage", { body: fixture("usage.json") })
    .route("GET /backend-api/wham/rate-limit-reset-credits", { body: fixture("credits.json") })
    .route("GET /backend-api/wham/accounts/check", { body: fixture("accounts-check.json") })
    .route("POST /backend-api/wham/rate-limit-reset-credits/consume", { body: fixture("consume-reset.json") });
});
afterEach(async () => {
  await stopListeningServers();
  await model.close();
  await backend.close();
});

/** A listening server set up as the TUI check sets it up: ChatGPT login, provider "mock", the mock backend. */
async function tuiServer(): Promise<{ endpoint: Endpoint; cwd: string }> {
  const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-tui-home-"));
  const cwd = mkdtempSync(path.join(os.tmpdir(), "aas-tui-project-"));
  writeAuthJson(codexHome, chatgptAuthJson({ email: "mock-user@example.com", userId: "user-mock-123", accountId: "acct-mock-123" }));
  const args = [
    "-c", `model="gpt-5.1-codex"`,
    "-c", `model_provider="mock"`,
    "-c", `model_providers.mock.name="mock"`,
    "-c", `model_providers.mock.base_url="${model.url}"`,
    "-c", `model_providers.mock.wire_api="responses"`,
    "-c", "model_providers.mock.requires_openai_auth=true",
    "-c", `chatgpt_base_url="${backend.url("/backend-api")}"`,
    "-c", `chatgpt_models_url="${backend.url("/backend-api/codex/models")}"`,
    "-c", `approval_policy="on-request"`,
    "-c", `sandbox_mode="read-only"`,
  ];
  const { endpoint } = await spawnListening("ws://127.0.0.1:0", { args, codexHome, cwd });
  return { endpoint, cwd };
}

describe("the Codex TUI's requests (reference traffic replayed)", () => {
  it("answers every request the TUI sends with the reference's shape, in the TUI's order", async () => {
    const { endpoint, cwd } = await tuiServer();
    const client = await WsClient.connect(endpoint);
    const traffic = readTraffic();
    const referenceAnswers = new Map<string, WireMessage>();
    for (const entry of traffic) {
      if (entry.dir === "<<" && "id" in entry.message && !("method" in entry.message)) referenceAnswers.set(idKey(entry.message.id), entry.message);
    }

    const ids = new Map<string, string>(); // reference thread id → ours
    const substitute = (value: unknown): unknown => {
      let text = JSON.stringify(value).split(REFERENCE_CWD).join(cwd);
      for (const [from, to] of ids) text = text.split(from).join(to);
      return JSON.parse(text);
    };
    const latestRevision = (threadId: string): string | undefined =>
      client
        .notifications("thread/readState/changed")
        .map((n) => n.params as { threadId: string; readState: { revision: string } })
        .filter((p) => p.threadId === threadId)
        .at(-1)?.readState.revision;
    const countIn = (entries: LogEntry[], method: string) => entries.filter((e) => e.dir === "<<" && e.message.method === method).length;

    const mismatches: string[] = [];
    const answers = new Map<string, WireMessage>();
    for (const [index, entry] of traffic.entries()) {
      if (entry.dir !== ">>") continue;
      const sent = entry.message;
      const method = sent.method as string;
      if (!("id" in sent)) {
        client.notify(method, sent.params === undefined ? undefined : substitute(sent.params));
        continue;
      }
      // The TUI sent this only after seeing these: wait for as many of ours.
      const before = traffic.slice(0, index);
      for (const sync of ["turn/completed", "thread/readState/changed"]) {
        const wanted = countIn(before, sync);
        if (wanted > 0) await client.waitFor(() => client.notifications(sync).length >= wanted, 15_000);
      }
      let params = sent.params === undefined ? undefined : (substitute(sent.params) as Record<string, unknown>);
      if (method === "thread/readState/update" && params) params = { ...params, expectedRevision: latestRevision(params.threadId as string) };
      const answer = await client.request(method, params, sent.id as string | number);
      answers.set(idKey(sent.id), answer);
      const reference = referenceAnswers.get(idKey(sent.id));
      if (!reference) continue;
      // Map the reference's new thread ids to ours.
      const refThread = (reference.result as { thread?: { id?: string } } | undefined)?.thread?.id;
      const ourThread = (answer.result as { thread?: { id?: string } } | undefined)?.thread?.id;
      if (method === "thread/start" && refThread && ourThread) ids.set(refThread, ourThread);

      const where = `${method} (id ${idKey(sent.id)}, log line ${entry.line})`;
      if ("error" in reference) {
        const refError = reference.error as { code: number; message: string };
        if (!("error" in answer)) mismatches.push(`${where}: the reference answered with an error, we did not`);
        else {
          const ours = answer.error as { code: number; message: string };
          if (ours.code !== refError.code || ours.message !== (substitute(refError.message) as string)) {
            mismatches.push(`${where}: error ${JSON.stringify(ours)}, reference ${JSON.stringify(refError)}`);
          }
        }
        continue;
      }
      if ("error" in answer) {
        mismatches.push(`${where}: error ${JSON.stringify(answer.error)}`);
        continue;
      }
      const refKeys = Object.keys(reference.result as object).sort();
      const ourKeys = Object.keys(answer.result as object).sort();
      if (JSON.stringify(refKeys) !== JSON.stringify(ourKeys)) mismatches.push(`${where}: result keys ${ourKeys.join(",")}, reference ${refKeys.join(",")}`);
    }
    expect(mismatches).toEqual([]);
    expect(answers.size).toBe(traffic.filter((e) => e.dir === ">>" && "id" in e.message).length);

    const result = (id: unknown) => answers.get(idKey(id))?.result as any;
    const sentWith = (method: string) => traffic.filter((e) => e.dir === ">>" && e.message.method === method).map((e) => e.message);

    // Startup: a ChatGPT account with workspace routing (the TUI's `/usage` needs `chatgpt`).
    expect(result(1)).toMatchObject({
      account: { type: "chatgpt", email: "mock-user@example.com", planType: "pro" },
      requiresOpenaiAuth: true,
      workspaceRouting: { chatgptAccountId: "acct-mock-123", backendOrigin: "https://127.0.0.1", accountRoutingOverride: "NO_CONSTRAINT" },
    });
    expect(result(2).data.length).toBeGreaterThan(0);
    expect(result(4)).toEqual({ supportsIndependentSpeedModes: true, requirements: null });

    // The startup thread: experimental dynamicTools / historyMode / threadSource accepted; cwd null → the server's cwd.
    const [startup, title] = sentWith("thread/start");
    const startupThread = result(startup!.id).thread;
    expect(startupThread).toMatchObject({ ephemeral: false, historyMode: "paginated", cwd, modelProvider: "mock", model: "gpt-5.1-codex" });
    expect(result(startup!.id).sandbox).toEqual({ type: "readOnly", networkAccess: false });

    // The user turn: thread/settings/updated (the collaboration mode) before the turn/start answer, then the streamed reply.
    const received = client.received.map((r) => r.message);
    const settingsAt = received.findIndex((m) => m.method === "thread/settings/updated");
    const turnAnswerAt = received.findIndex((m) => m.id === 6);
    expect(settingsAt).toBeGreaterThanOrEqual(0);
    expect(settingsAt).toBeLessThan(turnAnswerAt);
    expect(received[settingsAt]!.params).toMatchObject({
      threadId: startupThread.id,
      threadSettings: {
        cwd,
        model: "gpt-5.1-codex",
        modelProvider: "mock",
        approvalPolicy: "on-request",
        collaborationMode: { mode: "default", settings: { model: "gpt-5.1-codex", reasoning_effort: null } },
      },
    });
    expect(result(6).turn).toMatchObject({ status: "inProgress", items: [], error: null });
    const completed = client
      .notifications("turn/completed")
      .map((n) => n.params as any)
      .find((p) => p.threadId === startupThread.id);
    expect(completed.turn.status).toBe("completed");
    expect(completed.turn.items.find((i: any) => i.type === "agentMessage")?.text).toBe(ANSWER);
    const deltas = client
      .notifications("item/agentMessage/delta")
      .map((n) => n.params as any)
      .filter((p) => p.threadId === startupThread.id);
    expect(deltas.map((d) => d.delta).join("")).toBe(ANSWER);

    // The title-generation thread: ephemeral, its turn's outputSchema reaches the model as a json_schema format.
    const titleThread = result(title!.id).thread;
    expect(titleThread).toMatchObject({ ephemeral: true });
    const titleRequest = model.requests.find((r: any) => JSON.stringify(r.body.input).includes("Generate a concise, single-line task title"));
    expect(titleRequest?.body.text.format).toMatchObject({ type: "json_schema", strict: true, schema: { required: ["title"] } });
    expect(result(sentWith("thread/unsubscribe")[0]!.id)).toEqual({ status: "unsubscribed" });

    // Read state: the update (with the latest revision) is answered with a fresh revision.
    const readState = result(sentWith("thread/readState/update")[0]!.id).readState;
    expect(readState.firstUnread).toBeNull();
    expect(typeof readState.revision).toBe("string");

    // Usage and reset: windows and credits, then exactly one consume POST carrying the TUI's idempotency key.
    const limits = result(sentWith("account/rateLimits/read")[0]!.id);
    expect(limits.rateLimits).toMatchObject({ primary: { usedPercent: 42, windowDurationMins: 300 }, secondary: { usedPercent: 7, windowDurationMins: 10080 } });
    expect(limits.rateLimitResetCredits.availableCount).toBe(2);
    const consume = sentWith("account/rateLimitResetCredit/consume")[0]!;
    expect(result(consume.id)).toEqual({ outcome: "reset" });
    const posts = backend.requestsTo("/backend-api/wham/rate-limit-reset-credits/consume", "POST");
    expect(posts).toHaveLength(1);
    expect(posts[0]!.json).toEqual({ redeem_request_id: (consume.params as any).idempotencyKey, credit_id: "credit-1" });

    await client.close();
    expect(client.conformanceProblems()).toEqual([]);
  });

  it("sends thread/settings/updated only when a turn/start changes the thread's settings", async () => {
    const { endpoint, cwd } = await tuiServer();
    const client = await WsClient.connect(endpoint);
    await client.initialize({ experimentalApi: true });
    const { thread } = await client.call("thread/start", {});
    const settingsUpdates = () => client.notifications("thread/settings/updated").map((n) => n.params as any);

    await client.call("turn/start", { threadId: thread.id, input: [{ type: "text", text: "one", text_elements: [] }] });
    await client.waitFor((m) => m.method === "turn/completed");
    expect(settingsUpdates()).toEqual([]);

    await client.call("turn/start", {
      threadId: thread.id,
      input: [{ type: "text", text: "two", text_elements: [] }],
      cwd,
      approvalPolicy: "never",
    });
    await client.waitFor(() => client.notifications("turn/completed").length === 2);
    expect(settingsUpdates()).toHaveLength(1);
    expect(settingsUpdates()[0]).toMatchObject({
      threadId: thread.id,
      threadSettings: {
        approvalPolicy: "never",
        approvalsReviewer: "user",
        disabledPluginIds: [],
        collaborationMode: { mode: "default", settings: { model: "gpt-5.1-codex", reasoning_effort: null, developer_instructions: null } },
        multiAgentMode: "explicitRequestOnly",
        personality: null,
      },
    });

    // The same overrides again: nothing changes, nothing is sent.
    await client.call("turn/start", { threadId: thread.id, input: [{ type: "text", text: "three", text_elements: [] }], approvalPolicy: "never" });
    await client.waitFor(() => client.notifications("turn/completed").length === 3);
    expect(settingsUpdates()).toHaveLength(1);

    // A collaboration mode (experimental) is reported and its model takes precedence.
    await client.call("turn/start", {
      threadId: thread.id,
      input: [{ type: "text", text: "four", text_elements: [] }],
      model: "gpt-5.1-codex",
      collaborationMode: { mode: "plan", settings: { model: "gpt-5.2", reasoning_effort: "high", developer_instructions: null } },
    });
    await client.waitFor(() => client.notifications("turn/completed").length === 4);
    expect(settingsUpdates()).toHaveLength(2);
    expect(settingsUpdates()[1].threadSettings).toMatchObject({
      model: "gpt-5.2",
      effort: "high",
      collaborationMode: { mode: "plan", settings: { model: "gpt-5.2", reasoning_effort: "high", developer_instructions: null } },
    });
    expect(model.requests.at(-1)?.body.model).toBe("gpt-5.2");

    await client.close();
    expect(client.conformanceProblems()).toEqual([]);
  });
});
