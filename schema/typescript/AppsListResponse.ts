// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { AppInfo } from "./AppInfo";

export type AppsListResponse = {
  data: Array<AppInfo>;
  nextCursor: string | null;
};
