// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ThreadSection } from "./ThreadSection";

export type ThreadSectionUpdateResponse = {
  section: ThreadSection;
};
