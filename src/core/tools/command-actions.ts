import path from "node:path";
import type { CommandAction } from "../../protocol/item.js";
import { summarizeCommand, isFormattingHelper, type CommandSummary } from "./command-summary.js";
import { plainCommandSequence, shellSplit } from "./plain-script.js";
import { shlexJoin } from "./shell-quote.js";

export { shlexJoin, shlexQuote } from "./shell-quote.js";
export { CONNECTORS, commandDisplayString, extractShellScript, shlexSplit, simpleCommands, type ShlexToken } from "./shell-words.js";

/**
 * `commandActions` of a commandExecution item, as the reference summarises a
 * command: each plain command of a `bash -lc` script (or of an argv joined by
 * connector words) becomes read / listFiles / search; `cd` moves the base of
 * later reads; leading `echo`, `true`, flag-only `nl` and output-formatting
 * helpers (`| head -n 5`, `| wc -l`) are left out. When anything left is not
 * understood, the whole command is one `unknown` action with the script (or
 * the quoted argv) as its text.
 */

const CONNECTOR_WORDS = new Set(["&&", "||", "|", ";"]);
const SHELLS = new Set(["bash", "zsh", "sh"]);

interface Step {
  words: readonly string[];
  summary: CommandSummary;
}

/** The script of `bash|zsh|sh -c|-lc <script>` (any directory, optional `.exe`). */
function shellScript(argv: readonly string[]): string | undefined {
  if (argv.length !== 3 || (argv[1] !== "-c" && argv[1] !== "-lc")) return undefined;
  const shell = path.basename(argv[0]!.replace(/\\/g, "/")).replace(/\.exe$/i, "");
  return SHELLS.has(shell) ? argv[2] : undefined;
}

function cdTarget(args: readonly string[]): string | null {
  let target: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") return args[i + 1] ?? null;
    if (!arg.startsWith("-")) target = arg;
  }
  return target;
}

function joinRelative(base: string, p: string): string {
  if (path.isAbsolute(p) || base === "") return p;
  return path.join(base, p);
}

/** Summaries in order; `cd` steps only move the directory later reads are relative to. */
function summarizeAll(commands: readonly (readonly string[])[]): Step[] {
  const steps: Step[] = [];
  let dir: string | null = null;
  for (const words of commands) {
    if (words[0] === "cd") {
      const target = cdTarget(words.slice(1));
      if (target !== null) dir = dir === null ? target : joinRelative(dir, target);
      continue;
    }
    let summary = summarizeCommand(words);
    if (summary.kind === "read" && dir !== null) summary = { ...summary, path: joinRelative(dir, summary.path) };
    steps.push({ words, summary });
  }
  return steps;
}

const isUnknownWith = (step: Step, test: (words: readonly string[]) => boolean) => step.summary.kind === "unknown" && test(step.words);

/** Drops noise around the real work, one rule at a time, while more than one step is left. */
function simplify(steps: Step[]): Step[] {
  for (;;) {
    if (steps.length <= 1) return steps;
    if (isUnknownWith(steps[0]!, (w) => w[0] === "echo")) {
      steps = steps.slice(1);
      continue;
    }
    const cd = steps.findIndex((s) => isUnknownWith(s, (w) => w[0] === "cd"));
    const removable = cd !== -1 && cd < steps.length - 1 ? cd : steps.findIndex((s) => s.summary.kind === "unknown" && (s.summary.command === "true" || (s.words[0] === "nl" && s.words.slice(1).every((w) => w.startsWith("-")))));
    if (removable === -1) return steps;
    steps = steps.filter((_, i) => i !== removable);
  }
}

/** The text a lone summary of a `bash -lc` script shows. */
function scriptCommandText(summary: CommandSummary, script: string, scriptWords: readonly string[], hadConnectors: boolean): string {
  if (summary.kind === "unknown") return summary.command;
  if (!hadConnectors) return shlexJoin(scriptWords);
  if (summary.kind !== "read") return summary.command;
  // A file printed through a pager-like pipe (`nl -ba f | sed -n 1,20p`) shows the whole script.
  const piped = scriptWords.includes("|");
  const sedRange = scriptWords.some((word, i) => word === "sed" && scriptWords[i + 1] === "-n");
  return piped && sedRange ? script : summary.command;
}

function fromScript(script: string): CommandSummary[] {
  const unknown: CommandSummary[] = [{ kind: "unknown", command: script }];
  const commands = plainCommandSequence(script);
  if (commands === null || commands.length === 0) return unknown;
  const kept = commands.filter((words) => !isFormattingHelper(words));
  if (kept.length === 0) return unknown;
  let steps = summarizeAll(kept);
  if (steps.length > 1) steps = simplify(steps.filter((s) => !(s.summary.kind === "unknown" && s.summary.command === "true")));
  if (steps.length !== 1) return steps.map((s) => s.summary);
  const scriptWords = shellSplit(script) ?? [script];
  const hadConnectors = commands.length > 1 || scriptWords.some((word) => CONNECTOR_WORDS.has(word));
  const only = steps[0]!.summary;
  return [{ ...only, command: scriptCommandText(only, script, scriptWords, hadConnectors) }];
}

function fromArgv(argv: readonly string[]): CommandSummary[] {
  const words = argv.length >= 2 && argv[1] === "|" && ["yes", "y", "no", "n"].includes(argv[0]!) ? argv.slice(2) : argv;
  const commands: string[][] = [];
  let current: string[] = [];
  for (const word of words) {
    if (CONNECTOR_WORDS.has(word)) {
      if (current.length > 0) commands.push(current);
      current = [];
    } else {
      current.push(word);
    }
  }
  if (current.length > 0) commands.push(current);
  return simplify(summarizeAll(commands)).map((s) => s.summary);
}

function sameSummary(a: CommandSummary, b: CommandSummary): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function toAction(summary: CommandSummary, cwd: string | undefined): CommandAction {
  switch (summary.kind) {
    case "read":
      return { type: "read", command: summary.command, name: summary.name, path: cwd !== undefined ? path.resolve(cwd, summary.path) : summary.path };
    case "listFiles":
      return { type: "listFiles", command: summary.command, path: summary.path };
    case "search":
      return { type: "search", command: summary.command, query: summary.query, path: summary.path };
    default:
      return { type: "unknown", command: summary.command };
  }
}

export interface ParseCommandOptions {
  /** Resolves relative `read` paths (CommandAction.read.path) against this directory. */
  cwd?: string;
}

/** The display summary of a command (argv as it is run, e.g. `["/bin/bash", "-lc", script]`). */
export function parseCommandActions(argv: readonly string[], options: ParseCommandOptions = {}): CommandAction[] {
  const script = shellScript(argv);
  const summaries = script !== undefined ? fromScript(script) : fromArgv(argv);
  const distinct = summaries.filter((s, i) => i === 0 || !sameSummary(s, summaries[i - 1]!));
  if (distinct.some((s) => s.kind === "unknown")) return [{ type: "unknown", command: script ?? shlexJoin(argv) }];
  return distinct.map((s) => toAction(s, options.cwd));
}
