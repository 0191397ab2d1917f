// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type HookMetadata = {
  key: string;
  eventName: string;
  handlerType: string;
  enabled: boolean;
} & { [key: string]: unknown };
