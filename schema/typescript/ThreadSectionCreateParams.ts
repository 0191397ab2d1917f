// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ThreadSectionAppearance } from "./ThreadSectionAppearance";

export type ThreadSectionCreateParams = {
  name: string;
  appearance?: ThreadSectionAppearance | null;
};
