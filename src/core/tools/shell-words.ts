import path from "node:path";
import { shlexJoin } from "./shell-quote.js";

/**
 * Shell word splitting shared by the command summaries and the safe-command
 * check: POSIX-ish tokens with operators, `bash -lc "<script>"` detection and
 * the display string of an argv.
 */

export const CONNECTORS = new Set(["&&", "||", "|", ";"]);
const SHELLS = new Set(["bash", "sh", "zsh", "dash"]);

export interface ShlexToken {
  text: string;
  /** An unquoted operator (`&&`, `||`, `|`, `;`, `>`, `<`, `(`...). */
  operator: boolean;
  /** Contains an unquoted `$(`, backtick or glob-free expansion we do not model. */
  complex: boolean;
}

/** POSIX-ish word splitting. Returns null on unbalanced quotes. */
export function shlexSplit(text: string): ShlexToken[] | null {
  const tokens: ShlexToken[] = [];
  let current = "";
  let inWord = false;
  let complex = false;
  const flush = () => {
    if (inWord) tokens.push({ text: current, operator: false, complex });
    current = "";
    inWord = false;
    complex = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) return null;
      current += text.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      inWord = true;
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        const d = text[j]!;
        if (d === "\\" && j + 1 < text.length && '$`"\\\n'.includes(text[j + 1]!)) {
          current += text[++j];
        } else {
          if (d === "$" || d === "`") complex = true;
          current += d;
        }
      }
      if (j >= text.length) return null;
      i = j;
    } else if (c === "\\") {
      if (i + 1 < text.length) {
        if (text[i + 1] !== "\n") {
          current += text[i + 1];
          inWord = true;
        }
        i++;
      }
    } else if (c === " " || c === "\t" || c === "\n") {
      flush();
      if (c === "\n") tokens.push({ text: ";", operator: true, complex: false });
    } else if (c === "#" && !inWord) {
      const end = text.indexOf("\n", i);
      if (end === -1) break;
      i = end - 1;
    } else if ("&|;<>()".includes(c)) {
      flush();
      const two = text.slice(i, i + 2);
      if (two === "&&" || two === "||" || two === ">>" || two === ";;" || two === ">&" || two === "<<") {
        tokens.push({ text: two, operator: true, complex: false });
        i++;
      } else {
        tokens.push({ text: c, operator: true, complex: false });
      }
    } else {
      if (c === "$" || c === "`") complex = true;
      current += c;
      inWord = true;
    }
  }
  flush();
  return tokens;
}

/** `bash -lc "<script>"` (also sh/zsh, `-c`) → the script. */
export function extractShellScript(argv: readonly string[]): string | undefined {
  if (argv.length !== 3) return undefined;
  const shell = path.basename(argv[0]!);
  if (!SHELLS.has(shell)) return undefined;
  if (argv[1] !== "-c" && argv[1] !== "-lc") return undefined;
  return argv[2];
}

/** The display string for an argv: the script of `bash -lc`, else the quoted words. */
export function commandDisplayString(argv: readonly string[]): string {
  return extractShellScript(argv) ?? shlexJoin(argv);
}

/**
 * The simple commands of a token list joined by `&&`, `||`, `;` or `|`, or
 * null when it holds anything else (redirections, substitutions, subshells).
 */
export function simpleCommands(tokens: readonly ShlexToken[]): string[][] | null {
  const segments: string[][] = [];
  let current: string[] = [];
  for (const token of tokens) {
    if (token.complex || (token.operator && !CONNECTORS.has(token.text))) return null;
    if (token.operator) {
      if (current.length > 0) segments.push(current);
      current = [];
    } else {
      current.push(token.text);
    }
  }
  if (current.length > 0) segments.push(current);
  return segments;
}

