// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type CommandExecResponse = {
  exitCode: number;
  stdout: string;
  stderr: string;
};
