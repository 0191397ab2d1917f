// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ThreadReadStateUpdateParams = {
  threadId: string;
  operation: {
    type: "read";
  } | {
    type: "unread";
  };
  expectedRevision: string;
};
