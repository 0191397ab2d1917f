// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ConfigEdit } from "./ConfigEdit";

export type ConfigBatchWriteParams = {
  edits: Array<ConfigEdit>;
  filePath?: string | null;
  expectedVersion?: string | null;
  reloadUserConfig?: boolean;
};
