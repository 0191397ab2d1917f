// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ThreadItemsListCursor = string | {
  type: "item";
  itemId: string;
};
