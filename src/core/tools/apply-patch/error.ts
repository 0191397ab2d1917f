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
