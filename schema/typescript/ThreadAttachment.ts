// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { JsonValue } from "./JsonValue";

export type ThreadAttachment = {
  id: string;
  attachmentType: string;
  identityKey: string;
  payload: JsonValue;
  createdAt: number;
};
