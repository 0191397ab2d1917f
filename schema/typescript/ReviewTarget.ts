// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ReviewTarget = {
  type: "uncommittedChanges";
} | {
  type: "baseBranch";
  branch: string;
} | {
  type: "commit";
  sha: string;
  title?: string | null;
} | {
  type: "custom";
  instructions: string;
};
