// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ByteRange } from "./ByteRange";

export type TextElement = {
  byteRange: ByteRange;
  placeholder?: string | null;
};
