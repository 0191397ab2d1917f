// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { FileChangeApprovalDecision } from "./FileChangeApprovalDecision";

export type FileChangeRequestApprovalResponse = {
  decision: FileChangeApprovalDecision;
};
