// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { AbsolutePathBuf } from "./AbsolutePathBuf";

export type FsRemoveParams = {
  path: AbsolutePathBuf;
  recursive?: boolean | null;
  force?: boolean | null;
};
