import os from "node:os";
import { internalError, type RpcError } from "../../protocol/errors.js";

/** strerror texts, as the reference prints an OS error (`<text> (os error <n>)`). */
const DESCRIPTIONS: Readonly<Record<string, string>> = {
  EPERM: "Operation not permitted",
  ENOENT: "No such file or directory",
  EIO: "Input/output error",
  EBADF: "Bad file descriptor",
  EACCES: "Permission denied",
  EBUSY: "Device or resource busy",
  EEXIST: "File exists",
  EXDEV: "Invalid cross-device link",
  ENOTDIR: "Not a directory",
  EISDIR: "Is a directory",
  EINVAL: "Invalid argument",
  ENFILE: "Too many open files in system",
  EMFILE: "Too many open files",
  ETXTBSY: "Text file busy",
  EFBIG: "File too large",
  ENOSPC: "No space left on device",
  EROFS: "Read-only file system",
  EMLINK: "Too many links",
  ENAMETOOLONG: "File name too long",
  ENOTEMPTY: "Directory not empty",
  ELOOP: "Too many levels of symbolic links",
  EDQUOT: "Disk quota exceeded",
};

/** The errno name of a Node filesystem error, if it is one. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * A failed filesystem call as the reference answers it: -32603 with the OS
 * error's own text (`No such file or directory (os error 2)`).
 */
export function ioError(error: unknown): RpcError {
  const text = osErrorText(errnoCode(error));
  return internalError(text ?? (error instanceof Error ? error.message : String(error)));
}

/** `No such file or directory (os error 2)` for `ENOENT`: how the reference prints an OS error; undefined for unknown codes. */
export function osErrorText(code: string | undefined): string | undefined {
  const errno = code === undefined ? undefined : (os.constants.errno as Record<string, number>)[code];
  const description = code === undefined ? undefined : DESCRIPTIONS[code];
  return description !== undefined && errno !== undefined ? `${description} (os error ${errno})` : undefined;
}
