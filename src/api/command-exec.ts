import type { HandlerTable } from "./context.js";
import { sandboxPolicyFromConfig } from "../core/sandbox/index.js";
import { shellEnvironment } from "../core/tools/env.js";

export const commandExecHandlers: Pick<
  HandlerTable,
  "command/exec" | "command/exec/write" | "command/exec/terminate" | "command/exec/resize"
> = {
  "command/exec": (params, { services, connection, signal }) => {
    const values = services.config.values as Record<string, unknown>;
    return services.commandExec.run(connection, params, {
      serverCwd: process.cwd(),
      defaultPolicy: sandboxPolicyFromConfig(values),
      env: shellEnvironment(values),
      signal,
      logger: connection.logger,
    });
  },
  "command/exec/write": (params, { services, connection }) => services.commandExec.write(connection, params),
  "command/exec/terminate": (params, { services, connection }) => services.commandExec.terminate(connection, params),
  "command/exec/resize": (params, { services, connection }) => services.commandExec.resize(connection, params),
};
