// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type AppInfo = {
  id: string;
  name: string;
} & { [key: string]: unknown };
