import { z } from "zod";
import { Int } from "./common.js";
import { named } from "./schema-meta.js";

/**
 * An absolute, normalized path. The reference refuses relative paths while
 * deserializing; core checks that (src/core/workspace/absolute-path.ts) so the
 * refusal carries the reference's exact text.
 */
export const AbsolutePathBuf = named("AbsolutePathBuf", z.string());

export const FsReadFileParams = named("FsReadFileParams", z.object({ path: AbsolutePathBuf }));
export type FsReadFileParams = z.infer<typeof FsReadFileParams>;
export const FsReadFileResponse = named("FsReadFileResponse", z.object({ dataBase64: z.string() }));

export const FsWriteFileParams = named("FsWriteFileParams", z.object({ path: AbsolutePathBuf, dataBase64: z.string() }));
export type FsWriteFileParams = z.infer<typeof FsWriteFileParams>;
export const FsWriteFileResponse = named("FsWriteFileResponse", z.object({}));

export const FsCreateDirectoryParams = named(
  "FsCreateDirectoryParams",
  z.object({ path: AbsolutePathBuf, recursive: z.boolean().nullish() }),
);
export type FsCreateDirectoryParams = z.infer<typeof FsCreateDirectoryParams>;
export const FsCreateDirectoryResponse = named("FsCreateDirectoryResponse", z.object({}));

export const FsGetMetadataParams = named("FsGetMetadataParams", z.object({ path: AbsolutePathBuf }));
export type FsGetMetadataParams = z.infer<typeof FsGetMetadataParams>;
export const FsGetMetadataResponse = named(
  "FsGetMetadataResponse",
  z.object({
    isDirectory: z.boolean(),
    isFile: z.boolean(),
    isSymlink: z.boolean(),
    createdAtMs: Int,
    modifiedAtMs: Int,
  }),
);
export type FsGetMetadataResponse = z.infer<typeof FsGetMetadataResponse>;

export const FsReadDirectoryParams = named("FsReadDirectoryParams", z.object({ path: AbsolutePathBuf }));
export type FsReadDirectoryParams = z.infer<typeof FsReadDirectoryParams>;
export const FsReadDirectoryEntry = named(
  "FsReadDirectoryEntry",
  z.object({ fileName: z.string(), isDirectory: z.boolean(), isFile: z.boolean() }),
);
export type FsReadDirectoryEntry = z.infer<typeof FsReadDirectoryEntry>;
export const FsReadDirectoryResponse = named(
  "FsReadDirectoryResponse",
  z.object({ entries: z.array(FsReadDirectoryEntry) }),
);

export const FsRemoveParams = named(
  "FsRemoveParams",
  z.object({ path: AbsolutePathBuf, recursive: z.boolean().nullish(), force: z.boolean().nullish() }),
);
export type FsRemoveParams = z.infer<typeof FsRemoveParams>;
export const FsRemoveResponse = named("FsRemoveResponse", z.object({}));

export const FsCopyParams = named(
  "FsCopyParams",
  z.object({ sourcePath: AbsolutePathBuf, destinationPath: AbsolutePathBuf, recursive: z.boolean().optional() }),
);
export type FsCopyParams = z.infer<typeof FsCopyParams>;
export const FsCopyResponse = named("FsCopyResponse", z.object({}));

export const FsWatchParams = named("FsWatchParams", z.object({ watchId: z.string(), path: AbsolutePathBuf }));
export type FsWatchParams = z.infer<typeof FsWatchParams>;
export const FsWatchResponse = named("FsWatchResponse", z.object({ path: AbsolutePathBuf }));

export const FsUnwatchParams = named("FsUnwatchParams", z.object({ watchId: z.string() }));
export type FsUnwatchParams = z.infer<typeof FsUnwatchParams>;
export const FsUnwatchResponse = named("FsUnwatchResponse", z.object({}));

/** Connection-scoped: only the connection that asked for the watch receives it. */
export const FsChangedNotification = named(
  "FsChangedNotification",
  z.object({ watchId: z.string(), changedPaths: z.array(AbsolutePathBuf) }),
);
export type FsChangedNotification = z.infer<typeof FsChangedNotification>;
