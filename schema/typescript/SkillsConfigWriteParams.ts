// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type SkillsConfigWriteParams = {
  enabled: boolean;
  name?: string | null;
  path?: string | null;
};
