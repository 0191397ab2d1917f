// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { TextRange } from "./TextRange";

export type ConfigWarningNotification = {
  summary: string;
  details: string | null;
  path?: string;
  range?: TextRange;
};
