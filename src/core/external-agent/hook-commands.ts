/**
 * Hook commands point at scripts in the other agent's `.claude/hooks/`
 * folder, which the import copies next to Codex's `hooks.json`. Each shell
 * word naming such a script (through `$CLAUDE_PROJECT_DIR`, `$HOME`, `~`, a
 * relative or an absolute path) is replaced by the copied script's absolute
 * path, single-quoted; every other character of the command is kept.
 */

const SCRIPT_DIR = ".claude/hooks/";
/** What may stand before `.claude/hooks/` in a word that names a hook script. */
const ROOT_PREFIXES = ["", "./", "$CLAUDE_PROJECT_DIR/", "${CLAUDE_PROJECT_DIR}/", "~/", "$HOME/", "${HOME}/"];

interface Word {
  start: number;
  end: number;
  /** The word with its shell quotes removed (variables left as written). */
  value: string;
}

/** Shell words and where they are; quotes group, backslashes escape outside single quotes. */
function shellWords(command: string): Word[] {
  const words: Word[] = [];
  let index = 0;
  while (index < command.length) {
    while (index < command.length && /\s/.test(command[index]!)) index += 1;
    if (index >= command.length) break;
    const start = index;
    let value = "";
    let quote: "'" | '"' | null = null;
    for (; index < command.length; index += 1) {
      const char = command[index]!;
      if (quote === null && /\s/.test(char)) break;
      if (quote === null && (char === "'" || char === '"')) quote = char;
      else if (quote !== null && char === quote) quote = null;
      else if (char === "\\" && quote !== "'" && index + 1 < command.length) {
        index += 1;
        value += command[index];
      } else value += char;
    }
    words.push({ start, end: index, value });
  }
  return words;
}

/** The script's path below `.claude/hooks/`, when the word names one. */
function scriptBelowHooksDir(value: string): string | null {
  const at = value.indexOf(SCRIPT_DIR);
  if (at < 0) return null;
  const prefix = value.slice(0, at);
  const rest = value.slice(at + SCRIPT_DIR.length);
  if (rest === "") return null;
  const absolute = prefix.startsWith("/") && prefix.endsWith("/") && !prefix.includes("$");
  return absolute || ROOT_PREFIXES.includes(prefix) ? rest : null;
}

function singleQuoted(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** The command with each hook-script word pointing into `targetHooksDir`. */
export function rewriteHookCommand(command: string, targetHooksDir: string): string {
  let out = "";
  let copied = 0;
  for (const word of shellWords(command)) {
    const script = scriptBelowHooksDir(word.value);
    if (script === null) continue;
    out += command.slice(copied, word.start) + singleQuoted(`${targetHooksDir}/${script}`);
    copied = word.end;
  }
  return out + command.slice(copied);
}
