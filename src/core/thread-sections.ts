import { ErrorCode, invalidRequest, RpcError } from "../protocol/errors.js";
import type { ThreadSection, ThreadSectionAppearance, ThreadSectionMoveParams } from "../protocol/thread-sections.js";
import { PINNED_SECTION_ID, type StoredSection } from "../store/thread-sections.js";
import { parseUuid } from "../util/uuid.js";
import { newId, parseThreadId } from "./thread-id.js";
import type { ThreadManager } from "./thread-manager.js";

/**
 * threadSection/* and thread/section/move: sidebar sections kept in the
 * thread store. Section requests fail with -32602, moves with -32600, in the
 * reference's words.
 */

const DEFAULT_SECTION_PAGE = 25;
const MAX_SECTION_PAGE = 100;

function sectionError(message: string): RpcError {
  return new RpcError(ErrorCode.invalidParams, message);
}

function wireSection(section: StoredSection): ThreadSection {
  const appearance = section.appearance === null ? null : { icon: section.appearance.icon ?? null, color: section.appearance.color ?? null };
  return { id: section.id, name: section.name, appearance };
}

function storedAppearance(appearance: ThreadSectionAppearance | null | undefined) {
  if (appearance === undefined) return undefined;
  return appearance === null ? null : { icon: appearance.icon ?? null, color: appearance.color ?? null };
}

function sectionName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === "") throw sectionError("section name must not be empty");
  return trimmed;
}

function sectionIdOf(raw: string): string {
  const trimmed = raw.trim();
  if (trimmed === "") throw sectionError("sectionId must not be empty");
  return trimmed;
}

function notFound(id: string): RpcError {
  return sectionError(`thread section not found: ${id}`);
}

/** Sections in creation order, the built-in Pinned one first; the cursor is the last section's id. */
export function listSections(
  threads: ThreadManager,
  cursor: string | null | undefined,
  limit: number | null | undefined,
): { data: ThreadSection[]; nextCursor: string | null } {
  const pageSize = limit === null || limit === undefined ? DEFAULT_SECTION_PAGE : Math.min(Math.max(limit, 1), MAX_SECTION_PAGE);
  const page = threads.store.sections.list(cursor ?? null, pageSize);
  const last = page.sections.at(-1);
  return { data: page.sections.map(wireSection), nextCursor: page.more && last ? last.id : null };
}

export function createSection(threads: ThreadManager, name: string, appearance: ThreadSectionAppearance | null | undefined): ThreadSection {
  const section: StoredSection = { id: newId(), name: sectionName(name), appearance: storedAppearance(appearance) ?? null };
  threads.store.sections.create(section);
  return wireSection(section);
}

export function updateSection(
  threads: ThreadManager,
  rawId: string,
  name: string,
  appearance: ThreadSectionAppearance | null | undefined,
): ThreadSection {
  const id = sectionIdOf(rawId);
  if (id === PINNED_SECTION_ID) throw sectionError("the built-in pinned section cannot be renamed");
  const newName = sectionName(name);
  const sections = threads.store.sections;
  if (!sections.update(id, newName, storedAppearance(appearance))) throw notFound(id);
  return wireSection(sections.get(id)!);
}

export function deleteSection(threads: ThreadManager, rawId: string): void {
  const id = sectionIdOf(rawId);
  if (id === PINNED_SECTION_ID) throw sectionError("the built-in pinned section cannot be deleted");
  if (!threads.store.sections.delete(id)) throw notFound(id);
}

/** Whether the thread exists for section purposes: stored, or loaded and durable (a new thread is stored on its first turn). */
function checkMovableThread(threads: ThreadManager, id: string): void {
  const loaded = threads.findLoaded(id);
  if (loaded?.ephemeral) throw invalidRequest(`ephemeral thread does not support section moves: ${id}`);
  if (!loaded && !threads.store.hasThread(id)) throw invalidRequest(`thread not found: ${id}`);
}

/**
 * thread/section/move: files the thread in a section (before another of its
 * threads, or last) or takes it out. Returns the `thread/section/changed`
 * payload, sent even when nothing changed, as the reference does.
 */
export function moveThreadToSection(threads: ThreadManager, params: ThreadSectionMoveParams): { threadId: string; sectionId: string | null } {
  const threadId = parseThreadId(params.threadId);
  const sectionId = params.sectionId === null ? null : params.sectionId.trim();
  if (sectionId === "") throw invalidRequest("sectionId must not be empty");
  const beforeRaw = params.beforeThreadId ?? null;
  if (sectionId === null && beforeRaw !== null) throw invalidRequest("beforeThreadId requires a non-null sectionId");
  let beforeThreadId: string | null = null;
  if (beforeRaw !== null) {
    const parsed = parseUuid(beforeRaw);
    if (!parsed.ok) throw invalidRequest(`invalid before thread id: ${parsed.error}`);
    beforeThreadId = parsed.id;
  }
  if (beforeThreadId === threadId) throw invalidRequest(`thread ${threadId} cannot be moved before itself`);
  checkMovableThread(threads, threadId);
  const sections = threads.store.sections;
  if (sectionId !== null) {
    if (!sections.get(sectionId)) throw invalidRequest(`section ${sectionId} does not exist`);
    if (beforeThreadId !== null && sections.membership(beforeThreadId)?.sectionId !== sectionId) {
      throw invalidRequest(`before thread ${beforeThreadId} is not in section ${sectionId}`);
    }
  }
  sections.move(threadId, sectionId, beforeThreadId, Date.now());
  return { threadId, sectionId };
}

/** The `section` and `sectionEnteredAt` (Unix seconds) of a wire `Thread`. */
export function threadSectionFields(
  threads: ThreadManager,
  threadId: string,
  ephemeral: boolean,
): { section: ThreadSection | null; sectionEnteredAt: number | null } {
  if (ephemeral) return { section: null, sectionEnteredAt: null };
  // A thread never stored can be in a section only after a move, and a move opens the store.
  const loaded = threads.findLoaded(threadId);
  if (loaded && !loaded.persisted && !threads.storeOpened) return { section: null, sectionEnteredAt: null };
  const sections = threads.store.sections;
  const membership = sections.membership(threadId);
  const section = membership ? sections.get(membership.sectionId) : undefined;
  if (!membership || !section) return { section: null, sectionEnteredAt: null };
  return { section: wireSection(section), sectionEnteredAt: Math.floor(membership.enteredAtMs / 1000) };
}

/** A deleted thread leaves its section and loses its attachments. */
export function forgetOrganization(threads: ThreadManager, threadId: string): void {
  threads.store.transaction(() => {
    threads.store.sections.removeThread(threadId);
    threads.store.attachments.removeAllForThread(threadId);
  });
}
