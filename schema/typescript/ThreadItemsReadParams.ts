// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ThreadItemsReadParams = {
  threadId: string;
  turnId: string;
  itemIds: Array<string>;
};
