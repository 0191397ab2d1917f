// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { SkillToolDependency } from "./SkillToolDependency";

export type SkillDependencies = {
  tools: Array<SkillToolDependency>;
};
