// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ThreadEnvironment = {
  environmentId: string;
  cwd: string;
  runtimeWorkspaceRoots: Array<string>;
};
