// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { JsonValue } from "./JsonValue";

export type JSONRPCErrorError = {
  code: number;
  message: string;
  data?: JsonValue;
};
