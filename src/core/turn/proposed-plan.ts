const OPEN_TAG = "<proposed_plan>";
const CLOSE_TAG = "</proposed_plan>";

/** A piece of assistant text in Plan mode: visible text, or the start, a line or the end of a `<proposed_plan>` block. */
export type PlanSegment =
  | { kind: "normal"; text: string }
  | { kind: "start" }
  | { kind: "delta"; text: string }
  | { kind: "end" };

/**
 * Splits streamed assistant text into visible text and `<proposed_plan>`
 * blocks (§7.5). A tag counts only on a line of its own (surrounding blanks
 * allowed), so text is held back only while the current line could still
 * turn out to be a tag line; everything else goes out as soon as it arrives.
 */
export class ProposedPlanParser {
  private pending = "";
  /** The current line already let text out: it can no longer be a tag line. */
  private lineIsText = false;
  private inside = false;

  push(delta: string): PlanSegment[] {
    const out: PlanSegment[] = [];
    this.pending += delta;
    for (let newline = this.pending.indexOf("\n"); newline !== -1; newline = this.pending.indexOf("\n")) {
      const line = this.pending.slice(0, newline + 1);
      this.pending = this.pending.slice(newline + 1);
      this.line(line, out);
      this.lineIsText = false;
    }
    if (this.pending !== "" && (this.lineIsText || !couldBeTag(this.pending))) {
      this.text(this.pending, out);
      this.pending = "";
      this.lineIsText = true;
    }
    return coalesce(out);
  }

  /** The end of the message: a held-back partial line, and the end of a block left open. */
  finish(): PlanSegment[] {
    const out: PlanSegment[] = [];
    if (this.pending !== "") this.line(this.pending, out);
    this.pending = "";
    this.lineIsText = false;
    if (this.inside) out.push({ kind: "end" });
    this.inside = false;
    return coalesce(out);
  }

  private line(line: string, out: PlanSegment[]): void {
    const trimmed = line.trim();
    if (!this.lineIsText && !this.inside && trimmed === OPEN_TAG) {
      this.inside = true;
      out.push({ kind: "start" });
    } else if (!this.lineIsText && this.inside && trimmed === CLOSE_TAG) {
      this.inside = false;
      out.push({ kind: "end" });
    } else {
      this.text(line, out);
    }
  }

  private text(text: string, out: PlanSegment[]): void {
    out.push(this.inside ? { kind: "delta", text } : { kind: "normal", text });
  }
}

/** What one piece of input yields goes out as one delta per run of visible or plan text, as the reference streams it. */
function coalesce(segments: PlanSegment[]): PlanSegment[] {
  const out: PlanSegment[] = [];
  for (const segment of segments) {
    const last = out[out.length - 1];
    if (last && (segment.kind === "normal" || segment.kind === "delta") && last.kind === segment.kind) last.text += segment.text;
    else out.push(segment.kind === "normal" || segment.kind === "delta" ? { ...segment } : segment);
  }
  return out;
}

function couldBeTag(partial: string): boolean {
  const start = partial.trimStart();
  return OPEN_TAG.startsWith(start) || CLOSE_TAG.startsWith(start) || start.startsWith(OPEN_TAG) || start.startsWith(CLOSE_TAG);
}

/** The visible text and the last plan block of a whole message (`plan` null when it has none). */
export function splitProposedPlan(text: string): { visible: string; plan: string | null } {
  const parser = new ProposedPlanParser();
  let visible = "";
  let plan: string | null = null;
  for (const segment of [...parser.push(text), ...parser.finish()]) {
    if (segment.kind === "normal") visible += segment.text;
    else if (segment.kind === "start") plan = "";
    else if (segment.kind === "delta") plan = (plan ?? "") + segment.text;
  }
  return { visible, plan };
}
