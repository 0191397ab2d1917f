// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ThreadMetadataGitInfoUpdateParams } from "./ThreadMetadataGitInfoUpdateParams";

export type ThreadMetadataUpdateParams = {
  threadId: string;
  gitInfo?: ThreadMetadataGitInfoUpdateParams | null;
  daybreakEnabled?: boolean | null;
  projectId?: string | null;
};
