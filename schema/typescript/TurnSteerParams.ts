// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { JsonValue } from "./JsonValue";
import type { UserInput } from "./UserInput";

export type TurnSteerParams = {
  threadId: string;
  input: Array<UserInput>;
  expectedTurnId: string;
  clientUserMessageId?: string | null;
  additionalContext?: { [key: string]: JsonValue } | null;
  responsesapiClientMetadata?: { [key: string]: string } | null;
  responsesapiClientMetadataPatch?: { [key: string]: string } | null;
};
