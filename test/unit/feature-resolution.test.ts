/**
 * Every feature read goes through one resolver, so a managed
 * `feature_requirements` pin (system requirements.toml `[features]`) wins over
 * config.toml everywhere: the tools a turn offers, the goal replay after
 * thread/resume, the model transport.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ChatgptExternalAuth } from "../../src/auth/manager.js";
import { isFeatureEnabled } from "../../src/config/features.js";
import { loadConfig } from "../../src/config/load.js";
import { chatgptEndpoint, modelWebSocketsAllowed } from "../../src/model/endpoint.js";
import { suiteMockResponses, mockProviderOverrides } from "../helpers/suite-mock-responses.js";
import { InProcessServer } from "../helpers/in-process-server.js";
import { textResponse, type MockResponsesServer } from "../helpers/mock-responses.js";

function home(configToml: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "aas-features-home-"));
  writeFileSync(path.join(dir, "config.toml"), configToml);
  return dir;
}

function systemDir(requirements: string | null): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "aas-features-system-"));
  if (requirements !== null) writeFileSync(path.join(dir, "requirements.toml"), requirements);
  return dir;
}

describe("isFeatureEnabled", () => {
  it("a requirements pin wins over config.toml; config over the registry default", () => {
    const pinned = loadConfig(home("[features]\ngoals = true\nmulti_agent = true\n"), [], systemDir("[features]\ngoals = false\n"));
    expect(isFeatureEnabled(pinned, "goals")).toBe(false);
    expect(isFeatureEnabled(pinned, "multi_agent")).toBe(true);
    const free = loadConfig(home("[features]\nsqlite = false\n"), [], systemDir(null));
    expect(isFeatureEnabled(free, "goals")).toBe(true);
    expect(isFeatureEnabled(free, "sqlite")).toBe(false);
  });

  it("reads the legacy `collab` key as multi_agent, the canonical key first", () => {
    expect(isFeatureEnabled(loadConfig(home("[features]\ncollab = false\n"), [], systemDir(null)), "multi_agent")).toBe(false);
    expect(isFeatureEnabled(loadConfig(home("[features]\ncollab = false\nmulti_agent = true\n"), [], systemDir(null)), "multi_agent")).toBe(true);
  });
});

describe("model transport", () => {
  const auth: ChatgptExternalAuth = {
    mode: "chatgptAuthTokens",
    accessToken: "at",
    accountId: "acct",
    planType: "plus",
    claims: {} as ChatgptExternalAuth["claims"],
    ownerConnectionId: null,
  };

  it("ignores the removed features.responses_websockets key, as codex 0.169.0 does: WebSocket first", () => {
    const config = loadConfig(home(""), ["features.responses_websockets=false"], systemDir(null));
    expect(isFeatureEnabled(config, "responses_websockets")).toBe(false);
    expect(chatgptEndpoint(config, "openai", auth).websocket).toBe(true);
  });

  it("AGENT_APP_SERVER_MODEL_WEBSOCKETS=0 is the daemon's own HTTP-only switch", () => {
    expect(modelWebSocketsAllowed({})).toBe(true);
    expect(modelWebSocketsAllowed({ AGENT_APP_SERVER_MODEL_WEBSOCKETS: "0" })).toBe(false);
  });
});

describe("pins reach the handlers and the tool runtime", () => {
  const mockResponses = suiteMockResponses();
  let mock: MockResponsesServer;
  const savedDir = process.env.AGENT_APP_SERVER_SYSTEM_CONFIG_DIR;
  let server: InProcessServer | undefined;

  beforeEach(() => {
    mock = mockResponses();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    if (savedDir === undefined) delete process.env.AGENT_APP_SERVER_SYSTEM_CONFIG_DIR;
    else process.env.AGENT_APP_SERVER_SYSTEM_CONFIG_DIR = savedDir;
  });

  async function start(requirements: string | null): Promise<InProcessServer> {
    process.env.AGENT_APP_SERVER_SYSTEM_CONFIG_DIR = systemDir(requirements);
    server = new InProcessServer({ codexHome: home("[features]\ngoals = true\nmulti_agent = true\n"), configOverrides: mockProviderOverrides(mock) });
    await server.initialize({ experimentalApi: true });
    return server;
  }

  async function offeredTools(s: InProcessServer): Promise<string[]> {
    const { thread } = await s.call("thread/start", { cwd: mkdtempSync(path.join(os.tmpdir(), "aas-features-cwd-")) });
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["hi"] }) });
    await s.call("turn/start", { threadId: thread.id, input: [{ type: "text", text: "hi", text_elements: [] }] });
    await s.waitFor((m) => m.method === "turn/completed");
    return (mock.requests[0]!.body.tools as Array<{ name?: string; type?: string }>).map((tool) => tool.name ?? tool.type ?? "");
  }

  it("pinned off, the goal and multi-agent tools are not offered although config.toml enables them", async () => {
    const free = await offeredTools(await start(null));
    expect(free).toEqual(expect.arrayContaining(["multi_agent_v1", "get_goal"]));
    await server!.close();
    mock.reset();
    const pinned = await offeredTools(await start("[features]\ngoals = false\nmulti_agent = false\n"));
    expect(pinned.filter((name) => name === "multi_agent_v1" || name.endsWith("_goal"))).toEqual([]);
  });

  it("pinned off, thread/resume replays no goal although config.toml enables goals", async () => {
    const s = await start("[features]\ngoals = false\n");
    const { thread } = await s.call("thread/start", {});
    await s.call("thread/resume", { threadId: thread.id });
    await s.call("thread/list", {});
    expect(s.notifications().filter((m) => String(m.method).startsWith("thread/goal/"))).toEqual([]);
  });
});
