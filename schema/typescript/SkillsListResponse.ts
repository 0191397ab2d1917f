// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { SkillsListEntry } from "./SkillsListEntry";

export type SkillsListResponse = {
  data: Array<SkillsListEntry>;
};
