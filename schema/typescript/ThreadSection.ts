// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ThreadSectionAppearance } from "./ThreadSectionAppearance";

export type ThreadSection = {
  id: string;
  name: string;
  appearance: ThreadSectionAppearance | null;
};
