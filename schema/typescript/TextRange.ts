// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { TextPosition } from "./TextPosition";

export type TextRange = {
  start: TextPosition;
  end: TextPosition;
};
