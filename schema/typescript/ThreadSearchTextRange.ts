// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ThreadSearchTextRange = {
  start: number;
  end: number;
};
