// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { UserInput } from "./UserInput";

export type ThreadQueueAddParams = {
  threadId: string;
  clientUserMessageId: string;
  input: Array<UserInput>;
  responsesapiClientMetadata?: { [key: string]: string } | null;
};
