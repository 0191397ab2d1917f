// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type TurnInterruptParams = {
  threadId: string;
  turnId: string;
};
