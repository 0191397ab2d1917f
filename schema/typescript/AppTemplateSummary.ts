// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type AppTemplateSummary = {
  templateId: string;
  name: string;
  materializedAppIds: Array<string>;
} & { [key: string]: unknown };
