import type Database from "better-sqlite3";
import type { StatementCache } from "./statement-cache.js";

/** The built-in section every store has (the reference's fixed id); it can be neither renamed nor deleted. */
export const PINNED_SECTION_ID = "01984de2-8f74-7c91-a3b2-5c5e937cf318";

/** Gap between neighbouring positions, so a thread can usually be inserted between two without renumbering. */
export const SECTION_POSITION_STEP = 1_000_000;

export interface StoredSectionAppearance {
  color?: string | null;
  icon?: string | null;
}

export interface StoredSection {
  id: string;
  name: string;
  appearance: StoredSectionAppearance | null;
}

export interface SectionMembership {
  threadId: string;
  sectionId: string;
  position: number;
  enteredAtMs: number;
}

interface SectionRow {
  id: string;
  name: string;
  appearance: string | null;
  ordinal: number;
}

interface MemberRow {
  thread_id: string;
  section_id: string;
  position: number;
  entered_at_ms: number;
}

function rowToSection(row: SectionRow): StoredSection {
  return { id: row.id, name: row.name, appearance: row.appearance === null ? null : (JSON.parse(row.appearance) as StoredSectionAppearance) };
}

function rowToMembership(row: MemberRow): SectionMembership {
  return { threadId: row.thread_id, sectionId: row.section_id, position: row.position, enteredAtMs: row.entered_at_ms };
}

/**
 * Thread sections and which thread sits where, in the thread database
 * (tables of migration v6). Sections keep their creation order (`ordinal`);
 * a thread is in at most one section, at an integer position within it.
 */
export class ThreadSectionStore {
  /** Whether any thread is filed in a section (known after the first look): most stores have none, and threads are shaped often. */
  private anyMembers: boolean | undefined;

  constructor(
    private readonly db: Database.Database,
    /** The connection's statements, shared with the thread store. */
    private readonly statements: StatementCache,
  ) {}

  private stmt(sql: string): Database.Statement {
    return this.statements.get(sql);
  }

  get(id: string): StoredSection | undefined {
    const row = this.stmt("SELECT id, name, appearance, ordinal FROM thread_sections WHERE id = ?").get(id) as SectionRow | undefined;
    return row ? rowToSection(row) : undefined;
  }

  /** Sections in creation order after section `afterId` (none: from the first); an unknown `afterId` pages past the end. */
  list(afterId: string | null, limit: number): { sections: StoredSection[]; more: boolean } {
    let rows: SectionRow[];
    if (afterId === null) {
      rows = this.stmt("SELECT id, name, appearance, ordinal FROM thread_sections ORDER BY ordinal, id LIMIT ?").all(limit + 1) as SectionRow[];
    } else {
      const anchor = this.stmt("SELECT ordinal FROM thread_sections WHERE id = ?").pluck().get(afterId) as number | undefined;
      if (anchor === undefined) return { sections: [], more: false };
      rows = this.stmt(
        "SELECT id, name, appearance, ordinal FROM thread_sections WHERE (ordinal, id) > (?, ?) ORDER BY ordinal, id LIMIT ?",
      ).all(anchor, afterId, limit + 1) as SectionRow[];
    }
    const more = rows.length > limit;
    if (more) rows.length = limit;
    return { sections: rows.map(rowToSection), more };
  }

  create(section: StoredSection): void {
    this.stmt(
      "INSERT INTO thread_sections (id, name, appearance, ordinal) VALUES (?, ?, ?, (SELECT COALESCE(MAX(ordinal), 0) + 1 FROM thread_sections))",
    ).run(section.id, section.name, section.appearance === null ? null : JSON.stringify(section.appearance));
  }

  /** Renames (and, unless `appearance` is undefined, restyles) a section; false when it does not exist. */
  update(id: string, name: string, appearance: StoredSectionAppearance | null | undefined): boolean {
    if (appearance === undefined) return this.stmt("UPDATE thread_sections SET name = ? WHERE id = ?").run(name, id).changes > 0;
    return (
      this.stmt("UPDATE thread_sections SET name = ?, appearance = ? WHERE id = ?").run(
        name,
        appearance === null ? null : JSON.stringify(appearance),
        id,
      ).changes > 0
    );
  }

  /** Deletes a section; its threads become unsectioned. False when it does not exist. */
  delete(id: string): boolean {
    return this.db.transaction(() => {
      this.stmt("DELETE FROM thread_section_members WHERE section_id = ?").run(id);
      this.anyMembers = undefined;
      return this.stmt("DELETE FROM thread_sections WHERE id = ?").run(id).changes > 0;
    })();
  }

  membership(threadId: string): SectionMembership | undefined {
    if (this.anyMembers === undefined) this.anyMembers = this.stmt("SELECT 1 FROM thread_section_members LIMIT 1").get() !== undefined;
    if (!this.anyMembers) return undefined;
    const row = this.stmt("SELECT thread_id, section_id, position, entered_at_ms FROM thread_section_members WHERE thread_id = ?").get(
      threadId,
    ) as MemberRow | undefined;
    return row ? rowToMembership(row) : undefined;
  }

  /** Takes a deleted thread out of its section. */
  removeThread(threadId: string): void {
    this.stmt("DELETE FROM thread_section_members WHERE thread_id = ?").run(threadId);
    this.anyMembers = undefined;
  }

  /** A section's threads in position order. */
  members(sectionId: string): SectionMembership[] {
    const rows = this.stmt(
      "SELECT thread_id, section_id, position, entered_at_ms FROM thread_section_members WHERE section_id = ? ORDER BY position, thread_id",
    ).all(sectionId) as MemberRow[];
    return rows.map(rowToMembership);
  }

  /** Every thread filed in some section. */
  sectionedThreadIds(): string[] {
    return this.stmt("SELECT thread_id FROM thread_section_members").pluck().all() as string[];
  }

  /**
   * Files the thread in `sectionId` before `beforeThreadId` (null: at the end),
   * or takes it out of its section (`sectionId` null). A thread staying in its
   * section keeps its entry time.
   */
  move(threadId: string, sectionId: string | null, beforeThreadId: string | null, nowMs: number): void {
    this.db.transaction(() => {
      const current = this.membership(threadId);
      this.stmt("DELETE FROM thread_section_members WHERE thread_id = ?").run(threadId);
      this.anyMembers = undefined;
      if (sectionId === null) return;
      const enteredAtMs = current?.sectionId === sectionId ? current.enteredAtMs : nowMs;
      let others = this.members(sectionId);
      let position = this.positionBefore(others, beforeThreadId);
      if (position === null) {
        this.renumber(others);
        others = this.members(sectionId);
        position = this.positionBefore(others, beforeThreadId)!;
      }
      this.stmt("INSERT INTO thread_section_members (thread_id, section_id, position, entered_at_ms) VALUES (?, ?, ?, ?)").run(
        threadId,
        sectionId,
        position,
        enteredAtMs,
      );
      this.anyMembers = true;
    })();
  }

  /** A free position before `beforeThreadId` (or after the last member); null when there is no integer gap left there. */
  private positionBefore(members: readonly SectionMembership[], beforeThreadId: string | null): number | null {
    const index = beforeThreadId === null ? -1 : members.findIndex((member) => member.threadId === beforeThreadId);
    if (index === -1) return (members.at(-1)?.position ?? 0) + SECTION_POSITION_STEP;
    const next = members[index]!.position;
    const previous = index > 0 ? members[index - 1]!.position : 0;
    return next - previous >= 2 ? previous + Math.floor((next - previous) / 2) : null;
  }

  private renumber(members: readonly SectionMembership[]): void {
    const update = this.stmt("UPDATE thread_section_members SET position = ? WHERE thread_id = ?");
    members.forEach((member, index) => update.run((index + 1) * SECTION_POSITION_STEP, member.threadId));
  }
}
