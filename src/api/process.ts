import type { HandlerTable } from "./context.js";
import { shellEnvironment } from "../core/tools/env.js";

export const processHandlers: Pick<HandlerTable, "process/spawn" | "process/writeStdin" | "process/kill" | "process/resizePty"> = {
  "process/spawn": (params, { services, connection }) =>
    services.processes.spawn(connection, params, {
      env: shellEnvironment(services.config.values as Record<string, unknown>),
      logger: connection.logger,
    }),
  "process/writeStdin": (params, { services, connection }) => services.processes.writeStdin(connection, params),
  "process/kill": (params, { services, connection }) => services.processes.kill(connection, params),
  "process/resizePty": (params, { services, connection }) => services.processes.resizePty(connection, params),
};
