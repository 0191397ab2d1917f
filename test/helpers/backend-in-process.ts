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
  // The environment is the test process's own, shared by every test in it: such tests stay spawned.
  if (options.env !== undefined) throw new Error("an in-process server cannot take its own environment; spawn one (useBackendMock)");
  return initializeForBackend(new InProcessServer(backendServerSetup(mock, options)), options);
}

/** `useBackendMock` with in-process servers. */
export function useInProcessBackendMock(defaults: BackendServerOptions = {}): BackendTestContext<InProcessServer> {
  return useBackendMockWith(startInProcessWithBackend, defaults);
}
