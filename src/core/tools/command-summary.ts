import { shlexJoin } from "./shell-quote.js";

/**
 * What one plain command does, for display: reads a file, lists files,
 * searches, or something else. `command` is the command's words quoted back.
 * Paths are as written (relative ones are resolved by the caller).
 */
export type CommandSummary =
  | { kind: "read"; command: string; name: string; path: string }
  | { kind: "listFiles"; command: string; path: string | null }
  | { kind: "search"; command: string; query: string | null; path: string | null }
  | { kind: "unknown"; command: string };

const CONNECTOR_WORDS = new Set(["|", "&&", "||", ";"]);

/** The words before the first connector word (argv forms may carry them). */
function beforeConnector(args: readonly string[]): string[] {
  const index = args.findIndex((arg) => CONNECTOR_WORDS.has(arg));
  return index === -1 ? [...args] : args.slice(0, index);
}

/**
 * The last meaningful segment of a path for display: `webview/src` → `webview`,
 * `packages/app/node_modules/` → `app` (build, dist, node_modules and src are skipped).
 */
export function shortDisplayPath(p: string): string {
  const trimmed = p.replace(/\\/g, "/").replace(/\/+$/, "");
  const parts = trimmed.split("/").filter((part) => part !== "" && !["build", "dist", "node_modules", "src"].includes(part));
  return parts.at(-1) ?? trimmed;
}

/**
 * The words of `args` without the values of `flagsWithValues` and without `--flag=value` words
 * (and without every other flag unless `keepFlags`); everything after `--` is kept as it is.
 */
function scanWords(args: readonly string[], flagsWithValues: readonly string[], keepFlags: boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      out.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith("--") && arg.includes("=")) continue;
    if (flagsWithValues.includes(arg)) {
      if (i + 1 < args.length) i++;
      continue;
    }
    if (keepFlags || !arg.startsWith("-")) out.push(arg);
  }
  return out;
}

/** Words with the values of `flagsWithValues` and `--flag=value` words left out; everything after `--` kept. */
function withoutFlagValues(args: readonly string[], flagsWithValues: readonly string[]): string[] {
  return scanWords(args, flagsWithValues, true);
}

/** Operands: words that are not flags (all words after `--`), skipping flag values. */
function operands(args: readonly string[], flagsWithValues: readonly string[] = []): string[] {
  return scanWords(args, flagsWithValues, false);
}

function nonFlags(args: readonly string[], flagsWithValues: readonly string[]): string[] {
  return withoutFlagValues(beforeConnector(args), flagsWithValues).filter((arg) => !arg.startsWith("-"));
}

const isDigits = (s: string) => /^\d+$/.test(s);
const isSignedDigits = (s: string) => /^\+?\d+$/.test(s);

/** `sed -n` with a line-range script (`12p`, `1,20p`). */
export function isSedRange(arg: string | undefined): boolean {
  return arg !== undefined && /^\d+(,\d+)?p$/.test(arg);
}

/** The file `sed -n <range> <file>` prints, if that is what it does. */
function sedReadPath(args: readonly string[]): string | null {
  const words = beforeConnector(args);
  if (!words.includes("-n")) return null;
  let hasRange = false;
  for (let i = 0; i < words.length; i++) {
    const arg = words[i]!;
    if (arg === "-e" || arg === "--expression") {
      if (isSedRange(words[i + 1])) hasRange = true;
      i++;
    } else if (arg === "-f" || arg === "--file") {
      i++;
    }
  }
  if (!hasRange) hasRange = words.some((arg) => !arg.startsWith("-") && isSedRange(arg));
  if (!hasRange) return null;
  const rest = nonFlags(words, ["-e", "-f", "--expression", "--file"]);
  if (rest.length === 0) return null;
  return isSedRange(rest[0]) ? (rest[1] ?? null) : rest[0]!;
}

/** The data file of an `awk` program, if one is given. */
function awkDataFile(args: readonly string[]): string | null {
  if (args.length === 0) return null;
  const words = beforeConnector(args);
  const scriptFromFile = words.some((arg) => arg === "-f" || arg === "--file");
  const rest = nonFlags(words, ["-F", "-v", "-f", "--field-separator", "--assign", "--file"]);
  if (scriptFromFile) return rest[0] ?? null;
  return rest[1] ?? null;
}

function pythonWalksFiles(args: readonly string[]): boolean {
  const words = beforeConnector(args);
  const index = words.indexOf("-c");
  const script = index === -1 ? undefined : words[index + 1];
  if (script === undefined) return false;
  return ["os.walk", "os.listdir", "os.scandir", "glob.glob", "glob.iglob", "pathlib.Path", ".rglob("].some((needle) => script.includes(needle));
}

function isPython(head: string): boolean {
  return head === "python" || head === "python2" || head === "python3" || head.startsWith("python2.") || head.startsWith("python3.");
}

function isPathLike(s: string): boolean {
  return s === "." || s === ".." || s.startsWith("./") || s.startsWith("../") || s.includes("/") || s.includes("\\");
}

function grepLike(words: readonly string[], args: readonly string[]): CommandSummary {
  const found: string[] = [];
  let pattern: string | null = null;
  const rest = beforeConnector(args);
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === "--") {
      found.push(...rest.slice(i + 1));
      break;
    }
    if (arg === "-e" || arg === "--regexp" || arg === "-f" || arg === "--file") {
      const value = rest[++i];
      if (value !== undefined && pattern === null) pattern = value;
      continue;
    }
    if (["-m", "--max-count", "-C", "--context", "-A", "--after-context", "-B", "--before-context"].includes(arg)) {
      i++;
      continue;
    }
    if (!arg.startsWith("-")) found.push(arg);
  }
  const query = pattern ?? found[0] ?? null;
  const p = found[pattern !== null ? 0 : 1];
  return { kind: "search", command: shlexJoin(words), query, path: p !== undefined ? shortDisplayPath(p) : null };
}

/** `head`/`tail` reading a file: `-n 50 f`, `-n50 f`, `-n +10 f` (tail), or just `f`. */
function headTailRead(args: readonly string[], allowPlus: boolean): string | null {
  const countOk = (s: string) => (allowPlus ? isSignedDigits(s) && s !== "+" : isDigits(s));
  const [first, second] = args;
  const hasCount = first === "-n" ? second !== undefined && countOk(second) : first !== undefined && first.startsWith("-n") && (allowPlus ? countOk(first.slice(2)) : /^\d*$/.test(first.slice(2)));
  if (hasCount) {
    const rest = first === "-n" ? args.slice(2) : args.slice(1);
    const file = rest.find((arg) => !arg.startsWith("-"));
    if (file !== undefined) return file;
  }
  if (args.length === 1 && !first!.startsWith("-")) return first!;
  return null;
}

function read(words: readonly string[], file: string | null): CommandSummary {
  const command = shlexJoin(words);
  return file === null ? { kind: "unknown", command } : { kind: "read", command, name: shortDisplayPath(file), path: file };
}

function single(list: string[]): string | null {
  return list.length === 1 ? list[0]! : null;
}

function listOrSearch(words: readonly string[], query: string | null, p: string | null): CommandSummary {
  const command = shlexJoin(words);
  return query !== null ? { kind: "search", command, query, path: p } : { kind: "listFiles", command, path: p };
}

/** Summarises one plain command (`words[0]` is the program). */
export function summarizeCommand(words: readonly string[]): CommandSummary {
  const [head, ...args] = words;
  const command = shlexJoin(words);
  const firstPath = (flags: readonly string[]) => {
    const first = operands(args, flags)[0];
    return first !== undefined ? shortDisplayPath(first) : null;
  };
  switch (head) {
    case "ls":
      return { kind: "listFiles", command, path: firstPath(["-I", "-w", "--block-size", "--format", "--time-style", "--color", "--quoting-style"]) };
    case "eza":
    case "exa":
      return { kind: "listFiles", command, path: firstPath(["-I", "--ignore-glob", "--color", "--sort", "--time-style", "--time"]) };
    case "tree":
      return { kind: "listFiles", command, path: firstPath(["-L", "-P", "-I", "--charset", "--filelimit", "--sort"]) };
    case "du":
      return { kind: "listFiles", command, path: firstPath(["-d", "--max-depth", "-B", "--block-size", "--exclude", "--time-style"]) };
    case "rg":
    case "rga":
    case "ripgrep-all": {
      const found = nonFlags(args, ["-g", "--glob", "--iglob", "-t", "--type", "--type-add", "--type-not", "-m", "--max-count", "-A", "-B", "-C", "--context", "--max-depth"]);
      const short = (s: string | undefined) => (s !== undefined ? shortDisplayPath(s) : null);
      if (beforeConnector(args).includes("--files")) return { kind: "listFiles", command, path: short(found[0]) };
      return { kind: "search", command, query: found[0] ?? null, path: short(found[1]) };
    }
    case "git":
      if (args[0] === "grep") return grepLike(words, args.slice(1));
      if (args[0] === "ls-files") {
        const first = operands(args.slice(1), ["--exclude", "--exclude-from", "--pathspec-from-file"])[0];
        return { kind: "listFiles", command, path: first !== undefined ? shortDisplayPath(first) : null };
      }
      return { kind: "unknown", command };
    case "fd": {
      const found = nonFlags(args, ["-t", "--type", "-e", "--extension", "-E", "--exclude", "--search-path"]);
      if (found.length === 1) return isPathLike(found[0]!) ? listOrSearch(words, null, shortDisplayPath(found[0]!)) : listOrSearch(words, found[0]!, null);
      if (found.length >= 2) return listOrSearch(words, found[0]!, shortDisplayPath(found[1]!));
      return listOrSearch(words, null, null);
    }
    case "find": {
      const rest = beforeConnector(args);
      const root = rest.find((arg) => !arg.startsWith("-") && arg !== "!" && arg !== "(" && arg !== ")");
      const nameFlag = rest.findIndex((arg) => arg === "-name" || arg === "-iname" || arg === "-path" || arg === "-regex");
      const query = nameFlag !== -1 ? (rest[nameFlag + 1] ?? null) : null;
      return listOrSearch(words, query, root !== undefined ? shortDisplayPath(root) : null);
    }
    case "grep":
    case "egrep":
    case "fgrep":
      return grepLike(words, args);
    case "ag":
    case "ack":
    case "pt": {
      const found = nonFlags(args, ["-G", "-g", "--file-search-regex", "--ignore-dir", "--ignore-file", "--path-to-ignore"]);
      return { kind: "search", command, query: found[0] ?? null, path: found[1] !== undefined ? shortDisplayPath(found[1]) : null };
    }
    case "cat":
    case "more":
      return read(words, single(operands(args)));
    case "bat":
    case "batcat":
      return read(words, single(operands(args, ["--theme", "--language", "--style", "--terminal-width", "--tabs", "--line-range", "--map-syntax"])));
    case "less":
      return read(words, single(operands(args, ["-p", "-P", "-x", "-y", "-z", "-j", "--pattern", "--prompt", "--tabs", "--shift", "--jump-target"])));
    case "head":
      return read(words, headTailRead(args, false));
    case "tail":
      return read(words, headTailRead(args, true));
    case "awk":
      return read(words, awkDataFile(args));
    case "nl":
      return read(words, withoutFlagValues(args, ["-s", "-w", "-v", "-i", "-b"]).find((arg) => !arg.startsWith("-")) ?? null);
    case "sed":
      return read(words, sedReadPath(args));
    default:
      if (head !== undefined && isPython(head) && pythonWalksFiles(args)) return { kind: "listFiles", command, path: null };
      return { kind: "unknown", command };
  }
}

function xargsSubcommand(words: readonly string[]): string[] | null {
  for (let i = 1; i < words.length; i++) {
    const word = words[i]!;
    if (word === "--") return i + 1 < words.length ? words.slice(i + 1) : null;
    if (!word.startsWith("-")) return words.slice(i);
    if (["-E", "-e", "-I", "-L", "-n", "-P", "-s"].includes(word)) i++;
  }
  return null;
}

function editsInPlace(args: readonly string[]): boolean {
  return args.some((arg) => arg.startsWith("-i") || arg.startsWith("-pi"));
}

/** `xargs perl -pi`, `xargs sed -i`, `xargs rg --replace`: the pipeline changes files. */
function isMutatingXargs(words: readonly string[]): boolean {
  const sub = xargsSubcommand(words);
  if (sub === null) return false;
  const [head, ...args] = sub;
  if (head === "perl" || head === "ruby") return editsInPlace(args);
  if (head === "sed") return editsInPlace(args) || args.includes("--in-place");
  if (head === "rg") return args.includes("--replace");
  return false;
}

function isCountOnly(words: readonly string[], allowPlus: boolean): boolean {
  if (words.length === 1) return true;
  if (words.length === 2) return words[1]!.startsWith("-");
  if (words.length === 3 && (words[1] === "-n" || words[1] === "-c")) return allowPlus ? /^\+?\d+$/.test(words[2]!) && words[2] !== "+" : isDigits(words[2]!);
  return false;
}

/** Helpers that only shape another command's output (`wc -l`, `head -n 40`, `sort`), left out of summaries. */
export function isFormattingHelper(words: readonly string[]): boolean {
  switch (words[0]) {
    case "wc":
    case "tr":
    case "cut":
    case "sort":
    case "uniq":
    case "tee":
    case "column":
    case "yes":
    case "printf":
      return true;
    case "xargs":
      return !isMutatingXargs(words);
    case "awk":
      return awkDataFile(words.slice(1)) === null;
    case "head":
      return isCountOnly(words, false);
    case "tail":
      return isCountOnly(words, true);
    case "sed":
      return sedReadPath(words.slice(1)) === null;
    default:
      return false;
  }
}
