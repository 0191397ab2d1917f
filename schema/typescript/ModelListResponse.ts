// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { Model } from "./Model";

export type ModelListResponse = {
  data: Array<Model>;
  nextCursor: string | null;
};
