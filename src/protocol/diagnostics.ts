import { z } from "zod";
import { Int } from "./common.js";
import { named } from "./schema-meta.js";

export const ServerDiagnosticsParams = named("ServerDiagnosticsParams", z.object({}));

export const ServerDiagnosticsProcess = named(
  "ServerDiagnosticsProcess",
  z.object({
    id: Int.nonnegative(),
    residentMemoryBytes: Int.nonnegative().nullable(),
    /** macOS only in the reference; null elsewhere. */
    physicalFootprintBytes: Int.nonnegative().nullable(),
  }),
);

export const ServerDiagnosticsGauge = named("ServerDiagnosticsGauge", z.object({ name: z.string(), value: Int.nonnegative() }));

export const ServerDiagnosticsResponse = named(
  "ServerDiagnosticsResponse",
  z.object({ process: ServerDiagnosticsProcess, gauges: z.array(ServerDiagnosticsGauge) }),
);
export type ServerDiagnosticsResponse = z.infer<typeof ServerDiagnosticsResponse>;
