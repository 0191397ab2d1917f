import { ErrorCode, RpcError, invalidRequest } from "../protocol/errors.js";
import { parseThreadId } from "./thread-id.js";
import type { ThreadManager } from "./thread-manager.js";

/**
 * app/read: this server has no app (connector) directory, so every requested
 * id is reported missing, deduplicated in first-request order.
 */

const MAX_APP_IDS = 100;

export function readApps(threads: ThreadManager, appIds: readonly string[], threadId: string | null | undefined) {
  if (appIds.length > MAX_APP_IDS) throw new RpcError(ErrorCode.invalidParams, `app/read accepts at most ${MAX_APP_IDS} appIds`);
  if (typeof threadId === "string") {
    const id = parseThreadId(threadId);
    if (!threads.findLoaded(id)) throw invalidRequest(`thread not found: ${id}`);
  }
  return { apps: [], missingAppIds: [...new Set(appIds)] };
}
