// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { HooksListEntry } from "./HooksListEntry";

export type HooksListResponse = {
  data: Array<HooksListEntry>;
};
