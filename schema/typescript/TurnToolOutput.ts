// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { JsonValue } from "./JsonValue";

export type TurnToolOutput = {
  name: string;
  namespace?: string | null;
  output: string | Array<JsonValue>;
  retain?: boolean;
};
