// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ThreadUnreadPosition } from "./ThreadUnreadPosition";

export type ThreadReadState = {
  firstUnread: ThreadUnreadPosition | null;
  revision: string;
};
