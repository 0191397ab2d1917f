// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type PatchChangeKind = {
  type: "add";
} | {
  type: "delete";
} | {
  type: "update";
  move_path: string | null;
};
