// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { FsReadDirectoryEntry } from "./FsReadDirectoryEntry";

export type FsReadDirectoryResponse = {
  entries: Array<FsReadDirectoryEntry>;
};
