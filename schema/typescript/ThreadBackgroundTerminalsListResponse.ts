// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ThreadBackgroundTerminal } from "./ThreadBackgroundTerminal";

export type ThreadBackgroundTerminalsListResponse = {
  data: Array<ThreadBackgroundTerminal>;
  nextCursor: string | null;
};
