// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type SkillInterface = {
  displayName?: string | null;
  shortDescription?: string | null;
  iconSmall?: string | null;
  iconSmallUrl?: string | null;
  iconLarge?: string | null;
  iconLargeUrl?: string | null;
  brandColor?: string | null;
  defaultPrompt?: string | null;
};
