import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync, existsSync, openSync, ftruncateSync, closeSync, lstatSync, utimesSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ServerProcess } from "../helpers/server-process.js";

async function started(): Promise<ServerProcess> {
  const server = new ServerProcess();
  await server.initialize();
  return server;
}

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), "aas-fs-"));
}

/** Whole milliseconds of a path's exact modification time (what fs/getMetadata reports). */
function modifiedMs(target: string): number {
  return Number(statSync(target, { bigint: true }).mtimeNs / 1_000_000n);
}

const NOT_FOUND = { code: -32603, message: "No such file or directory (os error 2)" };

describe("fs/* one-shot requests", () => {
  it("round-trips binary content through fs/writeFile and fs/readFile", async () => {
    const server = await started();
    const dir = tempDir();
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const file = path.join(dir, "all-bytes.bin");
    expect(await server.call("fs/writeFile", { path: file, dataBase64: bytes.toString("base64") })).toEqual({});
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(await server.call("fs/readFile", { path: file })).toEqual({ dataBase64: bytes.toString("base64") });
    // An empty file, and a path with `..` in it (normalized, as the reference does).
    writeFileSync(path.join(dir, "empty"), "");
    expect(await server.call("fs/readFile", { path: `${dir}/sub/../empty` })).toEqual({ dataBase64: "" });
  });

  it("refuses bad base64, relative paths, directories and files over the size limit", async () => {
    const server = await started();
    const dir = tempDir();
    const file = path.join(dir, "w");
    expect(await server.callError("fs/writeFile", { path: file, dataBase64: "!!" })).toEqual({
      code: -32600,
      message: "fs/writeFile requires valid base64 dataBase64: Invalid symbol 33, offset 0.",
    });
    expect(await server.callError("fs/writeFile", { path: file, dataBase64: "AAE" })).toEqual({
      code: -32600,
      message: "fs/writeFile requires valid base64 dataBase64: Invalid padding",
    });
    expect(existsSync(file)).toBe(false);
    expect(await server.callError("fs/readFile", { path: "relative/file" })).toEqual({
      code: -32600,
      message: "Invalid request: AbsolutePathBuf deserialized without a base path",
    });
    expect(await server.callError("fs/readFile", { path: dir })).toEqual({
      code: -32600,
      message: `path \`${dir}\` is not a file`,
    });
    expect(await server.callError("fs/readFile", { path: path.join(dir, "missing") })).toEqual(NOT_FOUND);
    expect(await server.callError("fs/writeFile", { path: dir, dataBase64: "" })).toEqual({
      code: -32603,
      message: "Is a directory (os error 21)",
    });
    // A sparse 600 MB file: refused from its size, without reading it.
    const huge = path.join(dir, "huge");
    const fd = openSync(huge, "w");
    ftruncateSync(fd, 600 * 1024 * 1024);
    closeSync(fd);
    const askedAt = Date.now();
    const error = await server.callError("fs/readFile", { path: huge });
    expect(error.code).toBe(-32600);
    expect(error.message).toMatch(/^file is too large to read: limit is \d+ bytes$/);
    expect(Date.now() - askedAt).toBeLessThan(2_000);
  });

  it("describes files, directories and symlinks with fs/getMetadata", async () => {
    const server = await started();
    const dir = tempDir();
    const file = path.join(dir, "file.txt");
    writeFileSync(file, "hello");
    const mtime = new Date("2024-05-06T07:08:09.123Z");
    utimesSync(file, mtime, mtime);
    mkdirSync(path.join(dir, "sub"));
    symlinkSync(file, path.join(dir, "link"));
    symlinkSync(path.join(dir, "sub"), path.join(dir, "dir-link"));
    symlinkSync(path.join(dir, "nowhere"), path.join(dir, "dangling"));

    const meta = await server.call("fs/getMetadata", { path: file });
    expect(meta).toMatchObject({ isDirectory: false, isFile: true, isSymlink: false, modifiedAtMs: modifiedMs(file) });
    expect(Math.abs(meta.modifiedAtMs - mtime.getTime())).toBeLessThanOrEqual(1);
    expect(Number.isInteger(meta.createdAtMs) && meta.createdAtMs >= 0).toBe(true);
    expect(await server.call("fs/getMetadata", { path: path.join(dir, "sub") })).toMatchObject({
      isDirectory: true,
      isFile: false,
      isSymlink: false,
      modifiedAtMs: modifiedMs(path.join(dir, "sub")),
    });
    expect(await server.call("fs/getMetadata", { path: path.join(dir, "link") })).toMatchObject({
      isDirectory: false,
      isFile: true,
      isSymlink: true,
      modifiedAtMs: modifiedMs(file),
    });
    expect(await server.call("fs/getMetadata", { path: path.join(dir, "dir-link") })).toMatchObject({
      isDirectory: true,
      isFile: false,
      isSymlink: true,
    });
    expect(await server.callError("fs/getMetadata", { path: path.join(dir, "dangling") })).toEqual(NOT_FOUND);
  });

  it("lists a directory's direct children by bare name, links resolved, dangling links left out", async () => {
    const server = await started();
    const dir = tempDir();
    writeFileSync(path.join(dir, "b.txt"), "b");
    mkdirSync(path.join(dir, "a-dir"));
    writeFileSync(path.join(dir, "a-dir", "nested.txt"), "n");
    symlinkSync(path.join(dir, "a-dir"), path.join(dir, "c-link"));
    symlinkSync(path.join(dir, "nowhere"), path.join(dir, "dangling"));
    expect(await server.call("fs/readDirectory", { path: dir })).toEqual({
      entries: [
        { fileName: "a-dir", isDirectory: true, isFile: false },
        { fileName: "b.txt", isDirectory: false, isFile: true },
        { fileName: "c-link", isDirectory: true, isFile: false },
      ],
    });
    expect(await server.callError("fs/readDirectory", { path: path.join(dir, "b.txt") })).toEqual({
      code: -32603,
      message: "Not a directory (os error 20)",
    });
  });

  it("creates directories (recursive by default) and reports what is in the way", async () => {
    const server = await started();
    const dir = tempDir();
    expect(await server.call("fs/createDirectory", { path: path.join(dir, "x", "y", "z") })).toEqual({});
    expect(statSync(path.join(dir, "x", "y", "z")).isDirectory()).toBe(true);
    expect(await server.call("fs/createDirectory", { path: path.join(dir, "x") })).toEqual({});
    expect(await server.callError("fs/createDirectory", { path: path.join(dir, "x"), recursive: false })).toEqual({
      code: -32603,
      message: "File exists (os error 17)",
    });
    expect(await server.callError("fs/createDirectory", { path: path.join(dir, "p", "q"), recursive: false })).toEqual(
      NOT_FOUND,
    );
    writeFileSync(path.join(dir, "file"), "");
    expect(await server.callError("fs/createDirectory", { path: path.join(dir, "file") })).toEqual({
      code: -32603,
      message: "File exists (os error 17)",
    });
  });

  it("removes files, links and trees; force and recursive default to true", async () => {
    const server = await started();
    const dir = tempDir();
    mkdirSync(path.join(dir, "tree", "deep"), { recursive: true });
    writeFileSync(path.join(dir, "tree", "deep", "f"), "f");
    writeFileSync(path.join(dir, "target"), "t");
    symlinkSync(path.join(dir, "target"), path.join(dir, "link"));

    expect(await server.callError("fs/remove", { path: path.join(dir, "tree"), recursive: false })).toEqual({
      code: -32603,
      message: "Directory not empty (os error 39)",
    });
    expect(await server.call("fs/remove", { path: path.join(dir, "tree") })).toEqual({});
    expect(existsSync(path.join(dir, "tree"))).toBe(false);
    // A link goes, what it points to stays.
    expect(await server.call("fs/remove", { path: path.join(dir, "link") })).toEqual({});
    expect(existsSync(path.join(dir, "link"))).toBe(false);
    expect(readFileSync(path.join(dir, "target"), "utf8")).toBe("t");
    expect(await server.call("fs/remove", { path: path.join(dir, "missing") })).toEqual({});
    expect(await server.callError("fs/remove", { path: path.join(dir, "missing"), force: false })).toEqual(NOT_FOUND);
  });

  it("copies files, symlinks (as links) and trees, refusing a copy into itself", async () => {
    const server = await started();
    const dir = tempDir();
    const src = path.join(dir, "src");
    mkdirSync(path.join(src, "inner"), { recursive: true });
    writeFileSync(path.join(src, "inner", "data.bin"), Buffer.from([0, 255, 7]));
    symlinkSync("inner/data.bin", path.join(src, "rel-link"));

    expect(await server.call("fs/copy", { sourcePath: path.join(src, "inner", "data.bin"), destinationPath: path.join(dir, "copy.bin") })).toEqual({});
    expect(readFileSync(path.join(dir, "copy.bin"))).toEqual(Buffer.from([0, 255, 7]));

    expect(await server.callError("fs/copy", { sourcePath: src, destinationPath: path.join(dir, "dst") })).toEqual({
      code: -32600,
      message: "fs/copy requires recursive: true when sourcePath is a directory",
    });
    expect(await server.callError("fs/copy", { sourcePath: src, destinationPath: path.join(src, "inner", "again"), recursive: true })).toEqual({
      code: -32600,
      message: "fs/copy cannot copy a directory to itself or one of its descendants",
    });
    expect(await server.call("fs/copy", { sourcePath: src, destinationPath: path.join(dir, "dst"), recursive: true })).toEqual({});
    expect(readFileSync(path.join(dir, "dst", "inner", "data.bin"))).toEqual(Buffer.from([0, 255, 7]));
    expect(lstatSync(path.join(dir, "dst", "rel-link")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path.join(dir, "dst", "rel-link"))).toBe("inner/data.bin");

    expect(await server.callError("fs/copy", { sourcePath: path.join(dir, "missing"), destinationPath: path.join(dir, "x") })).toEqual(NOT_FOUND);
  });
});
