// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { JSONRPCErrorError } from "./JSONRPCErrorError";
import type { RequestId } from "./RequestId";

/**
 * A response to a request that indicates an error occurred.
 */
export type JSONRPCError = {
  error: JSONRPCErrorError;
  id: RequestId;
};
