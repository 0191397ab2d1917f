// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { JsonValue } from "./JsonValue";

/**
 * A notification which does not expect a response.
 */
export type JSONRPCNotification = {
  method: string;
  params?: JsonValue;
};
