// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type WebSearchMode = "disabled" | "cached" | "indexed" | "live";
