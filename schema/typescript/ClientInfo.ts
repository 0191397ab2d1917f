// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ClientInfo = {
  name: string;
  title?: string | null;
  version: string;
};
