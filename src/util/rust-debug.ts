/** A string as Rust's `{:?}` prints it: quoted, with backslashes, quotes and control characters escaped. */
export function rustDebugString(text: string): string {
  const escaped = text.replace(/[\\"\n\r\t\0]|[\u0001-\u001f\u007f]/g, (char) => {
    switch (char) {
      case "\\":
        return "\\\\";
      case '"':
        return '\\"';
      case "\n":
        return "\\n";
      case "\r":
        return "\\r";
      case "\t":
        return "\\t";
      case "\0":
        return "\\0";
      default:
        return `\\u{${char.charCodeAt(0).toString(16)}}`;
    }
  });
  return `"${escaped}"`;
}
