/**
 * Line diffs (Myers' O(ND) algorithm) rendered as unified diff hunks.
 */

export type DiffOp = { kind: "equal" | "delete" | "insert"; line: string };

/** Splits text into lines without their `\n`; a final newline does not add an empty line. */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** The shortest edit script turning `a` into `b`. */
export function diffLines(a: readonly string[], b: readonly string[]): DiffOp[] {
  // Trim the common prefix and suffix first: most edits are small.
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  const ops: DiffOp[] = [];
  for (let i = 0; i < prefix; i++) ops.push({ kind: "equal", line: a[i]! });
  ops.push(...myers(midA, midB));
  for (let i = a.length - suffix; i < a.length; i++) ops.push({ kind: "equal", line: a[i]! });
  return ops;
}

function myers(a: readonly string[], b: readonly string[]): DiffOp[] {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((line) => ({ kind: "insert", line }));
  if (m === 0) return a.map((line) => ({ kind: "delete", line }));
  const max = n + m;
  const offset = max;
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)) x = v[offset + k + 1]!;
      else x = v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Backtrack.
  const ops: DiffOp[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    let prevK: number;
    if (k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!)) prevK = k + 1;
    else prevK = k - 1;
    const prevX = vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: "equal", line: a[x - 1]! });
      x--;
      y--;
    }
    if (d > 0) {
      if (x === prevX) ops.push({ kind: "insert", line: b[y - 1]! });
      else ops.push({ kind: "delete", line: a[x - 1]! });
    }
    x = prevX;
    y = prevY;
  }
  return ops.reverse();
}

function range(start: number, count: number): string {
  // Unified diff convention: an empty range starts one line before.
  if (count === 0) return `${start},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
}

const NO_EOL = "\u0000\\ No newline at end of file";

function linesWithEolMarker(text: string): string[] {
  const lines = splitLines(text);
  if (text !== "" && !text.endsWith("\n")) lines[lines.length - 1] += NO_EOL;
  return lines;
}

function renderLine(prefix: string, line: string): string {
  return line.endsWith(NO_EOL) ? `${prefix}${line.slice(0, -NO_EOL.length)}\n\\ No newline at end of file\n` : `${prefix}${line}\n`;
}

/**
 * Unified diff hunks (`@@ -a,b +c,d @@` + lines) between two texts, with
 * `context` lines around changes; `""` when they are equal. A missing final
 * newline is marked with `\ No newline at end of file`.
 */
export function unifiedDiffHunks(oldText: string, newText: string, context = 3): string {
  const ops = diffLines(linesWithEolMarker(oldText), linesWithEolMarker(newText));
  const groups: Array<[number, number]> = [];
  ops.forEach((op, i) => {
    if (op.kind === "equal") return;
    const start = Math.max(0, i - context);
    const end = Math.min(ops.length - 1, i + context);
    const lastGroup = groups.at(-1);
    if (lastGroup && start <= lastGroup[1] + 1) lastGroup[1] = Math.max(lastGroup[1], end);
    else groups.push([start, end]);
  });
  let out = "";
  let oldPos = 0;
  let newPos = 0;
  let cursor = 0;
  for (const [start, end] of groups) {
    for (; cursor < start; cursor++) {
      const op = ops[cursor]!;
      if (op.kind !== "insert") oldPos++;
      if (op.kind !== "delete") newPos++;
    }
    const oldStart = oldPos;
    const newStart = newPos;
    let body = "";
    for (; cursor <= end; cursor++) {
      const op = ops[cursor]!;
      body += renderLine(op.kind === "equal" ? " " : op.kind === "delete" ? "-" : "+", op.line);
      if (op.kind !== "insert") oldPos++;
      if (op.kind !== "delete") newPos++;
    }
    const oldCount = oldPos - oldStart;
    const newCount = newPos - newStart;
    out += `@@ -${range(oldCount === 0 ? oldStart : oldStart + 1, oldCount)} +${range(newCount === 0 ? newStart : newStart + 1, newCount)} @@\n${body}`;
  }
  return out;
}
