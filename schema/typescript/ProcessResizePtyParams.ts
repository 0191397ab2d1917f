// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ProcessTerminalSize } from "./ProcessTerminalSize";

export type ProcessResizePtyParams = {
  processHandle: string;
  size: ProcessTerminalSize;
};
