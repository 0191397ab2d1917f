import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { layerVersion } from "../../src/config/json-value.js";
import { loadConfig } from "../../src/config/load.js";
import { parseOverrideValue, splitDottedKey } from "../../src/config/overrides.js";
import { resolveProvider } from "../../src/config/provider.js";

function load(toml: string | undefined, overrides: string[] = []) {
  const home = mkdtempSync(path.join(os.tmpdir(), "aas-config-unit-"));
  if (toml !== undefined) writeFileSync(path.join(home, "config.toml"), toml);
  return loadConfig(home, overrides);
}

describe("-c override values", () => {
  it("parses TOML and falls back to the raw string", () => {
    expect(parseOverrideValue('"x"')).toBe("x");
    expect(parseOverrideValue("5")).toBe(5);
    expect(parseOverrideValue("true")).toBe(true);
    expect(parseOverrideValue("[1, 2]")).toEqual([1, 2]);
    expect(parseOverrideValue("{ a = 1 }")).toEqual({ a: 1 });
    expect(parseOverrideValue("gpt-6-sol")).toBe("gpt-6-sol");
    expect(parseOverrideValue("http://127.0.0.1:1/v1")).toBe("http://127.0.0.1:1/v1");
    expect(parseOverrideValue("two words")).toBe("two words");
    expect(parseOverrideValue("")).toBe("");
  });

  it("splits dotted keys, keeping quoted segments whole", () => {
    expect(splitDottedKey("model_providers.mock.base_url")).toEqual(["model_providers", "mock", "base_url"]);
    expect(splitDottedKey('model_providers."a.b".name')).toEqual(["model_providers", "a.b", "name"]);
  });
});

describe("loadConfig", () => {
  it("fingerprints layers like the reference (sha256 of canonical JSON)", () => {
    // The user layer of the reference's TUI traffic and the version it reported for it.
    const layer = {
      cli_auth_credentials_store: "file",
      chatgpt_base_url: "http://127.0.0.1:36085/backend-api",
      check_for_update_on_startup: false,
      model: "gpt-5.1-codex",
      model_provider: "mock",
      approval_policy: "on-request",
      sandbox_mode: "read-only",
      analytics: { enabled: false },
      model_providers: {
        mock: {
          name: "mock",
          base_url: "http://127.0.0.1:33397/v1",
          wire_api: "responses",
          requires_openai_auth: true,
          request_max_retries: 0,
          stream_max_retries: 0,
        },
      },
    };
    expect(layerVersion(layer)).toBe("sha256:6b9941419f3559cb6c98fbab195cf725c2d4c483b4ba1b2c2e2275e91b32c70c");
    expect(layerVersion({})).toBe("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
  });

  it("fills typed defaults", () => {
    const { settings, problems, values } = load(undefined);
    expect(problems).toEqual([]);
    expect(values).toEqual({});
    expect(settings).toMatchObject({
      model: null,
      modelProvider: "openai",
      approvalPolicy: "on-request",
      sandboxMode: "read-only",
      sandboxWorkspaceWrite: { writableRoots: [], networkAccess: false, excludeTmpdirEnvVar: false, excludeSlashTmp: false },
      modelReasoningEffort: null,
      modelReasoningSummary: null,
      developerInstructions: null,
      chatgptBaseUrl: "https://chatgpt.com/backend-api/",
    });
    expect(Object.keys(settings.modelProviders)).toEqual(["openai"]);
  });

  it("reads every typed key", () => {
    const { settings, problems } = load(
      [
        'model = "gpt-6-sol"',
        'model_provider = "mock"',
        'model_reasoning_effort = "xhigh"',
        'model_reasoning_summary = "detailed"',
        'developer_instructions = "be brief"',
        'sandbox_mode = "workspace-write"',
        "[approval_policy.granular]",
        "sandbox_approval = true",
        "rules = false",
        "mcp_elicitations = true",
        "[sandbox_workspace_write]",
        'writable_roots = ["/tmp/a"]',
        "network_access = true",
        "[model_providers.mock]",
        'name = "Mock"',
        'base_url = "http://127.0.0.1:1/v1"',
        'env_key = "MOCK_KEY"',
        "requires_openai_auth = true",
        'http_headers = { "x-a" = "1" }',
        'env_http_headers = { "x-b" = "MOCK_HEADER" }',
        'query_params = { "api-version" = "2025" }',
        "request_max_retries = 1",
        "stream_max_retries = 2",
        "stream_idle_timeout_ms = 1000",
      ].join("\n"),
    );
    expect(problems).toEqual([]);
    expect(settings.model).toBe("gpt-6-sol");
    expect(settings.modelProvider).toBe("mock");
    expect(settings.approvalPolicy).toEqual({ granular: { sandbox_approval: true, rules: false, mcp_elicitations: true } });
    expect(settings.sandboxMode).toBe("workspace-write");
    expect(settings.sandboxWorkspaceWrite).toMatchObject({ writableRoots: ["/tmp/a"], networkAccess: true });
    expect(settings.modelReasoningEffort).toBe("xhigh");
    expect(settings.modelReasoningSummary).toBe("detailed");
    expect(settings.developerInstructions).toBe("be brief");
    expect(settings.modelProviders.mock).toMatchObject({
      id: "mock",
      name: "Mock",
      baseUrl: "http://127.0.0.1:1/v1",
      envKey: "MOCK_KEY",
      requiresOpenaiAuth: true,
      httpHeaders: { "x-a": "1" },
      envHttpHeaders: { "x-b": "MOCK_HEADER" },
      queryParams: { "api-version": "2025" },
      requestMaxRetries: 1,
      streamMaxRetries: 2,
      streamIdleTimeoutMs: 1000,
    });
  });

  it("drops invalid values with a problem naming the key, keeping unknown keys", () => {
    const { settings, problems, values } = load(
      [
        'approval_policy = "on-failure"',
        'model_provider = "nowhere"',
        'model_reasoning_summary = "verbose"',
        "sandbox_workspace_write = { network_access = \"yes\" }",
        "whatever = 1",
        "[model_providers.mock]",
        'wire_api = "chat"',
      ].join("\n"),
    );
    expect(problems.map((p) => p.summary)).toEqual([
      "approval_policy: unknown variant `on-failure`, expected one of `untrusted`, `on-request`, `never`",
      "sandbox_workspace_write: network_access: invalid type: string \"yes\", expected a boolean",
      "model_reasoning_summary: unknown variant `verbose`, expected one of `auto`, `concise`, `detailed`, `none`",
      'model_providers.mock.wire_api: `wire_api = "chat"` is no longer supported; set `wire_api = "responses"`',
      "model_provider: unknown model provider `nowhere`, expected one of `openai`, `mock` (define it under [model_providers.nowhere])",
    ]);
    expect(settings.approvalPolicy).toBe("on-request");
    expect(settings.modelProvider).toBe("openai");
    expect(settings.modelReasoningSummary).toBeNull();
    expect(settings.sandboxWorkspaceWrite.networkAccess).toBe(false);
    expect(values.whatever).toBe(1);
    expect(values).not.toHaveProperty("approval_policy");
  });

  it("survives an unreadable config path", () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "aas-config-unit-"));
    // A directory where the file should be.
    const dir = path.join(home, "config.toml");
    mkdirSync(dir);
    const loaded = loadConfig(home, ["model=x"]);
    expect(loaded.settings.model).toBe("x");
    expect(loaded.problems).toHaveLength(1);
    expect(loaded.problems[0]!.summary).toContain("Could not read");
  });
});

describe("resolveProvider", () => {
  const env = { OPENAI_ORGANIZATION: "org-1" };

  it("resolves the built-in openai provider for API keys and ChatGPT tokens", () => {
    const config = load('chatgpt_base_url = "http://127.0.0.1:9/backend-api/"\n');
    const apiKey = resolveProvider(config, "apiKey", { env });
    expect(apiKey).toEqual({
      id: "openai",
      name: "OpenAI",
      baseUrl: "https://api.openai.com/v1",
      headers: { version: "0.169.0", "OpenAI-Organization": "org-1" },
      queryParams: {},
      envKey: null,
      requiresOpenaiAuth: true,
      wireApi: "responses",
      retries: { request: 4, stream: 5 },
      idleTimeoutMs: 300_000,
    });
    const chatgpt = resolveProvider(config, "chatgpt", { env: {}, accountId: "acct-1" });
    expect(chatgpt.baseUrl).toBe("http://127.0.0.1:9/backend-api/codex");
    expect(chatgpt.headers).toEqual({ version: "0.169.0", "chatgpt-account-id": "acct-1" });
    expect(resolveProvider(load(undefined), "chatgptAuthTokens", { env: {} }).baseUrl).toBe(
      "https://chatgpt.com/backend-api/codex",
    );
  });

  it("honours openai_base_url, then OPENAI_BASE_URL, for API-key auth", () => {
    expect(resolveProvider(load(undefined), "apiKey", { env: { OPENAI_BASE_URL: "http://env/v1/" } }).baseUrl).toBe("http://env/v1");
    const configured = load('openai_base_url = "http://cfg/v1"\n');
    expect(resolveProvider(configured, "apiKey", { env: { OPENAI_BASE_URL: "http://env/v1" } }).baseUrl).toBe("http://cfg/v1");
  });

  it("resolves a configured provider with its headers, query params and capped budgets", () => {
    const config = load(
      [
        'model_provider = "mock"',
        "[model_providers.mock]",
        'name = "Mock"',
        'base_url = "http://127.0.0.1:1/v1/"',
        'env_key = "MOCK_KEY"',
        "requires_openai_auth = true",
        'http_headers = { "x-a" = "1" }',
        'env_http_headers = { "x-b" = "MOCK_HEADER", "x-c" = "UNSET_HEADER" }',
        'query_params = { "api-version" = "2025" }',
        "request_max_retries = 0",
        "stream_max_retries = 1000",
        "stream_idle_timeout_ms = 1500",
      ].join("\n"),
    );
    const resolved = resolveProvider(config.settings, "chatgpt", { env: { MOCK_HEADER: "b" }, accountId: "acct-1" });
    expect(resolved).toEqual({
      id: "mock",
      name: "Mock",
      baseUrl: "http://127.0.0.1:1/v1",
      headers: { "x-a": "1", "x-b": "b", "chatgpt-account-id": "acct-1" },
      queryParams: { "api-version": "2025" },
      envKey: "MOCK_KEY",
      requiresOpenaiAuth: true,
      wireApi: "responses",
      retries: { request: 0, stream: 100 },
      idleTimeoutMs: 1500,
    });
    // Another provider by id; unknown ids fall back to openai.
    expect(resolveProvider(config, "apiKey", { providerId: "openai", env: {} }).id).toBe("openai");
    expect(resolveProvider(config, "apiKey", { providerId: "nope", env: {} }).id).toBe("openai");
  });
});
