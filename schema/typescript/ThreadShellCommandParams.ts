// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ThreadShellCommandParams = {
  threadId: string;
  command: string;
  timeoutMs?: number | null;
};
