import type { JsonValue } from "../../protocol/common.js";
import { CodeModeCell, type CellHost, type CellLimits, type CellResponse, type NestedToolInfo } from "./cell.js";

/** Default limits of one cell; `AGENT_APP_SERVER_CODE_MODE_*` override them (tests use short ones). */
function limitsFromEnv(): CellLimits {
  const number = (name: string, fallback: number) => {
    const value = Number(process.env[name]);
    return Number.isFinite(value) && value > 0 ? value : fallback;
  };
  return {
    heapMb: number("AGENT_APP_SERVER_CODE_MODE_HEAP_MB", 256),
    wallClockMs: number("AGENT_APP_SERVER_CODE_MODE_WALL_CLOCK_MS", 15 * 60_000),
  };
}

/**
 * A thread's code-mode state: its live `exec` cells by cell id and the
 * values scripts `store()` for later cells. Cells are ended when the turn
 * that started them ends (and on unload), so a cell's nested tool calls
 * always belong to a running turn.
 */
export class CodeModeSession {
  private readonly cells = new Map<string, { cell: CodeModeCell; turnId: string; startedAtMs: number; callId: string; notes: string[] }>();
  private stored: Record<string, JsonValue> = {};
  private nextCellId = 1;
  readonly limits: CellLimits = limitsFromEnv();

  start(turnId: string, callId: string, source: string, tools: readonly NestedToolInfo[], callTool: CellHost["callTool"]): { id: string; cell: CodeModeCell } {
    const id = String(this.nextCellId++);
    const notes: string[] = [];
    const host: CellHost = { callTool, notify: (text) => notes.push(text), onStored: (values) => (this.stored = values) };
    const cell = new CodeModeCell(id, source, tools, this.stored, host, this.limits);
    this.cells.set(id, { cell, turnId, startedAtMs: Date.now(), callId, notes });
    return { id, cell };
  }

  /** What `notify()` sent since the last answer, with the call id of the `exec` call that started the cell. */
  takeNotes(id: string): { callId: string; notes: string[] } | null {
    const entry = this.cells.get(id);
    return entry ? { callId: entry.callId, notes: entry.notes.splice(0) } : null;
  }

  get(id: string): CodeModeCell | undefined {
    return this.cells.get(id)?.cell;
  }

  /** A cell whose end was reported to the model is forgotten. */
  settle(id: string, response: CellResponse): void {
    if (response.kind !== "yielded") this.cells.delete(id);
  }

  /** Ends the cells a turn started (its end, interrupt or the thread's unload). */
  endTurn(turnId: string): void {
    for (const [id, entry] of this.cells) {
      if (entry.turnId !== turnId) continue;
      entry.cell.terminate();
      this.cells.delete(id);
    }
  }

  closeAll(): void {
    for (const entry of this.cells.values()) entry.cell.terminate();
    this.cells.clear();
  }
}
