// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ThreadSectionMoveParams = {
  threadId: string;
  sectionId: string | null;
  beforeThreadId?: string | null;
};
