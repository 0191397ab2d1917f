/**
 * The ChatGPT backend mock (test/helpers/backend-mock.ts) with in-process
 * servers (test/helpers/in-process-server.ts) instead of spawned ones.
 */
import {
  backendServerSetup,
  initializeForBackend,
  useBackendMockWith,
  type BackendMock,
  type BackendServerOptions,
  type BackendTestContext,
} from "./backend-mock.js";
import { InProcessServer } from "./in-process-server.js";

export async function startInProcessWithBackend(mock: BackendMock, options: BackendServerOptions = {}): Promise<InProcessServer> {
  // The environment is the test process's own, shared by every test in it: tests that need
  // their own stay spawned. LOG_LEVEL alone has an in-process equivalent.
  const { LOG_LEVEL: logLevel, ...env } = options.env ?? {};
  if (Object.keys(env).length > 0) throw new Error("an in-process server cannot take its own environment; spawn one (useBackendMock)");
  return initializeForBackend(new InProcessServer({ ...backendServerSetup(mock, options), logLevel }), options);
}

/** `useBackendMock` with in-process servers. */
export function useInProcessBackendMock(defaults: BackendServerOptions = {}): BackendTestContext<InProcessServer> {
  return useBackendMockWith(startInProcessWithBackend, defaults);
}
