// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { CodexErrorInfo } from "./CodexErrorInfo";
import type { JsonValue } from "./JsonValue";

export type TurnError = {
  message: string;
  codexErrorInfo: CodexErrorInfo | null;
  additionalDetails: string | null;
  misalignment?: JsonValue | null;
};
