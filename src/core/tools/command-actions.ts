import path from "node:path";
import type { CommandAction } from "../../protocol/item.js";

/**
 * Summarises a command for display (`commandActions` of a commandExecution
 * item): `cat x` → read, `ls` → listFiles, `rg`/`grep`/`find -name` → search,
 * anything else → unknown. Understands `bash -lc "<script>"` scripts made of
 * simple commands joined by `&&`, `||`, `;` and `|` (with `cd` tracking);
 * scripts using redirections, substitutions or subshells are one `unknown`.
 */

const CONNECTORS = new Set(["&&", "||", "|", ";"]);
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

/** Quotes one word for display when needed. */
export function shlexQuote(word: string): string {
  if (word === "") return "''";
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'"'"'`)}'`;
}

export function shlexJoin(words: readonly string[]): string {
  return words.map(shlexQuote).join(" ");
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

function shortDisplayPath(p: string): string {
  const trimmed = p.replace(/\\/g, "/").replace(/\/+$/, "");
  const parts = trimmed.split("/").filter((part) => part !== "" && part !== "." && !["build", "dist", "node_modules", "src"].includes(part));
  return parts.at(-1) ?? (trimmed === "" ? p : trimmed);
}

/** Operands of `args` that are not flags, skipping the values of `flagsWithValues`. */
function operands(args: readonly string[], flagsWithValues: readonly string[] = []): string[] {
  const out: string[] = [];
  let afterDashDash = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (afterDashDash) {
      out.push(arg);
    } else if (arg === "--") {
      afterDashDash = true;
    } else if (flagsWithValues.includes(arg)) {
      i++;
    } else if (!arg.startsWith("-") || arg === "-") {
      out.push(arg);
    }
  }
  return out;
}

type Summary = { kind: "read"; path: string } | { kind: "list"; path: string | null } | { kind: "search"; query: string | null; path: string | null } | { kind: "unknown" };

function isDigits(s: string | undefined): boolean {
  return s !== undefined && /^\+?\d+$/.test(s);
}

/** `head -n 5 f`, `tail -20 f`, `head f` → `f`. */
function headTailFile(args: readonly string[]): string | null {
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if ((arg === "-n" || arg === "-c") && isDigits(args[i + 1])) {
      i++;
    } else if (/^-[nc]?\+?\d+$/.test(arg)) {
      // -n20, -20
    } else if (arg.startsWith("-")) {
      return null;
    } else {
      rest.push(arg);
    }
  }
  return rest.length === 1 ? rest[0]! : null;
}

function sedReadFile(args: readonly string[]): string | null {
  if (!args.includes("-n")) return null;
  const ops = operands(args, ["-e", "-f", "--expression", "--file"]);
  const scriptIndex = ops.findIndex((a) => /^\d+(,\d+)?p$/.test(a));
  const hasExpr = args.some((a, i) => (a === "-e" || a === "--expression") && /^\d+(,\d+)?p$/.test(args[i + 1] ?? ""));
  if (scriptIndex === -1 && !hasExpr) return null;
  const files = ops.filter((_, i) => i !== scriptIndex);
  return files.length === 1 ? files[0]! : null;
}

function grepLike(args: readonly string[]): Summary {
  let pattern: string | null = null;
  const ops: string[] = [];
  let afterDashDash = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (afterDashDash) ops.push(arg);
    else if (arg === "--") afterDashDash = true;
    else if (arg === "-e" || arg === "--regexp" || arg === "-f" || arg === "--file") {
      const value = args[++i];
      if (pattern === null && value !== undefined) pattern = value;
    } else if (["-m", "--max-count", "-A", "-B", "-C", "--context", "--after-context", "--before-context"].includes(arg)) i++;
    else if (!arg.startsWith("-")) ops.push(arg);
  }
  const query = pattern ?? ops[0] ?? null;
  const p = ops[pattern !== null ? 0 : 1];
  return { kind: "search", query, path: p !== undefined ? shortDisplayPath(p) : null };
}

function summarize(words: readonly string[]): Summary {
  const [head, ...tail] = words;
  switch (head) {
    case "cat":
    case "bat":
    case "batcat":
    case "less":
    case "more": {
      const ops = operands(tail);
      return ops.length === 1 ? { kind: "read", path: ops[0]! } : { kind: "unknown" };
    }
    case "head":
    case "tail": {
      const file = headTailFile(tail);
      return file !== null ? { kind: "read", path: file } : { kind: "unknown" };
    }
    case "nl": {
      const ops = operands(tail, ["-s", "-w", "-v", "-i", "-b"]);
      return ops.length === 1 ? { kind: "read", path: ops[0]! } : { kind: "unknown" };
    }
    case "sed": {
      const file = sedReadFile(tail);
      return file !== null ? { kind: "read", path: file } : { kind: "unknown" };
    }
    case "ls":
    case "eza":
    case "exa":
    case "tree":
    case "du": {
      const ops = operands(tail, ["-I", "-w", "-L", "-P", "--block-size", "--format", "--color", "--ignore-glob", "-d", "--max-depth"]);
      return { kind: "list", path: ops[0] !== undefined ? shortDisplayPath(ops[0]) : null };
    }
    case "rg":
    case "rga": {
      const ops = operands(tail, ["-g", "--glob", "--iglob", "-t", "--type", "--type-not", "-m", "--max-count", "-A", "-B", "-C", "--context", "--max-depth"]);
      if (tail.includes("--files")) return { kind: "list", path: ops[0] !== undefined ? shortDisplayPath(ops[0]) : null };
      return { kind: "search", query: ops[0] ?? null, path: ops[1] !== undefined ? shortDisplayPath(ops[1]) : null };
    }
    case "grep":
    case "egrep":
    case "fgrep":
      return grepLike(tail);
    case "ag":
    case "ack": {
      const ops = operands(tail, ["-G", "-g", "--ignore-dir", "--ignore-file"]);
      return { kind: "search", query: ops[0] ?? null, path: ops[1] !== undefined ? shortDisplayPath(ops[1]) : null };
    }
    case "git":
      if (tail[0] === "grep") return grepLike(tail.slice(1));
      if (tail[0] === "ls-files") {
        const ops = operands(tail.slice(1), ["--exclude", "--exclude-from"]);
        return { kind: "list", path: ops[0] !== undefined ? shortDisplayPath(ops[0]) : null };
      }
      return { kind: "unknown" };
    case "fd": {
      const ops = operands(tail, ["-t", "--type", "-e", "--extension", "-E", "--exclude"]);
      if (ops.length === 0) return { kind: "list", path: null };
      if (ops.length === 1) {
        return ops[0]!.includes("/") || ops[0] === "." ? { kind: "list", path: shortDisplayPath(ops[0]!) } : { kind: "search", query: ops[0]!, path: null };
      }
      return { kind: "search", query: ops[0]!, path: shortDisplayPath(ops[1]!) };
    }
    case "find": {
      const root = tail.find((a) => !a.startsWith("-") && a !== "!" && a !== "(" && a !== ")");
      const nameFlag = tail.findIndex((a) => ["-name", "-iname", "-path", "-regex"].includes(a));
      const query = nameFlag !== -1 ? (tail[nameFlag + 1] ?? null) : null;
      const p = root !== undefined ? shortDisplayPath(root) : null;
      return query !== null ? { kind: "search", query, path: p } : { kind: "list", path: p };
    }
    default:
      return { kind: "unknown" };
  }
}

/** Pipeline helpers that only format another command's output. */
function isFormattingHelper(words: readonly string[]): boolean {
  const [head, ...tail] = words;
  switch (head) {
    case "wc":
    case "tr":
    case "cut":
    case "sort":
    case "uniq":
    case "xargs":
    case "tee":
    case "column":
    case "awk":
    case "true":
      return true;
    case "head":
    case "tail":
      return headTailFile(tail) === null;
    case "sed":
      return sedReadFile(tail) === null && operands(tail, ["-e", "-f"]).length <= 1;
    default:
      return false;
  }
}

function joinPath(base: string, p: string): string {
  return path.isAbsolute(p) ? p : path.join(base, p);
}

export interface ParseCommandOptions {
  /** Resolves relative `read` paths (CommandAction.read.path) against this directory. */
  cwd?: string;
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

/** The display summary of a command (argv as the model sent it). */
export function parseCommandActions(argv: readonly string[], options: ParseCommandOptions = {}): CommandAction[] {
  const script = extractShellScript(argv);
  const fullCommand = script ?? shlexJoin(argv);
  const unknown: CommandAction[] = [{ type: "unknown", command: fullCommand }];
  let tokens: ShlexToken[];
  if (script !== undefined) {
    const split = shlexSplit(script);
    if (split === null) return unknown;
    tokens = split;
  } else {
    tokens = argv.map((text) => ({ text, operator: CONNECTORS.has(text), complex: false }));
  }
  const segments = simpleCommands(tokens);
  if (segments === null || segments.length === 0) return unknown;
  const connectorCount = tokens.filter((t) => t.operator).length;

  let kept = segments.length > 1 ? segments.filter((words) => !isFormattingHelper(words)) : segments;
  if (kept.length === 0) return unknown;
  // A leading `echo ...` is noise before the real work.
  while (kept.length > 1 && kept[0]![0] === "echo") kept = kept.slice(1);

  let relDir: string | null = null;
  const actions: CommandAction[] = [];
  for (const words of kept) {
    if (words[0] === "cd") {
      const target = operands(words.slice(1)).at(-1);
      if (target !== undefined) relDir = relDir === null ? target : joinPath(relDir, target);
      continue;
    }
    const command = segments.length === 1 && script !== undefined ? script : shlexJoin(words);
    const summary = summarize(words);
    switch (summary.kind) {
      case "read": {
        const relative = relDir !== null ? joinPath(relDir, summary.path) : summary.path;
        const full = options.cwd !== undefined ? path.resolve(options.cwd, relative) : relative;
        actions.push({ type: "read", command, name: shortDisplayPath(summary.path), path: full });
        break;
      }
      case "list":
        actions.push({ type: "listFiles", command, path: summary.path });
        break;
      case "search":
        actions.push({ type: "search", command, query: summary.query, path: summary.path });
        break;
      default:
        actions.push({ type: "unknown", command });
    }
  }
  if (actions.length === 0) return unknown;
  if (actions.length === 1 && connectorCount > 0 && actions[0]!.type === "unknown") return unknown;
  return actions;
}
