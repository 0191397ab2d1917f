const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const VALUE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;
const PAD = 61; // '='

/**
 * Decodes canonical, padded standard base64 (what the reference accepts) or
 * says why not, in the reference's words; Node's own decoder would silently
 * skip bad characters and truncate.
 */
export function decodeStrictBase64(text: string): { bytes: Buffer } | { error: string } {
  const bytes = Buffer.from(text, "utf8");
  let padStart = bytes.length;
  while (padStart > 0 && bytes[padStart - 1] === PAD) padStart--;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (i < padStart ? byte >= 128 || VALUE[byte] === -1 : byte !== PAD) {
      return { error: `Invalid symbol ${byte}, offset ${i}.` };
    }
  }
  const padding = bytes.length - padStart;
  if (padStart % 4 === 1) return { error: "Invalid input length." };
  if (bytes.length % 4 !== 0 || padding > 2 || (padding > 0 && padding !== 4 - (padStart % 4))) {
    return { error: "Invalid padding" };
  }
  // Canonical encodings leave the unused low bits of the last symbol at zero.
  const remainder = padStart % 4;
  if (remainder !== 0) {
    const last = VALUE[bytes[padStart - 1]!]!;
    const unusedBits = remainder === 2 ? 0b1111 : 0b11;
    if ((last & unusedBits) !== 0) return { error: `Invalid last symbol ${bytes[padStart - 1]}, offset ${padStart - 1}.` };
  }
  return { bytes: Buffer.from(text, "base64") };
}
