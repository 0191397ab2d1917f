import { afterAll, beforeAll, beforeEach } from "vitest";
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
