// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type InstalledApp = {
  id: string;
  enabled: boolean;
  callable: boolean;
  runtimeName?: string | null;
};
