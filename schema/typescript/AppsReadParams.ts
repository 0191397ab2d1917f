// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type AppsReadParams = {
  appIds: Array<string>;
  includeTools?: boolean;
  threadId?: string | null;
};
