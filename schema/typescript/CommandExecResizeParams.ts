// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { CommandExecTerminalSize } from "./CommandExecTerminalSize";

export type CommandExecResizeParams = {
  processId: string;
  size: CommandExecTerminalSize;
};
