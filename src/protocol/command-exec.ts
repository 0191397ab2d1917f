import { z } from "zod";
import { Int } from "./common.js";
import { SandboxPolicy } from "./policy.js";
import { experimental, named } from "./schema-meta.js";

/** PTY size in character cells (u16 each). */
export const CommandExecTerminalSize = named(
  "CommandExecTerminalSize",
  z.object({ rows: Int.min(0).max(65_535), cols: Int.min(0).max(65_535) }),
);
export type CommandExecTerminalSize = z.infer<typeof CommandExecTerminalSize>;

/** `command/exec`: a standalone command (argv) outside any thread, in the server sandbox. */
export const CommandExecParams = named(
  "CommandExecParams",
  z.object({
    command: z.array(z.string()),
    processId: z.string().nullish(),
    tty: z.boolean().optional(),
    streamStdin: z.boolean().optional(),
    streamStdoutStderr: z.boolean().optional(),
    outputBytesCap: Int.nonnegative().nullish(),
    disableOutputCap: z.boolean().optional(),
    disableTimeout: z.boolean().optional(),
    timeoutMs: Int.nullish(),
    cwd: z.string().nullish(),
    env: z.record(z.string().nullable()).nullish(),
    size: CommandExecTerminalSize.nullish(),
    sandboxPolicy: SandboxPolicy.nullish(),
    permissionProfile: experimental(z.string().nullish()),
  }),
);
export type CommandExecParams = z.infer<typeof CommandExecParams>;

/** Sent after the process exited and after all its output deltas. */
export const CommandExecResponse = named(
  "CommandExecResponse",
  z.object({ exitCode: Int, stdout: z.string(), stderr: z.string() }),
);
export type CommandExecResponse = z.infer<typeof CommandExecResponse>;

export const CommandExecWriteParams = named(
  "CommandExecWriteParams",
  z.object({ processId: z.string(), deltaBase64: z.string().nullish(), closeStdin: z.boolean().optional() }),
);
export type CommandExecWriteParams = z.infer<typeof CommandExecWriteParams>;
export const CommandExecWriteResponse = named("CommandExecWriteResponse", z.object({}));

export const CommandExecTerminateParams = named("CommandExecTerminateParams", z.object({ processId: z.string() }));
export type CommandExecTerminateParams = z.infer<typeof CommandExecTerminateParams>;
export const CommandExecTerminateResponse = named("CommandExecTerminateResponse", z.object({}));

export const CommandExecResizeParams = named(
  "CommandExecResizeParams",
  z.object({ processId: z.string(), size: CommandExecTerminalSize }),
);
export type CommandExecResizeParams = z.infer<typeof CommandExecResizeParams>;
export const CommandExecResizeResponse = named("CommandExecResizeResponse", z.object({}));

export const CommandExecOutputStream = named("CommandExecOutputStream", z.enum(["stdout", "stderr"]));
export type CommandExecOutputStream = z.infer<typeof CommandExecOutputStream>;

/** Connection-scoped: only the connection that started the process receives it. */
export const CommandExecOutputDeltaNotification = named(
  "CommandExecOutputDeltaNotification",
  z.object({
    processId: z.string(),
    stream: CommandExecOutputStream,
    deltaBase64: z.string(),
    capReached: z.boolean(),
  }),
);
export type CommandExecOutputDeltaNotification = z.infer<typeof CommandExecOutputDeltaNotification>;
