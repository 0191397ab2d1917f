/**
 * The remote (ChatGPT) plugin catalog. This server has no client for it yet:
 * without ChatGPT sign-in it answers what the reference answers; with it, an
 * internal error says the catalog is not available.
 */
import { internalError, invalidRequest, type RpcError } from "../../protocol/errors.js";

const AUTH_REQUIRED = "chatgpt authentication required for remote plugin catalog";

/** The reference's error for a remote catalog call made in `context` (e.g. `list remote plugin shares`). */
export function remoteCatalogRequired(context: string, unavailable?: string): RpcError {
  return unavailable === undefined ? invalidRequest(`${context}: ${AUTH_REQUIRED}`) : internalError(`${context}: ${unavailable}`);
}

/** Fails a remote catalog call: the auth error without ChatGPT sign-in, else "not available". */
export function remoteCatalogCall(context: string, hasChatgptAuth: boolean): never {
  throw remoteCatalogRequired(context, hasChatgptAuth ? "remote plugin catalog is not available" : undefined);
}
