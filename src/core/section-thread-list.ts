import { invalidRequest, RpcError } from "../protocol/errors.js";
import type { ThreadSortKey } from "../protocol/thread.js";
import { decodeCursor, encodeCursor } from "../store/cursor.js";
import type { StoredThread } from "../store/sqlite-store.js";
import type { SectionMembership } from "../store/thread-sections.js";
import type { ThreadManager } from "./thread-manager.js";

/** thread/list with a `sectionId`: the section's threads, filtered and paged here (a section holds few threads). */
export interface SectionThreadQuery {
  sectionId: string;
  sortKey: ThreadSortKey;
  direction: "asc" | "desc";
  limit: number;
  cursor: string | null;
  archived: boolean;
  cwds: string[] | null;
  searchTerm: string | null;
  modelProviders: string[] | null;
  excludedIds: readonly string[];
}

export interface SectionThreadPage {
  rows: StoredThread[];
  nextCursor: string | null;
  backwardsCursor: string | null;
}

interface Candidate {
  stored: StoredThread;
  membership: SectionMembership;
}

/** A member as a listing row: its stored row, or the loaded record of a durable thread not stored yet. */
function candidate(threads: ThreadManager, membership: SectionMembership): Candidate | undefined {
  const stored = threads.store.getThread(membership.threadId);
  if (stored) return { stored, membership };
  const loaded = threads.findLoaded(membership.threadId);
  if (!loaded || loaded.ephemeral) return undefined;
  return { stored: { record: loaded.record, historyMode: loaded.historyMode, readState: loaded.readState }, membership };
}

function matches(query: SectionThreadQuery, { stored }: Candidate): boolean {
  const record = stored.record;
  if (record.archived !== query.archived) return false;
  if (query.excludedIds.includes(record.id)) return false;
  if (query.cwds && !query.cwds.includes(record.cwd)) return false;
  if (query.modelProviders && !query.modelProviders.includes(record.modelProvider)) return false;
  if (query.searchTerm && !(record.name ?? "").includes(query.searchTerm) && !record.preview.includes(query.searchTerm)) return false;
  return true;
}

/** Section order: `position|threadId`, as the reference writes it. */
function positionCursor(text: string): { position: number; id: string } {
  const match = /^(-?\d+)\|(.+)$/.exec(text);
  if (!match) throw invalidRequest(`invalid cursor: ${text}`);
  return { position: Number(match[1]), id: match[2]! };
}

function afterPosition(candidates: Candidate[], cursor: { position: number; id: string } | null): Candidate[] {
  if (!cursor) return candidates;
  return candidates.filter(({ membership: m }) => m.position > cursor.position || (m.position === cursor.position && m.threadId > cursor.id));
}

export function listSectionThreads(threads: ThreadManager, query: SectionThreadQuery): SectionThreadPage {
  const members = threads.store.sections.members(query.sectionId);
  const candidates = members.flatMap((membership) => {
    const found = candidate(threads, membership);
    return found && matches(query, found) ? [found] : [];
  });

  if (query.sortKey === "section_position") {
    // Top of the section first, whatever the direction (as the reference lists it).
    const cursor = query.cursor === null ? null : positionCursor(query.cursor);
    const page = afterPosition(candidates, cursor);
    const rows = page.slice(0, query.limit);
    const first = rows[0];
    const last = rows.at(-1);
    return {
      rows: rows.map((c) => c.stored),
      nextCursor: page.length > query.limit && last ? `${last.membership.position}|${last.membership.threadId}` : null,
      backwardsCursor: first ? `${first.membership.position + 1}|${first.membership.threadId}` : null,
    };
  }

  const sortKey = query.sortKey;
  const column = (c: Candidate) =>
    sortKey === "created_at" ? c.stored.record.createdAt : sortKey === "updated_at" ? c.stored.record.updatedAt : (c.stored.record.recencyAt ?? c.stored.record.updatedAt);
  const sign = query.direction === "desc" ? -1 : 1;
  candidates.sort((a, b) => sign * (column(a) - column(b) || (a.stored.record.id < b.stored.record.id ? -1 : a.stored.record.id > b.stored.record.id ? 1 : 0)));
  let page = candidates;
  if (query.cursor !== null) {
    let cursor;
    try {
      cursor = decodeCursor(query.cursor, sortKey);
    } catch (error) {
      if (error instanceof RpcError) throw invalidRequest(error.message);
      throw error;
    }
    const anchor = { value: cursor.value, id: cursor.id };
    page = candidates.filter((c) => {
      const order = sign * (column(c) - anchor.value || (c.stored.record.id < anchor.id ? -1 : c.stored.record.id > anchor.id ? 1 : 0));
      return cursor.inclusive ? order >= 0 : order > 0;
    });
  }
  const rows = page.slice(0, query.limit);
  const first = rows[0];
  const last = rows.at(-1);
  return {
    rows: rows.map((c) => c.stored),
    nextCursor: page.length > query.limit && last ? encodeCursor({ kind: sortKey, value: column(last), id: last.stored.record.id, inclusive: false }) : null,
    backwardsCursor: first ? encodeCursor({ kind: sortKey, value: column(first), id: first.stored.record.id, inclusive: true }) : null,
  };
}
