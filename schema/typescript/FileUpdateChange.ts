// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { PatchChangeKind } from "./PatchChangeKind";

export type FileUpdateChange = {
  path: string;
  kind: PatchChangeKind;
  diff: string;
};
