import { z } from "zod";
import { JsonValue, RequestId } from "./common.js";
import { named } from "./schema-meta.js";

/**
 * The JSON-RPC envelope as published in the reference schema (`JSONRPCMessage.json` & co).
 * The `jsonrpc: "2.0"` member is never sent and not required. These schemas exist so the
 * generated fixtures come from zod like every other type; the transport does not parse with them.
 */

export const W3cTraceContext = named(
  "W3cTraceContext",
  z.object({
    traceparent: z.string().nullish(),
    tracestate: z.string().nullish(),
  }),
);

export const JSONRPCRequest = named(
  "JSONRPCRequest",
  z
    .object({
      id: RequestId,
      method: z.string(),
      params: JsonValue.optional(),
      trace: W3cTraceContext.nullish().describe("Optional W3C Trace Context for distributed tracing."),
    })
    .describe("A request that expects a response."),
);

export const JSONRPCNotification = named(
  "JSONRPCNotification",
  z
    .object({
      method: z.string(),
      params: JsonValue.optional(),
    })
    .describe("A notification which does not expect a response."),
);

export const JSONRPCResponse = named(
  "JSONRPCResponse",
  z
    .object({
      id: RequestId,
      result: JsonValue,
    })
    .describe("A successful (non-error) response to a request."),
);

export const JSONRPCErrorError = named(
  "JSONRPCErrorError",
  z.object({
    code: z.number().int(),
    message: z.string(),
    data: JsonValue.optional(),
  }),
);

export const JSONRPCError = named(
  "JSONRPCError",
  z
    .object({
      error: JSONRPCErrorError,
      id: RequestId,
    })
    .describe("A response to a request that indicates an error occurred."),
);

export const JSONRPCMessage = named(
  "JSONRPCMessage",
  z
    .union([JSONRPCRequest, JSONRPCNotification, JSONRPCResponse, JSONRPCError])
    .describe("Refers to any valid JSON-RPC object that can be decoded off the wire, or encoded to be sent."),
);

/** The envelope types, in the order their fixture files are written. */
export const envelopeTypeNames = [
  "JSONRPCMessage",
  "JSONRPCRequest",
  "JSONRPCNotification",
  "JSONRPCResponse",
  "JSONRPCError",
  "JSONRPCErrorError",
  "RequestId",
] as const;
