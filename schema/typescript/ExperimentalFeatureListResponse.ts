// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ExperimentalFeature } from "./ExperimentalFeature";

export type ExperimentalFeatureListResponse = {
  data: Array<ExperimentalFeature>;
  nextCursor: string | null;
};
