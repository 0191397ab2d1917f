// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { JsonValue } from "./JsonValue";
import type { RequestId } from "./RequestId";
import type { W3cTraceContext } from "./W3cTraceContext";

/**
 * A request that expects a response.
 */
export type JSONRPCRequest = {
  id: RequestId;
  method: string;
  params?: JsonValue;
  /**
   * Optional W3C Trace Context for distributed tracing.
   */
  trace?: W3cTraceContext | null;
};
