import path from "node:path";
import { invalidRequest } from "../../protocol/errors.js";

/**
 * The reference's `AbsolutePathBuf`: absolute and lexically normalized
 * (`.`/`..` resolved, no symlinks followed); a relative path is refused while
 * the request is read, with this text.
 */
export function absolutePath(raw: string): string {
  if (!path.isAbsolute(raw)) {
    throw invalidRequest("Invalid request: AbsolutePathBuf deserialized without a base path");
  }
  return path.resolve(raw);
}
