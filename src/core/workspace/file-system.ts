import { constants as bufferConstants } from "node:buffer";
import { promises as fsp, type Dirent } from "node:fs";
import path from "node:path";
import type {
  FsCopyParams,
  FsCreateDirectoryParams,
  FsGetMetadataParams,
  FsGetMetadataResponse,
  FsReadDirectoryEntry,
  FsReadDirectoryParams,
  FsReadFileParams,
  FsRemoveParams,
  FsWriteFileParams,
} from "../../protocol/fs.js";
import { invalidRequest } from "../../protocol/errors.js";
import { absolutePath } from "./absolute-path.js";
import { errnoCode, ioError } from "./io-error.js";
import { decodeStrictBase64 } from "./strict-base64.js";

/** The reference reads at most 512 MiB. */
const REFERENCE_READ_LIMIT = 512 * 1024 * 1024;
const MIB = 1024 * 1024;
/**
 * Ours is lower when the base64 text of a larger file would not fit in one
 * V8 string (about 512 Mi characters): 383 MiB on 64-bit Node. Room is left
 * for the rest of the response line.
 */
export const READ_FILE_LIMIT_BYTES = Math.min(
  REFERENCE_READ_LIMIT,
  Math.floor(((bufferConstants.MAX_STRING_LENGTH - MIB) / 4) * 3 / MIB) * MIB,
);

/**
 * Whole milliseconds since the epoch from exact nanoseconds (the float
 * `mtimeMs` can round below the true millisecond); 0 when the platform does
 * not know, the reference's convention.
 */
function epochMs(ns: bigint): number {
  return ns > 0n ? Number(ns / 1_000_000n) : 0;
}

/**
 * `mkdir -p` one level at a time. Node's own recursive mkdir never returns
 * where a directory refuses new entries with ENOENT (`/proc/x`: it spins in a
 * thread-pool thread); here a second ENOENT after creating the parents is the
 * answer, as the reference gives it.
 */
async function makeDirectories(directory: string): Promise<void> {
  try {
    await fsp.mkdir(directory);
  } catch (error) {
    const code = errnoCode(error);
    if (code === "EEXIST") return;
    const parent = path.dirname(directory);
    if (code !== "ENOENT" || parent === directory) throw error;
    await makeDirectories(parent);
    await fsp.mkdir(directory).catch((again: unknown) => {
      if (errnoCode(again) !== "EEXIST") throw again;
    });
  }
}

/** The `fs/*` requests: plain host filesystem calls on absolute paths, with the reference's errors. */
export class FileSystemService {
  async readFile(params: FsReadFileParams): Promise<{ dataBase64: string }> {
    const file = absolutePath(params.path);
    const stats = await fsp.stat(file).catch((error: unknown) => {
      throw ioError(error);
    });
    if (!stats.isFile()) throw invalidRequest(`path \`${file}\` is not a file`);
    if (stats.size > READ_FILE_LIMIT_BYTES) throw tooLarge();
    const bytes = await fsp.readFile(file).catch((error: unknown) => {
      throw errnoCode(error) === "ERR_FS_FILE_TOO_LARGE" ? tooLarge() : ioError(error);
    });
    // It may have grown since the stat.
    if (bytes.length > READ_FILE_LIMIT_BYTES) throw tooLarge();
    return { dataBase64: bytes.toString("base64") };
  }

  async writeFile(params: FsWriteFileParams): Promise<Record<string, never>> {
    const file = absolutePath(params.path);
    const decoded = decodeStrictBase64(params.dataBase64);
    if ("error" in decoded) throw invalidRequest(`fs/writeFile requires valid base64 dataBase64: ${decoded.error}`);
    await fsp.writeFile(file, decoded.bytes).catch((error: unknown) => {
      throw ioError(error);
    });
    return {};
  }

  async createDirectory(params: FsCreateDirectoryParams): Promise<Record<string, never>> {
    const directory = absolutePath(params.path);
    const recursive = params.recursive ?? true;
    try {
      if (recursive) await makeDirectories(directory);
      else await fsp.mkdir(directory);
    } catch (error) {
      throw ioError(error);
    }
    if (recursive) {
      // `mkdir -p` over an existing file succeeds in Node but not in the reference.
      const stats = await fsp.stat(directory).catch((error: unknown) => {
        throw ioError(error);
      });
      if (!stats.isDirectory()) throw ioError(Object.assign(new Error("exists"), { code: "EEXIST" }));
    }
    return {};
  }

  async getMetadata(params: FsGetMetadataParams): Promise<FsGetMetadataResponse> {
    const target = absolutePath(params.path);
    try {
      const stats = await fsp.stat(target, { bigint: true });
      const link = await fsp.lstat(target);
      return {
        isDirectory: stats.isDirectory(),
        isFile: stats.isFile(),
        isSymlink: link.isSymbolicLink(),
        createdAtMs: epochMs(stats.birthtimeNs),
        modifiedAtMs: epochMs(stats.mtimeNs),
      };
    } catch (error) {
      throw ioError(error);
    }
  }

  async readDirectory(params: FsReadDirectoryParams): Promise<{ entries: FsReadDirectoryEntry[] }> {
    const directory = absolutePath(params.path);
    let dirents: Dirent[];
    try {
      dirents = await fsp.readdir(directory, { withFileTypes: true });
    } catch (error) {
      throw ioError(error);
    }
    const entries: FsReadDirectoryEntry[] = [];
    for (const dirent of dirents) {
      let isDirectory = dirent.isDirectory();
      let isFile = dirent.isFile();
      if (dirent.isSymbolicLink()) {
        // Entries describe what a link resolves to; a dangling link is left out, as the reference does.
        const stats = await fsp.stat(path.join(directory, dirent.name)).catch(() => null);
        if (!stats) continue;
        isDirectory = stats.isDirectory();
        isFile = stats.isFile();
      }
      entries.push({ fileName: dirent.name, isDirectory, isFile });
    }
    entries.sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0));
    return { entries };
  }

  async remove(params: FsRemoveParams): Promise<Record<string, never>> {
    const target = absolutePath(params.path);
    const recursive = params.recursive ?? true;
    const force = params.force ?? true;
    try {
      const stats = await fsp.lstat(target);
      if (stats.isDirectory()) {
        if (recursive) await fsp.rm(target, { recursive: true });
        else await fsp.rmdir(target);
      } else {
        await fsp.unlink(target);
      }
    } catch (error) {
      if (force && errnoCode(error) === "ENOENT") return {};
      throw ioError(error);
    }
    return {};
  }

  async copy(params: FsCopyParams): Promise<Record<string, never>> {
    const source = absolutePath(params.sourcePath);
    const destination = absolutePath(params.destinationPath);
    const stats = await fsp.lstat(source).catch((error: unknown) => {
      throw ioError(error);
    });
    try {
      if (stats.isDirectory()) {
        if (params.recursive !== true) {
          throw invalidRequest("fs/copy requires recursive: true when sourcePath is a directory");
        }
        if (await isSameOrInside(source, destination)) {
          throw invalidRequest("fs/copy cannot copy a directory to itself or one of its descendants");
        }
        await copyTree(source, destination);
      } else if (stats.isSymbolicLink()) {
        await fsp.symlink(await fsp.readlink(source), destination);
      } else if (stats.isFile()) {
        await fsp.copyFile(source, destination);
      } else {
        throw invalidRequest("fs/copy only supports regular files, directories, and symlinks");
      }
    } catch (error) {
      if (errnoCode(error) !== undefined) throw ioError(error);
      throw error;
    }
    return {};
  }
}

function tooLarge() {
  return invalidRequest(`file is too large to read: limit is ${READ_FILE_LIMIT_BYTES} bytes`);
}

/** Whether `destination` (which need not exist yet) is `source` or lies inside it, symlinks resolved. */
async function isSameOrInside(source: string, destination: string): Promise<boolean> {
  const realSource = await fsp.realpath(source);
  const missing: string[] = [];
  let existing = destination;
  for (;;) {
    try {
      existing = await fsp.realpath(existing);
      break;
    } catch (error) {
      const parent = path.dirname(existing);
      if (parent === existing || errnoCode(error) !== "ENOENT") throw error;
      missing.unshift(path.basename(existing));
      existing = parent;
    }
  }
  const resolved = path.join(existing, ...missing);
  return resolved === realSource || resolved.startsWith(realSource.endsWith(path.sep) ? realSource : realSource + path.sep);
}

/** Copies a tree: files, directories and symlinks (as links); FIFOs, sockets and devices are skipped. */
async function copyTree(source: string, destination: string): Promise<void> {
  await fsp.mkdir(destination, { recursive: true });
  for (const entry of await fsp.readdir(source, { withFileTypes: true })) {
    const from = path.join(source, entry.name);
    const to = path.join(destination, entry.name);
    if (entry.isDirectory()) await copyTree(from, to);
    else if (entry.isFile()) await fsp.copyFile(from, to);
    else if (entry.isSymbolicLink()) await fsp.symlink(await fsp.readlink(from), to);
  }
}
