/**
 * `.gitignore` rules of one file, matched as git does for paths below the
 * directory holding it: last matching rule wins, `!` re-includes, a trailing
 * `/` matches directories only, a `/` elsewhere anchors the pattern to that
 * directory, `*`/`?`/`[...]` stay within one path component and `**` spans any.
 */
interface Rule {
  readonly regex: RegExp;
  readonly negate: boolean;
  readonly directoryOnly: boolean;
  /** Matched against the path relative to the rules' directory, not the bare name. */
  readonly anchored: boolean;
}

export class IgnoreRules {
  private constructor(
    /** The directory holding the rules, relative to the search root ('' for the root). */
    readonly base: string,
    private readonly rules: readonly Rule[],
  ) {}

  static parse(base: string, text: string): IgnoreRules | null {
    const rules: Rule[] = [];
    for (const rawLine of text.split(/\r?\n/)) {
      const rule = parseLine(rawLine);
      if (rule) rules.push(rule);
    }
    return rules.length > 0 ? new IgnoreRules(base, rules) : null;
  }

  /** `true` ignored, `false` re-included, `undefined` when no rule here speaks about it. */
  decide(relativePath: string, name: string, isDirectory: boolean): boolean | undefined {
    if (this.base !== "" && !relativePath.startsWith(`${this.base}/`)) return undefined;
    const local = this.base === "" ? relativePath : relativePath.slice(this.base.length + 1);
    for (let i = this.rules.length - 1; i >= 0; i--) {
      const rule = this.rules[i]!;
      if (rule.directoryOnly && !isDirectory) continue;
      if (rule.regex.test(rule.anchored ? local : name)) return !rule.negate;
    }
    return undefined;
  }
}

/** Whether `relativePath` is ignored under `layers` (outermost first). */
export function isIgnored(
  layers: readonly IgnoreRules[],
  relativePath: string,
  name: string,
  isDirectory: boolean,
): boolean {
  for (let i = layers.length - 1; i >= 0; i--) {
    const decision = layers[i]!.decide(relativePath, name, isDirectory);
    if (decision !== undefined) return decision;
  }
  return false;
}

function parseLine(rawLine: string): Rule | null {
  let line = rawLine.replace(/(?<!\\)\s+$/, "");
  if (line === "" || line.startsWith("#")) return null;
  let negate = false;
  if (line.startsWith("!")) {
    negate = true;
    line = line.slice(1);
  } else if (line.startsWith("\\!") || line.startsWith("\\#")) {
    line = line.slice(1);
  }
  let directoryOnly = false;
  if (line.endsWith("/")) {
    directoryOnly = true;
    line = line.replace(/\/+$/, "");
  }
  if (line === "") return null;
  const anchored = line.includes("/");
  if (line.startsWith("/")) line = line.slice(1);
  return { regex: new RegExp(`^${globToRegex(line)}$`), negate, directoryOnly, anchored };
}

function globToRegex(glob: string): string {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") {
      if (glob[i + 1] === "*") {
        const atStart = i === 0 || glob[i - 1] === "/";
        const atEnd = i + 2 === glob.length || glob[i + 2] === "/";
        if (atStart && atEnd) {
          if (i + 2 === glob.length) out += ".*";
          else {
            out += "(?:.*/)?";
            i += 1; // the '/' after '**'
          }
          i += 1;
          continue;
        }
      }
      out += "[^/]*";
    } else if (c === "?") {
      out += "[^/]";
    } else if (c === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end === -1) {
        out += "\\[";
        continue;
      }
      let body = glob.slice(i + 1, end);
      if (body.startsWith("!")) body = `^${body.slice(1)}`;
      out += `[${body.replace(/\\/g, "\\\\")}]`;
      i = end;
    } else if (c === "\\" && i + 1 < glob.length) {
      out += escapeRegex(glob[++i]!);
    } else {
      out += escapeRegex(c);
    }
  }
  return out;
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
