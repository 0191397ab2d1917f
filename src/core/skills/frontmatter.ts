/**
 * The YAML frontmatter of a `SKILL.md` (and the small YAML of
 * `agents/openai.yaml`): the subset skills use — `key: value` mappings nested
 * by indentation, plain / single- / double-quoted scalars, `|` and `>` block
 * scalars, `- ` sequences of scalars or mappings, `#` comments. Anything else
 * is a parse error with its line, so a broken skill is reported, not guessed.
 */

export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

export class YamlError extends Error {}

/** The text between a leading `---` line and the next `---` line; null when there is none. */
export function extractFrontmatter(text: string): string | null {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  if (lines[0]?.trim() !== "---") return null;
  const end = lines.findIndex((line, index) => index > 0 && line.trim() === "---");
  if (end < 0) return null;
  return lines.slice(1, end).join("\n");
}

interface Line {
  indent: number;
  text: string;
  number: number;
}

export function parseYaml(source: string): YamlValue {
  const lines: Line[] = [];
  source.split(/\r?\n/).forEach((raw, index) => {
    if (/^\s*\t/.test(raw)) throw new YamlError(`line ${index + 1}: tabs are not allowed for indentation`);
    const text = raw.trimEnd();
    if (text.trim() === "" || text.trim().startsWith("#")) {
      lines.push({ indent: -1, text: "", number: index + 1 });
      return;
    }
    lines.push({ indent: text.length - text.trimStart().length, text: text.trimStart(), number: index + 1 });
  });
  const parser = new Parser(lines);
  const value = parser.block(0);
  parser.expectEnd();
  return value ?? {};
}

class Parser {
  private index = 0;
  constructor(private readonly lines: Line[]) {}

  private peek(): Line | undefined {
    while (this.index < this.lines.length && this.lines[this.index]!.indent < 0) this.index++;
    return this.lines[this.index];
  }

  expectEnd(): void {
    const line = this.peek();
    if (line) throw new YamlError(`line ${line.number}: unexpected indentation`);
  }

  /** A mapping or sequence whose lines are indented at least `minIndent`; null when there are none. */
  block(minIndent: number): YamlValue | null {
    const first = this.peek();
    if (!first || first.indent < minIndent) return null;
    return first.text.startsWith("- ") || first.text === "-" ? this.sequence(first.indent) : this.mapping(first.indent);
  }

  private mapping(indent: number): YamlValue {
    const out: { [key: string]: YamlValue } = {};
    for (;;) {
      const line = this.peek();
      if (!line || line.indent < indent) return out;
      if (line.indent > indent) throw new YamlError(`line ${line.number}: unexpected indentation`);
      this.index++;
      const { key, rest } = splitKey(line);
      if (Object.hasOwn(out, key)) throw new YamlError(`line ${line.number}: duplicate key \`${key}\``);
      out[key] = this.valueAfter(rest, line, indent);
    }
  }

  private sequence(indent: number): YamlValue {
    const out: YamlValue[] = [];
    for (;;) {
      const line = this.peek();
      if (!line || line.indent < indent) return out;
      if (line.indent > indent || !(line.text.startsWith("- ") || line.text === "-")) {
        throw new YamlError(`line ${line.number}: expected a \`- \` sequence entry`);
      }
      const rest = line.text.slice(1).trimStart();
      if (rest === "") {
        this.index++;
        out.push(this.block(indent + 1));
        continue;
      }
      if (/^[^'"\s][^:]*:(\s|$)/.test(rest)) {
        // `- key: value` starts a mapping whose keys sit at the column after the dash.
        const column = indent + (line.text.length - rest.length);
        this.lines[this.index] = { indent: column, text: rest, number: line.number };
        out.push(this.mapping(column));
        continue;
      }
      this.index++;
      out.push(scalar(rest, line.number));
    }
  }

  private valueAfter(rest: string, line: Line, indent: number): YamlValue {
    if (rest === "") return this.block(indent + 1);
    if (/^[|>][+-]?$/.test(rest)) return this.blockScalar(rest[0] === ">", rest.endsWith("-"), indent);
    return scalar(rest, line.number);
  }

  private blockScalar(folded: boolean, strip: boolean, parentIndent: number): string {
    const collected: string[] = [];
    let blockIndent = -1;
    while (this.index < this.lines.length) {
      const line = this.lines[this.index]!;
      if (line.indent < 0) {
        collected.push("");
        this.index++;
        continue;
      }
      if (line.indent <= parentIndent) break;
      if (blockIndent < 0) blockIndent = line.indent;
      if (line.indent < blockIndent) break;
      collected.push(" ".repeat(line.indent - blockIndent) + line.text);
      this.index++;
    }
    while (collected.length > 0 && collected.at(-1) === "") collected.pop();
    const text = folded ? collected.join("\n").replace(/([^\n])\n(?=[^\n ])/g, "$1 ") : collected.join("\n");
    return strip || text === "" ? text : `${text}\n`;
  }
}

function splitKey(line: Line): { key: string; rest: string } {
  const text = line.text;
  let key: string;
  let rest: string;
  if (text.startsWith('"') || text.startsWith("'")) {
    const close = text.indexOf(text[0]!, 1);
    if (close < 0 || text[close + 1] !== ":") throw new YamlError(`line ${line.number}: expected \`key: value\``);
    key = text.slice(1, close);
    rest = text.slice(close + 2);
  } else {
    const match = /^([^:#]+?):(\s|$)(.*)$/.exec(text);
    if (!match) throw new YamlError(`line ${line.number}: expected \`key: value\``);
    key = match[1]!;
    rest = match[3]!;
  }
  return { key, rest: stripComment(rest.trim()) };
}

function stripComment(text: string): string {
  if (text.startsWith('"') || text.startsWith("'")) return text;
  const at = text.search(/\s#/);
  return at < 0 ? text : text.slice(0, at).trimEnd();
}

function scalar(text: string, number: number): YamlValue {
  if (text.startsWith('"')) {
    if (!text.endsWith('"') || text.length < 2) throw new YamlError(`line ${number}: unterminated double-quoted string`);
    try {
      return JSON.parse(text) as string;
    } catch {
      throw new YamlError(`line ${number}: invalid escape in double-quoted string`);
    }
  }
  if (text.startsWith("'")) {
    if (!text.endsWith("'") || text.length < 2) throw new YamlError(`line ${number}: unterminated single-quoted string`);
    return text.slice(1, -1).replace(/''/g, "'");
  }
  if (text.startsWith("[") || text.startsWith("{")) {
    return flowCollection(text, number);
  }
  if (text.startsWith("&") || text.startsWith("*") || text.startsWith("!") || text.startsWith("@") || text.startsWith("`")) {
    throw new YamlError(`line ${number}: unsupported or reserved indicator \`${text[0]}\``);
  }
  if (/:\s/.test(text)) throw new YamlError(`line ${number}: mapping values are not allowed in this context`);
  if (text === "~" || text === "null") return null;
  if (text === "true") return true;
  if (text === "false") return false;
  if (/^[-+]?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

/** `[a, b]` / `{a: b}` on one line: read as JSON after quoting bare words. */
function flowCollection(text: string, number: number): YamlValue {
  const json = text.replace(/([\[{,:]\s*)([^\s"'\[\]{},:][^\[\]{},:]*?)(\s*)(?=[\]},:])/g, (_m, lead: string, word: string, space: string) => {
    const trimmed = word.trim();
    const literal = /^(true|false|null|[-+]?\d+(\.\d+)?)$/.test(trimmed);
    return `${lead}${literal ? trimmed : JSON.stringify(trimmed)}${space}`;
  });
  try {
    return JSON.parse(json) as YamlValue;
  } catch {
    throw new YamlError(`line ${number}: invalid flow collection`);
  }
}
