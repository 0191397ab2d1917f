import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { InProcessServer } from "./in-process-server.js";
import { startMockResponses, type MockResponsesServer } from "./mock-responses.js";

/**
 * A Responses mock for the enclosing `describe` of in-process server tests:
 * started before its tests, reset before each, closed after them, with
 * `MOCK_API_KEY` (the key its provider reads) set meanwhile and restored.
 * Returns a getter: the mock exists once the suite has started.
 */
export function suiteMockResponses(): () => MockResponsesServer {
  let mock: MockResponsesServer | undefined;
  const savedKey = process.env.MOCK_API_KEY;
  beforeAll(async () => {
    mock = await startMockResponses();
    process.env.MOCK_API_KEY = "mock-key";
  });
  afterAll(async () => {
    await mock?.close();
    if (savedKey === undefined) delete process.env.MOCK_API_KEY;
    else process.env.MOCK_API_KEY = savedKey;
  });
  beforeEach(() => mock?.reset());
  return () => {
    if (!mock) throw new Error("the suite's mock has not started");
    return mock;
  };
}

/** `configOverrides` for an in-process server whose model provider is the mock (no retries), with `model`. */
export function mockProviderOverrides(mock: MockResponsesServer, model = "gpt-5.1-codex"): string[] {
  const overrides = mock.configArgs("mock", { request_max_retries: 0, stream_max_retries: 0 }).filter((arg) => arg !== "-c");
  return [...overrides, `model="${model}"`];
}

/** Starts initialized in-process servers on the suite's mock (in `codexHome` when given), closed after each test. */
export function suiteMockServers(mockResponses: () => MockResponsesServer): (codexHome?: string) => Promise<InProcessServer> {
  const servers: InProcessServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });
  return async (codexHome) => {
    const server = new InProcessServer({ codexHome, configOverrides: mockProviderOverrides(mockResponses()) });
    servers.push(server);
    await server.initialize();
    return server;
  };
}
