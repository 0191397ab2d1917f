import { invalidRequest } from "../protocol/errors.js";
import type { ThreadSearchParams, ThreadSearchResponse } from "../protocol/thread-search.js";
import { checkThreadListCursor, encodeCursor } from "../store/cursor.js";
import type { StoredThread } from "../store/sqlite-store.js";
import { excerptAroundFirstMatch } from "./search-text.js";
import type { ThreadManager } from "./thread-manager.js";
import { protocolThreadFromStore } from "./wire-shapes.js";

/**
 * thread/search: stored threads whose conversation (user messages and
 * assistant answers) contains the term, case-insensitively, each with a
 * snippet around its first occurrence; listed and paged like thread/list
 * (same sort keys and cursors), scanning the listing in chunks until a page
 * is full.
 */

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 1000;
const INTERACTIVE_SOURCE_KINDS = ["cli", "vscode"];

type SortKey = "created_at" | "updated_at" | "recency_at";

function sortValue(stored: StoredThread, sortKey: SortKey): number {
  const record = stored.record;
  return sortKey === "created_at" ? record.createdAt : sortKey === "updated_at" ? record.updatedAt : (record.recencyAt ?? record.updatedAt);
}

/** The snippet of the thread's first message containing `term`, in history order. */
function conversationSnippet(threads: ThreadManager, threadId: string, term: string): string | undefined {
  for (const stored of threads.store.itemsOfTurns(threadId, null)) {
    const item = stored.item as { type: string; content?: Array<{ type: string; text?: string }>; text?: string };
    let text: string | undefined;
    if (item.type === "userMessage") {
      text = (item.content ?? []).flatMap((part) => (part.type === "text" && typeof part.text === "string" ? [part.text] : [])).join(" ");
    } else if (item.type === "agentMessage" && typeof item.text === "string") {
      text = item.text;
    }
    if (text === undefined || text.trim().length === 0) continue;
    const snippet = excerptAroundFirstMatch(text, term);
    if (snippet !== undefined) return snippet;
  }
  return undefined;
}

export function searchThreads(threads: ThreadManager, params: ThreadSearchParams): ThreadSearchResponse {
  if (params.searchTerm.trim().length === 0) throw invalidRequest("thread/search requires a non-empty searchTerm");
  const term = params.searchTerm;
  const sortKey: SortKey = params.sortKey ?? "created_at";
  const direction = params.sortDirection ?? "desc";
  const limit = params.limit ? Math.min(params.limit, MAX_LIMIT) : DEFAULT_LIMIT;
  if (typeof params.cursor === "string") checkThreadListCursor(params.cursor, sortKey);
  const scanSize = Math.min(Math.max(limit * 8, 256), 2048);
  const found: Array<{ stored: StoredThread; snippet: string }> = [];
  let cursor = params.cursor ? params.cursor : null;
  do {
    const page = threads.store.listThreads({
      limit: scanSize,
      cursor,
      sortKey,
      direction,
      archived: params.archived === true,
      cwds: null,
      searchTerm: null,
      modelProviders: null,
      sourceKinds: params.sourceKinds && params.sourceKinds.length > 0 ? params.sourceKinds : INTERACTIVE_SOURCE_KINDS,
      parentThreadId: null,
      ancestorThreadId: null,
      excludedIds: null,
    });
    for (const stored of page.rows) {
      const snippet = conversationSnippet(threads, stored.record.id, term);
      if (snippet === undefined) continue;
      found.push({ stored, snippet });
      if (found.length > limit) break;
    }
    cursor = page.nextCursor;
  } while (found.length <= limit && cursor !== null);

  const more = found.length > limit;
  if (more) found.length = limit;
  const first = found[0];
  const last = found.at(-1);
  const cursorAt = (stored: StoredThread, inclusive: boolean) =>
    encodeCursor({ kind: sortKey, value: sortValue(stored, sortKey), id: stored.record.id, inclusive });
  return {
    data: found.map(({ stored, snippet }) => ({ thread: protocolThreadFromStore(threads, stored, { listing: true }), snippet })),
    nextCursor: more && last ? cursorAt(last.stored, false) : null,
    backwardsCursor: first ? cursorAt(first.stored, true) : null,
  };
}
