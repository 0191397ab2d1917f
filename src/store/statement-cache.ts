import type Database from "better-sqlite3";

/**
 * Prepared statements of one connection, by SQL text: each statement is
 * prepared once. Bounded, since listing filters with IN-lists make many
 * shapes: past the bound the cache starts over.
 */
export class StatementCache {
  private readonly prepared = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly limit = 256,
  ) {}

  get(sql: string): Database.Statement {
    let statement = this.prepared.get(sql);
    if (!statement) {
      if (this.prepared.size >= this.limit) this.prepared.clear();
      statement = this.db.prepare(sql);
      this.prepared.set(sql, statement);
    }
    return statement;
  }
}
