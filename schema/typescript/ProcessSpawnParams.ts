// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { AbsolutePathBuf } from "./AbsolutePathBuf";
import type { ProcessTerminalSize } from "./ProcessTerminalSize";

export type ProcessSpawnParams = {
  command: Array<string>;
  processHandle: string;
  cwd: AbsolutePathBuf;
  tty?: boolean;
  streamStdin?: boolean;
  streamStdoutStderr?: boolean;
  outputBytesCap?: number | null;
  timeoutMs?: number | null;
  env?: { [key: string]: string | null } | null;
  size?: ProcessTerminalSize | null;
};
