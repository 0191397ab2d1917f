// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type WebSearchAction = {
  type: "search";
  query: string | null;
  queries: Array<string> | null;
} | {
  type: "openPage";
  url: string | null;
} | {
  type: "findInPage";
  url: string | null;
  pattern: string | null;
} | {
  type: "other";
};
