import { z } from "zod";
import { Int } from "./common.js";
import { AbsolutePathBuf } from "./fs.js";
import { named } from "./schema-meta.js";

/** The experimental `process/*` family: standalone, unsandboxed processes keyed by a client-chosen, connection-scoped handle. */

export const ProcessTerminalSize = named(
  "ProcessTerminalSize",
  z.object({ rows: Int.min(0).max(65_535), cols: Int.min(0).max(65_535) }),
);
export type ProcessTerminalSize = z.infer<typeof ProcessTerminalSize>;

export const ProcessSpawnParams = named(
  "ProcessSpawnParams",
  z.object({
    command: z.array(z.string()),
    processHandle: z.string(),
    cwd: AbsolutePathBuf,
    tty: z.boolean().optional(),
    streamStdin: z.boolean().optional(),
    streamStdoutStderr: z.boolean().optional(),
    /** Omitted: the server default; `null`: no cap. */
    outputBytesCap: Int.nonnegative().nullish(),
    /** Omitted: the server default; `null`: no timeout. */
    timeoutMs: Int.nullish(),
    env: z.record(z.string().nullable()).nullish(),
    size: ProcessTerminalSize.nullish(),
  }),
);
export type ProcessSpawnParams = z.infer<typeof ProcessSpawnParams>;
/** Sent once the process started; its output and exit follow as notifications. */
export const ProcessSpawnResponse = named("ProcessSpawnResponse", z.object({}));

export const ProcessWriteStdinParams = named(
  "ProcessWriteStdinParams",
  z.object({ processHandle: z.string(), deltaBase64: z.string().nullish(), closeStdin: z.boolean().optional() }),
);
export type ProcessWriteStdinParams = z.infer<typeof ProcessWriteStdinParams>;
export const ProcessWriteStdinResponse = named("ProcessWriteStdinResponse", z.object({}));

export const ProcessKillParams = named("ProcessKillParams", z.object({ processHandle: z.string() }));
export type ProcessKillParams = z.infer<typeof ProcessKillParams>;
export const ProcessKillResponse = named("ProcessKillResponse", z.object({}));

export const ProcessResizePtyParams = named(
  "ProcessResizePtyParams",
  z.object({ processHandle: z.string(), size: ProcessTerminalSize }),
);
export type ProcessResizePtyParams = z.infer<typeof ProcessResizePtyParams>;
export const ProcessResizePtyResponse = named("ProcessResizePtyResponse", z.object({}));

export const ProcessOutputStream = named("ProcessOutputStream", z.enum(["stdout", "stderr"]));

/** Connection-scoped, like the process itself. */
export const ProcessOutputDeltaNotification = named(
  "ProcessOutputDeltaNotification",
  z.object({
    processHandle: z.string(),
    stream: ProcessOutputStream,
    deltaBase64: z.string(),
    capReached: z.boolean(),
  }),
);

/** The last message about a process: after all its output deltas. */
export const ProcessExitedNotification = named(
  "ProcessExitedNotification",
  z.object({
    processHandle: z.string(),
    exitCode: Int,
    outputDrainTimedOut: z.boolean().nullish(),
    stdout: z.string(),
    stdoutCapReached: z.boolean(),
    stderr: z.string(),
    stderrCapReached: z.boolean(),
  }),
);
