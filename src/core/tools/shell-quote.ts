/**
 * Shell quoting as the reference renders commands (`command` of a
 * commandExecution item, `commandActions[].command`): a word is cut into
 * chunks, each written bare when it can be, else in single quotes, else in
 * double quotes. A `^` always starts a quoted chunk of its own (zsh reads a
 * bare leading `^` as a glob).
 */

const BARE = 1;
const SINGLE = 2;
const DOUBLE = 4;

function quotingsFor(char: string): number {
  if (/^[A-Za-z0-9+\-./:@\]_]$/.test(char)) return BARE | SINGLE | DOUBLE;
  // A single quote cannot appear inside single quotes; a backslash is only written escaped.
  if (char === "'" || char === "\\") return DOUBLE;
  // Expanded inside double quotes.
  if (char === "!" || char === "$" || char === "`" || char === "^") return SINGLE;
  return SINGLE | DOUBLE;
}

export function shlexQuote(word: string): string {
  if (word === "") return "''";
  let out = "";
  let start = 0;
  while (start < word.length) {
    let allowed = BARE | SINGLE | DOUBLE;
    let end = start;
    while (end < word.length) {
      const char = word[end]!;
      if (char === "^" && end > start) break;
      const next = allowed & quotingsFor(char);
      if (next === 0) break;
      allowed = next;
      end++;
    }
    const chunk = word.slice(start, end);
    if (allowed & BARE) out += chunk;
    else if (allowed & SINGLE) out += `'${chunk}'`;
    else out += `"${chunk.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
    start = end;
  }
  return out;
}

export function shlexJoin(words: readonly string[]): string {
  if (words.some((word) => word.includes("\0"))) return "<command included NUL byte>";
  return words.map(shlexQuote).join(" ");
}
