// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type MarketplaceAddParams = {
  source: string;
  refName?: string | null;
  sparsePaths?: Array<string> | null;
};
