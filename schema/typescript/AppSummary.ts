// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type AppSummary = {
  id: string;
  name: string;
  description?: string | null;
  installUrl?: string | null;
  category?: string | null;
};
