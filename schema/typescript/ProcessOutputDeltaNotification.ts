// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ProcessOutputStream } from "./ProcessOutputStream";

export type ProcessOutputDeltaNotification = {
  processHandle: string;
  stream: ProcessOutputStream;
  deltaBase64: string;
  capReached: boolean;
};
