// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type AppsInstalledParams = {
  threadId?: string | null;
  forceRefresh?: boolean;
};
