import type { HandlerTable } from "./context.js";
import { commandExecManager } from "../core/command-exec.js";
import { sandboxPolicyFromConfig } from "../core/sandbox/index.js";
import { shellEnvironment } from "../core/tools/env.js";

export const commandExecHandlers: Pick<
  HandlerTable,
  "command/exec" | "command/exec/write" | "command/exec/terminate" | "command/exec/resize"
> = {
  "command/exec": (params, { server, session, signal }) => {
    const values = server.config.values as Record<string, unknown>;
    return commandExecManager.run(session, params, {
      serverCwd: process.cwd(),
      defaultPolicy: sandboxPolicyFromConfig(values),
      env: shellEnvironment(values),
      signal,
      logger: session.logger,
    });
  },
  "command/exec/write": (params, { session }) => commandExecManager.write(session, params),
  "command/exec/terminate": (params, { session }) => commandExecManager.terminate(session, params),
  "command/exec/resize": (params, { session }) => commandExecManager.resize(session, params),
};
