// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { UserInput } from "./UserInput";

export type QueuedSubmission = {
  id: string;
  input: Array<UserInput>;
  clientUserMessageId: string;
  responsesapiClientMetadata: { [key: string]: string } | null;
};
