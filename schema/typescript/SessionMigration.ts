// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type SessionMigration = {
  cwd: string;
  path: string;
  title?: string | null;
};
