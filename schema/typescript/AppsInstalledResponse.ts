// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { InstalledApp } from "./InstalledApp";

export type AppsInstalledResponse = {
  apps: Array<InstalledApp>;
};
