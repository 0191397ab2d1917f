// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { CommandExecOutputStream } from "./CommandExecOutputStream";

export type CommandExecOutputDeltaNotification = {
  processId: string;
  stream: CommandExecOutputStream;
  deltaBase64: string;
  capReached: boolean;
};
