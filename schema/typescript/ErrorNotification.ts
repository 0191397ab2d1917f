// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { TurnError } from "./TurnError";

export type ErrorNotification = {
  error: TurnError;
  willRetry: boolean;
  threadId: string;
  turnId: string;
};
