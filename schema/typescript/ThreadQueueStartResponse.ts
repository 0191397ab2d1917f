// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { Turn } from "./Turn";

export type ThreadQueueStartResponse = {
  turn: Turn;
};
