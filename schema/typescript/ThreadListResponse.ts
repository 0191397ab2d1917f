// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { Thread } from "./Thread";
import type { ThreadReadState } from "./ThreadReadState";

export type ThreadListResponse = {
  data: Array<Thread>;
  readStates: { [key: string]: ThreadReadState } | null;
  nextCursor: string | null;
  backwardsCursor: string | null;
};
