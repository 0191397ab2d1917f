// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ThreadReadState } from "./ThreadReadState";

export type ThreadReadStateChangedNotification = {
  threadId: string;
  readState: ThreadReadState;
};
