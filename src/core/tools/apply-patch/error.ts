/** A patch that cannot be parsed or applied; `message` is meant for the model. */
export class ApplyPatchError extends Error {
  constructor(
    message: string,
    readonly kind: "parse" | "apply" | "io",
  ) {
    super(message);
    this.name = "ApplyPatchError";
  }
}

/** A file-system error as the reference words it for the model ("No such file or directory", ...). */
export function ioErrorText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === "ENOENT") return "No such file or directory";
  if (e.code === "EISDIR") return "Is a directory";
  if (e.code === "EACCES") return "Permission denied";
  return e.message ?? String(error);
}

const OS_ERROR_NUMBERS: Record<string, number> = { ENOENT: 2, EACCES: 13, EISDIR: 21, ENOTDIR: 20 };

/** `ioErrorText` with the OS error number the reference appends when reading a file fails ("… (os error 2)"). */
export function osErrorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const number = code !== undefined ? OS_ERROR_NUMBERS[code] : undefined;
  return number === undefined ? ioErrorText(error) : `${ioErrorText(error)} (os error ${number})`;
}
