// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type SkillToolDependency = {
  type: string;
  value: string;
  description?: string | null;
  transport?: string | null;
  command?: string | null;
  url?: string | null;
};
