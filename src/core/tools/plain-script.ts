/**
 * Reads a shell script the way the reference's command summaries accept it:
 * only plain commands (literal words, single- or double-quoted strings
 * without expansions) joined by `&&`, `||`, `;`, `|` or newlines. Anything
 * else (redirections, `$` expansions, substitutions, assignments, comments,
 * subshells, `[ ]` tests, control flow, declarations, background `&`) makes
 * the whole script unreadable (null).
 *
 * Quotes are removed from words; a backslash escape, a glob character or
 * a `#` anywhere makes the script unreadable too.
 */

const SEPARATORS = new Set(["&&", "||", "|", ";", "\n"]);
/** First words the reference's grammar reads as something other than a plain command. */
const NOT_PLAIN_COMMANDS = new Set([
  "[", "[[", "{", "}", "!", "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac",
  "function", "select", "time", "coproc", "declare", "typeset", "export", "readonly", "local", "unset", "unsetenv",
]);
/** Unquoted characters the reference does not read as part of a plain word: expansions, globs, comments. */
const NOT_PLAIN_CHARS = new Set(["$", "`", "#", "*", "?", "[", "]", "~", "{", "}", "^"]);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;

type Lexeme = { separator: string } | { word: string; bare: string };

function lex(script: string): Lexeme[] | null {
  const out: Lexeme[] = [];
  let word = "";
  /** The word's unquoted source, to recognise assignments and keywords. */
  let bare = "";
  let inWord = false;
  const flush = () => {
    if (inWord) out.push({ word, bare });
    word = "";
    bare = "";
    inWord = false;
  };
  for (let i = 0; i < script.length; i++) {
    const c = script[i]!;
    if (c === "'") {
      const end = script.indexOf("'", i + 1);
      if (end === -1) return null;
      word += script.slice(i + 1, end);
      bare += "'";
      inWord = true;
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < script.length && script[j] !== '"'; j++) {
        const d = script[j]!;
        if (d === "$" || d === "`" || d === "\\") return null;
        word += d;
      }
      if (j >= script.length) return null;
      bare += '"';
      inWord = true;
      i = j;
    } else if (c === "\\") {
      // A line continuation separates words; any other escape is not plain.
      if (script[i + 1] !== "\n") return null;
      flush();
      i++;
    } else if (c === " " || c === "\t" || c === "\r") {
      flush();
    } else if (c === "\n") {
      flush();
      out.push({ separator: "\n" });
    } else if (NOT_PLAIN_CHARS.has(c)) {
      return null;
    } else if ("&|;<>()".includes(c)) {
      flush();
      const two = script.slice(i, i + 2);
      if (two === "&&" || two === "||") {
        out.push({ separator: two });
        i++;
      } else if (c === "|" || c === ";") {
        if (two === ";;" || two === ";&" || two === "|&") return null;
        out.push({ separator: c });
      } else {
        return null;
      }
    } else {
      word += c;
      bare += c;
      inWord = true;
    }
  }
  flush();
  return out;
}

/** The plain commands of `script` in source order, or null when it is not only plain commands. */
export function plainCommandSequence(script: string): string[][] | null {
  const lexemes = lex(script);
  if (lexemes === null) return null;
  const commands: string[][] = [];
  let current: string[] = [];
  /** A `&&`, `||` or `|` waits for the command on its right. */
  let dangling = false;
  for (const lexeme of lexemes) {
    if ("separator" in lexeme) {
      if (current.length > 0) {
        commands.push(current);
        current = [];
        dangling = lexeme.separator !== ";" && lexeme.separator !== "\n";
      } else if (lexeme.separator !== "\n") {
        // `&& ls`, `ls | | wc`, `ls ; ; pwd`: an empty command position (a newline after `&&` only continues it).
        return null;
      }
      continue;
    }
    if (current.length === 0 && (NOT_PLAIN_COMMANDS.has(lexeme.bare) || ASSIGNMENT.test(lexeme.bare))) return null;
    current.push(lexeme.word);
    dangling = false;
  }
  if (current.length > 0) commands.push(current);
  else if (dangling) return null;
  return commands;
}

/**
 * Splits a script into words like a POSIX shell lexer without operators
 * (`a|b` stays one word): quotes removed, backslashes interpreted, `#` at a
 * word start comments out the rest of the line. Null on an unclosed quote.
 */
export function shellSplit(text: string): string[] | null {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) return null;
      word += text.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === "\\" && j + 1 < text.length && '$`"\\\n'.includes(text[j + 1]!)) {
          if (text[j + 1] !== "\n") word += text[j + 1];
          j++;
        } else {
          word += text[j];
        }
      }
      if (j >= text.length) return null;
      inWord = true;
      i = j;
    } else if (c === "\\") {
      if (i + 1 >= text.length) return null;
      if (text[i + 1] !== "\n") {
        word += text[i + 1];
        inWord = true;
      }
      i++;
    } else if (c === " " || c === "\t" || c === "\n") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else if (c === "#" && !inWord) {
      const end = text.indexOf("\n", i);
      if (end === -1) break;
      i = end;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}
