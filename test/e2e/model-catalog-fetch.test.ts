/**
 * With ChatGPT login the model catalogue comes from the backend's `/models`
 * (here a loopback mock via `chatgpt_models_url`): it replaces the bundled
 * list, is cached in `$CODEX_HOME/models_cache.json` with its ETag, is
 * revalidated with `If-None-Match`, is rejected whole when one entry is
 * invalid, and is fetched again when a model response names a new
 * `x-models-etag`.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { BackendMock, makeJwt, useBackendMock, chatgptAuthJson, type RecordedRequest } from "../helpers/backend-mock.js";
import { startMockResponses, textResponse, type MockResponsesServer } from "../helpers/mock-responses.js";
import { startTlsGateway } from "../helpers/tls-gateway.js";
import { ServerProcess } from "../helpers/server-process.js";
import { runTurn, startThread, text } from "../helpers/turns.js";

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const MODELS_PATH = "/backend-api/codex/models?client_version=0.169.0";
const ROUTE = `GET ${MODELS_PATH}`;

/** A complete `/models` entry (the reference's shape), varied per test. */
function remoteEntry(slug: string, priority: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    slug,
    display_name: `Remote ${slug}`,
    description: `${slug} from the backend`,
    priority,
    visibility: "list",
    supported_in_api: true,
    minimal_client_version: "0.1.0",
    available_in_plans: ["pro"],
    availability_nux: null,
    upgrade: null,
    default_reasoning_level: "high",
    supported_reasoning_levels: [
      { effort: "medium", description: "Medium" },
      { effort: "high", description: "High" },
    ],
    supports_reasoning_effort_updates: false,
    supports_reasoning_summaries: true,
    supports_reasoning_summary_parameter: true,
    default_reasoning_summary: "detailed",
    support_verbosity: false,
    default_verbosity: null,
    base_instructions: "Test instructions.",
    model_messages: null,
    shell_type: "shell_command",
    apply_patch_tool_type: "freeform",
    web_search_tool_type: "text",
    truncation_policy: { mode: "bytes", limit: 3000 },
    supports_parallel_tool_calls: true,
    supports_image_detail_original: false,
    input_modalities: ["text"],
    context_window: 100_000,
    max_context_window: 100_000,
    auto_compact_token_limit: null,
    comp_hash: null,
    experimental_supported_tools: [],
    supports_search_tool: false,
    supports_experimental_context: false,
    tool_mode: null,
    multi_agent_version: null,
    multi_agent_reasoning_effort: null,
    use_responses_lite: false,
    prefer_websockets: false,
    include_skills_usage_instructions: false,
    include_apps_usage_instructions: false,
    include_plugin_usage_instructions: false,
    guardian: null,
    node_repl_auto_review_required: false,
    node_repl_disabled: false,
    requires_sandboxed_review: false,
    auto_review_model_override: null,
    model_specialty: null,
    default_service_tier: null,
    service_tiers: [],
    additional_speed_tiers: [],
    an_unknown_field: "ignored",
    ...extra,
  };
}

const REMOTE = {
  models: [remoteEntry("remote-b", 5), remoteEntry("remote-a", 2), remoteEntry("remote-hidden", 1, { visibility: "hide" })],
};

/** The cache identity of `chatgptAuthJson()`'s account and user. */
const IDENTITY = createHash("sha256").update("acct-mock-123\nuser-mock-1").digest("hex");

function homeWithCache(cache: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "aas-models-cache-"));
  writeFileSync(path.join(dir, "models_cache.json"), JSON.stringify(cache));
  writeFileSync(path.join(dir, "auth.json"), JSON.stringify(chatgptAuthJson()), { mode: 0o600 });
  return dir;
}

function readCache(codexHome: string): any {
  return JSON.parse(readFileSync(path.join(codexHome, "models_cache.json"), "utf8"));
}

async function listedIds(server: ServerProcess, includeHidden = false): Promise<string[]> {
  const { data } = await server.call("model/list", { includeHidden });
  return data.map((m: any) => m.id);
}

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("model/list with ChatGPT login", () => {
  const backend = useBackendMock({ auth: chatgptAuthJson() });
  const modelsRequests = (): RecordedRequest[] => backend.mock.requestsTo(MODELS_PATH, "GET");

  it("serves the fetched catalogue's visible models by priority and caches it with its ETag", async () => {
    backend.mock.route(ROUTE, { headers: { etag: '"models-v1"' }, body: REMOTE });
    const server = await backend.spawn();
    const { data } = await server.call("model/list", {});
    expect(data.map((m: any) => [m.id, m.isDefault])).toEqual([
      ["remote-a", true],
      ["remote-b", false],
    ]);
    expect(data[0]).toMatchObject({
      displayName: "Remote remote-a",
      description: "remote-a from the backend",
      hidden: false,
      defaultReasoningEffort: "high",
      supportedReasoningEfforts: [
        { reasoningEffort: "medium", description: "Medium" },
        { reasoningEffort: "high", description: "High" },
      ],
      inputModalities: ["text"],
    });
    expect(await listedIds(server, true)).toEqual(["remote-hidden", "remote-a", "remote-b"]);

    // One request (startup and the first listing share it), with the reference's headers.
    expect(modelsRequests()).toHaveLength(1);
    const headers = modelsRequests()[0]!.headers;
    expect(headers.authorization).toBe("Bearer chatgpt-token");
    expect(headers["chatgpt-account-id"]).toBe("acct-mock-123");
    expect(headers.version).toBe("0.169.0");
    expect(headers.originator).toBe("test_client");
    expect(headers["user-agent"]).toMatch(/^test_client\//);
    expect(headers.accept).toBe("*/*");
    expect(headers["if-none-match"]).toBeUndefined();

    const cache = readCache(server.codexHome);
    expect(Object.keys(cache).sort()).toEqual(["client_version", "etag", "fetched_at", "identity", "models"]);
    expect(cache.etag).toBe('"models-v1"');
    expect(cache.client_version).toBe("0.169.0");
    expect(cache.identity).toBe(IDENTITY);
    expect(Math.abs(Date.parse(cache.fetched_at) - Date.now())).toBeLessThan(60_000);
    expect(cache.models.map((m: any) => m.slug)).toEqual(["remote-b", "remote-a", "remote-hidden"]);
    expect(cache.models[0].truncation_policy).toEqual({ mode: "bytes", limit: 3000 });
  });

  it("uses a fresh cache without asking, and revalidates a stale one with If-None-Match (304 keeps it)", async () => {
    const models = [remoteEntry("cached-model", 1)];
    const fresh = homeWithCache({ fetched_at: new Date().toISOString(), etag: '"e1"', client_version: "0.169.0", identity: IDENTITY, models });
    const server = new ServerProcess({
      codexHome: fresh,
      args: ["-c", `chatgpt_base_url="${backend.mock.url()}"`, "-c", `chatgpt_models_url="${backend.mock.url("/backend-api/codex/models")}"`],
    });
    try {
      await server.initialize();
      expect(await listedIds(server)).toEqual(["cached-model"]);
      expect(modelsRequests()).toHaveLength(0);
    } finally {
      await server.close();
    }

    const staleAt = new Date(Date.now() - 3_600_000).toISOString();
    const stale = homeWithCache({ fetched_at: staleAt, etag: '"e1"', client_version: "0.169.0", identity: IDENTITY, models });
    backend.mock.route(ROUTE, { status: 304 });
    const second = new ServerProcess({
      codexHome: stale,
      args: ["-c", `chatgpt_base_url="${backend.mock.url()}"`, "-c", `chatgpt_models_url="${backend.mock.url("/backend-api/codex/models")}"`],
    });
    try {
      await second.initialize();
      expect(await listedIds(second)).toEqual(["cached-model"]);
      expect(modelsRequests()).toHaveLength(1);
      expect(modelsRequests()[0]!.headers["if-none-match"]).toBe('"e1"');
      const renewed = readCache(stale);
      expect(Date.parse(renewed.fetched_at)).toBeGreaterThan(Date.parse(staleAt));
      expect(renewed.models.map((m: any) => m.slug)).toEqual(["cached-model"]);
    } finally {
      await second.close();
    }
  });

  it("ignores a cache written for another account", async () => {
    const other = homeWithCache({
      fetched_at: new Date().toISOString(),
      etag: null,
      client_version: "0.169.0",
      identity: "0".repeat(64),
      models: [remoteEntry("someone-elses", 1)],
    });
    backend.mock.route(ROUTE, { body: REMOTE });
    const server = new ServerProcess({
      codexHome: other,
      args: ["-c", `chatgpt_base_url="${backend.mock.url()}"`, "-c", `chatgpt_models_url="${backend.mock.url("/backend-api/codex/models")}"`],
    });
    try {
      await server.initialize();
      expect(await listedIds(server)).toEqual(["remote-a", "remote-b"]);
      expect(readCache(other).identity).toBe(IDENTITY);
    } finally {
      await server.close();
    }
  });

  it("rejects a response with one invalid entry whole: the bundled list stays and the next model/list asks again", async () => {
    const invalid = { models: [remoteEntry("remote-a", 1), remoteEntry("bad", 2, { apply_patch_tool_type: "function" })] };
    backend.mock.route(ROUTE, { body: invalid });
    const server = await backend.spawn();
    const bundled = await listedIds(server);
    expect(bundled[0]).toBe("gpt-6.1-sol");
    expect(bundled).not.toContain("remote-a");
    const afterFirst = modelsRequests().length;
    expect(afterFirst).toBeGreaterThanOrEqual(1);
    expect(existsSync(path.join(server.codexHome, "models_cache.json"))).toBe(false);

    await listedIds(server);
    expect(modelsRequests().length).toBe(afterFirst + 1);

    // Once the backend answers correctly, its catalogue takes over.
    backend.mock.route(ROUTE, { body: REMOTE });
    expect(await listedIds(server)).toEqual(["remote-a", "remote-b"]);
  });

  it("keeps the bundled list when the backend fails, and never asks without a ChatGPT login", async () => {
    backend.mock.route(ROUTE, { status: 500, body: "boom" });
    const server = await backend.spawn();
    expect((await listedIds(server))[0]).toBe("gpt-6.1-sol");

    const apiKey = await backend.spawn({ auth: { auth_mode: "apikey", OPENAI_API_KEY: "sk-test" } });
    const before = modelsRequests().length;
    expect((await listedIds(apiKey))[0]).toBe("gpt-6.1-sol");
    expect(modelsRequests().length).toBe(before);
  });
});

describe("x-models-etag on model responses", () => {
  let responses: MockResponsesServer;
  let backend: BackendMock;
  beforeAll(async () => {
    responses = await startMockResponses();
  });
  afterAll(async () => {
    await responses.close();
  });
  beforeEach(async () => {
    responses.reset();
    backend = await new BackendMock().start();
    return async () => backend.close();
  });

  it("fetches the catalogue again after a response with a new ETag, not after an equal one", async () => {
    backend.route(ROUTE, [
      { headers: { etag: "etag-1" }, body: REMOTE },
      { headers: { etag: "etag-2" }, body: { models: [remoteEntry("remote-new", 1)] } },
    ]);
    const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-models-etag-"));
    // ChatGPT model traffic goes only to an https origin: the Responses mock behind a TLS gateway that allows it.
    const gateway = await startTlsGateway(responses.url);
    const server = new ServerProcess({
      codexHome,
      args: [
        "app-server",
        "-c",
        'model="remote-a"',
        "-c",
        'model_provider="openai"',
        "-c",
        `chatgpt_base_url="${gateway.url("/backend-api")}"`,
        "-c",
        `chatgpt_models_url="${backend.url("/backend-api/codex/models")}"`,
      ],
      env: { OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined, ...gateway.env },
    });
    try {
      await server.initialize();
      const token = makeJwt({ email: "e@example.com", "https://api.openai.com/auth": { chatgpt_plan_type: "pro", chatgpt_user_id: "user-e" } });
      await server.call("account/login/start", { type: "chatgptAuthTokens", accessToken: token, chatgptAccountId: "acct-e" });
      expect(await listedIds(server)).toEqual(["remote-a", "remote-b"]);
      const requests = () => backend.requestsTo(MODELS_PATH, "GET");
      expect(requests()).toHaveLength(1);

      const threadId = await startThread(server);
      // The catalogue entry's 100000-token window, reported at 95 %.
      responses.enqueue({ type: "sse", events: textResponse({ deltas: ["same"], usage: { input: 10, output: 2 } }), headers: { "x-models-etag": "etag-1" } });
      const first = await runTurn(server, threadId, text("hi"));
      expect(first.turn.status).toBe("completed");
      const usage = server.received.map((r) => r.message).filter((m: any) => m.method === "thread/tokenUsage/updated");
      expect(usage.length).toBeGreaterThan(0);
      expect((usage.at(-1) as any).params.tokenUsage.modelContextWindow).toBe(95_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(requests()).toHaveLength(1);

      responses.enqueue({ type: "sse", events: textResponse({ deltas: ["new"] }), headers: { "x-models-etag": "etag-2" } });
      const second = await runTurn(server, threadId, text("again"));
      expect(second.turn.status).toBe("completed");
      await until(() => requests().length === 2, "the refetch after a new x-models-etag");
      expect(requests()[1]!.headers.authorization).toBe(`Bearer ${token}`);
      await until(() => existsSync(path.join(codexHome, "models_cache.json")) && readCache(codexHome).etag === "etag-2", "the new cache");
      expect(await listedIds(server)).toEqual(["remote-new"]);
      expect(requests()).toHaveLength(2);
    } finally {
      await server.close();
      await gateway.close();
    }
  });
});
