// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ModelSafetyBufferingUpdatedNotification = {
  threadId: string;
  turnId: string;
  model: string;
  useCases: Array<string>;
  reasons: Array<string>;
  showBufferingUi: boolean;
  fasterModel: string | null;
};
