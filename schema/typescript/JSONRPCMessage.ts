// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { JSONRPCError } from "./JSONRPCError";
import type { JSONRPCNotification } from "./JSONRPCNotification";
import type { JSONRPCRequest } from "./JSONRPCRequest";
import type { JSONRPCResponse } from "./JSONRPCResponse";

/**
 * Refers to any valid JSON-RPC object that can be decoded off the wire, or encoded to be sent.
 */
export type JSONRPCMessage = JSONRPCRequest | JSONRPCNotification | JSONRPCResponse | JSONRPCError;
