// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { Thread } from "./Thread";
import type { ThreadReadState } from "./ThreadReadState";

export type ThreadReadResponse = {
  thread: Thread;
  readState: ThreadReadState | null;
};
