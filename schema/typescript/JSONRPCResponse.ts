// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { JsonValue } from "./JsonValue";
import type { RequestId } from "./RequestId";

/**
 * A successful (non-error) response to a request.
 */
export type JSONRPCResponse = {
  id: RequestId;
  result: JsonValue;
};
