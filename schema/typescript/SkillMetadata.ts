// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type SkillMetadata = {
  name: string;
  description: string;
  path: string;
  scope: string;
  enabled: boolean;
} & { [key: string]: unknown };
