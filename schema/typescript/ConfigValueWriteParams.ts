// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { JsonValue } from "./JsonValue";
import type { MergeStrategy } from "./MergeStrategy";

export type ConfigValueWriteParams = {
  keyPath: string;
  value: JsonValue;
  mergeStrategy: MergeStrategy;
  filePath?: string | null;
  expectedVersion?: string | null;
};
