import { extractShellScript, shlexSplit, simpleCommands } from "./command-actions.js";

/**
 * Commands that only read: under the `untrusted` approval policy they run
 * without asking, and they never need the sandbox. Deliberately short; a
 * command is safe only when every word is accounted for.
 */

/** Safe whatever their arguments. */
const ALWAYS_SAFE = new Set([
  "basename",
  "cat",
  "cd",
  "cut",
  "dirname",
  "du",
  "echo",
  "false",
  "file",
  "grep",
  "head",
  "id",
  "ls",
  "nl",
  "pwd",
  "readlink",
  "realpath",
  "rev",
  "seq",
  "stat",
  "tail",
  "tr",
  "true",
  "uname",
  "uniq",
  "wc",
  "which",
  "whoami",
]);

/** `find` options that run commands or write files. */
const FIND_UNSAFE = new Set(["-exec", "-execdir", "-ok", "-okdir", "-delete", "-fls", "-fprint", "-fprint0", "-fprintf"]);
/** `rg` options that run commands or read compressed files through helpers. */
const RG_UNSAFE_EXACT = new Set(["--pre", "--hostname-bin", "--search-zip", "-z"]);
const RG_UNSAFE_PREFIX = ["--pre=", "--hostname-bin="];
/** Read-only git subcommands. */
const GIT_READ_ONLY = new Set(["status", "log", "diff", "show", "branch"]);

function isSafeWords(words: readonly string[]): boolean {
  const [program, ...args] = words;
  if (program === undefined) return false;
  if (ALWAYS_SAFE.has(program)) return true;
  switch (program) {
    case "find":
      return !args.some((arg) => FIND_UNSAFE.has(arg));
    case "rg":
      return !args.some((arg) => RG_UNSAFE_EXACT.has(arg) || RG_UNSAFE_PREFIX.some((p) => arg.startsWith(p)));
    case "sed":
      // Only `sed -n <N>p` / `sed -n <N>,<M>p` [files]: prints lines.
      return args.length >= 2 && args[0] === "-n" && /^\d+(,\d+)?p$/.test(args[1]!) && args.slice(2).every((a) => !a.startsWith("-"));
    case "sort":
      return !args.some((arg) => arg === "-o" || arg.startsWith("--output") || (arg.startsWith("-") && !arg.startsWith("--") && arg.includes("o")));
    case "git": {
      const sub = args[0];
      if (sub === undefined || !GIT_READ_ONLY.has(sub)) return false;
      const rest = args.slice(1);
      if (rest.some((arg) => arg.startsWith("--output") || arg === "--ext-diff")) return false;
      // `git branch` only lists: no names (which would create branches), no -d/-m/-c.
      if (sub === "branch") return rest.every((arg) => ["-a", "-r", "-v", "-vv", "--all", "--remotes", "--list", "--show-current", "--verbose", "--no-color"].includes(arg));
      return true;
    }
    default:
      return false;
  }
}

/**
 * True for a known read-only command: an argv (`["ls", "-la"]`) or a
 * `bash -lc "<script>"` whose simple commands, joined by `&&`, `||`, `;` or
 * `|`, are all read-only. Redirections, substitutions and subshells make a
 * script unsafe.
 */
export function isKnownSafeCommand(argv: readonly string[]): boolean {
  const script = extractShellScript(argv);
  if (script === undefined) return isSafeWords(argv);
  const tokens = shlexSplit(script);
  if (tokens === null) return false;
  const segments = simpleCommands(tokens);
  if (segments === null) return false;
  return segments.length > 0 && segments.every(isSafeWords);
}
