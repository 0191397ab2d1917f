// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { SkillDependencies } from "./SkillDependencies";
import type { SkillInterface } from "./SkillInterface";
import type { SkillScope } from "./SkillScope";

export type SkillMetadata = {
  name: string;
  description: string;
  shortDescription?: string | null;
  interface?: SkillInterface | null;
  dependencies?: SkillDependencies | null;
  path: string;
  scope: SkillScope;
  enabled: boolean;
  pluginId?: string | null;
};
