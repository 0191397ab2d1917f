// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { LegacyAppPathString } from "./LegacyAppPathString";
import type { SkillInterface } from "./SkillInterface";

export type SkillSummary = {
  name: string;
  description: string;
  shortDescription: string | null;
  interface: SkillInterface | null;
  path: LegacyAppPathString | null;
  enabled: boolean;
};
