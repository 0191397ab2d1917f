import { invalidRequest } from "../protocol/errors.js";
import type { ThreadSearchOccurrence, ThreadSearchOccurrencesParams, ThreadSearchOccurrencesResponse } from "../protocol/thread-search.js";
import { encodeCursor } from "../store/cursor.js";
import type { StoredItem } from "../store/history.js";
import { findLiteral, markdownSearchText, matchSnippet } from "./search-text.js";
import { historyFor } from "./thread-operations.js";
import { parseThreadId } from "./thread-id.js";
import type { ThreadManager } from "./thread-manager.js";

/**
 * thread/searchOccurrences: every case-insensitive literal occurrence of the
 * term in one thread's user messages and in each turn's final assistant
 * answer, in history order, paged by a cursor that names the item and the
 * occurrence inside it to resume at.
 */

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;

interface OccurrenceCursor {
  threadId: string;
  searchTerm: string;
  nextRolloutOrdinal: number;
  nextOccurrenceIndex: number;
}

function parseCursor(text: string, threadId: string, searchTerm: string): OccurrenceCursor {
  let cursor: Partial<OccurrenceCursor> | null = null;
  try {
    cursor = JSON.parse(text) as Partial<OccurrenceCursor>;
  } catch {
    // Refused below.
  }
  if (
    cursor === null ||
    typeof cursor !== "object" ||
    cursor.threadId !== threadId ||
    cursor.searchTerm !== searchTerm ||
    !Number.isInteger(cursor.nextRolloutOrdinal) ||
    cursor.nextRolloutOrdinal! < 0 ||
    !Number.isInteger(cursor.nextOccurrenceIndex) ||
    cursor.nextOccurrenceIndex! < 0
  ) {
    throw invalidRequest(`invalid cursor: ${text}`);
  }
  return cursor as OccurrenceCursor;
}

/** The text a visible message is searched in; undefined for other items. */
function searchableText(stored: StoredItem): string | undefined {
  const item = stored.item as { type: string; content?: Array<{ type: string; text?: string }>; text?: string };
  if (item.type === "userMessage") {
    const text = (item.content ?? [])
      .filter((part) => part.type === "text" && typeof part.text === "string")
      .map((part) => part.text!)
      .join("");
    return text.length > 0 ? text : undefined;
  }
  if (item.type === "agentMessage" && typeof item.text === "string") {
    const text = markdownSearchText(item.text);
    return text.length > 0 ? text : undefined;
  }
  return undefined;
}

export function searchThreadOccurrences(threads: ThreadManager, params: ThreadSearchOccurrencesParams): ThreadSearchOccurrencesResponse {
  if (params.searchTerm.trim().length === 0) throw invalidRequest("thread/searchOccurrences requires a non-empty searchTerm");
  const threadId = parseThreadId(params.threadId);
  const limit = Math.min(Math.max(params.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
  const history = historyFor(threads, threadId, "thread/searchOccurrences");
  const cursor = params.cursor != null ? parseCursor(params.cursor, threadId, params.searchTerm) : null;

  const items = history.itemsOfTurns(threadId, null);
  const finalAnswerSeq = new Map<string, number>();
  for (const stored of items) if (stored.item.type === "agentMessage") finalAnswerSeq.set(stored.turnId, stored.seq);
  const turnCursors = new Map<string, string>();
  const turnCursor = (turnId: string): string => {
    let text = turnCursors.get(turnId);
    if (text === undefined) {
      const turn = history.getTurn(threadId, turnId);
      text = encodeCursor({ kind: "turn", value: turn?.seq ?? 0, id: turnId, inclusive: true });
      turnCursors.set(turnId, text);
    }
    return text;
  };

  const data: ThreadSearchOccurrence[] = [];
  for (const stored of items) {
    if (cursor && stored.seq < cursor.nextRolloutOrdinal) continue;
    const visible = stored.item.type === "userMessage" || finalAnswerSeq.get(stored.turnId) === stored.seq;
    const text = visible ? searchableText(stored) : undefined;
    if (text === undefined) continue;
    const skip = cursor && cursor.nextRolloutOrdinal === stored.seq ? cursor.nextOccurrenceIndex : 0;
    const matches = findLiteral(text, params.searchTerm);
    for (let index = skip; index < matches.length; index++) {
      if (data.length === limit) {
        const next: OccurrenceCursor = {
          threadId,
          searchTerm: params.searchTerm,
          nextRolloutOrdinal: stored.seq,
          nextOccurrenceIndex: index,
        };
        return { data, nextCursor: JSON.stringify(next) };
      }
      const { snippet, range } = matchSnippet(text, matches[index]!);
      data.push({ turnId: stored.turnId, itemId: stored.item.id, snippet, snippetMatchRange: range, turnCursor: turnCursor(stored.turnId) });
    }
  }
  return { data, nextCursor: null };
}
