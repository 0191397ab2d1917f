// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type FuzzyFileSearchParams = {
  query: string;
  roots: Array<string>;
  cancellationToken?: string | null;
};
