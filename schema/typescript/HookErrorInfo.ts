// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type HookErrorInfo = {
  path: string;
  message: string;
};
