// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ThreadSearchOccurrencesParams = {
  threadId: string;
  searchTerm: string;
  cursor?: string | null;
  limit?: number | null;
};
