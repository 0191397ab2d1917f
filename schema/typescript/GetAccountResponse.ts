// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { Account } from "./Account";
import type { WorkspaceRouting } from "./WorkspaceRouting";

export type GetAccountResponse = {
  account: Account | null;
  userId: string | null;
  requiresOpenaiAuth: boolean;
  workspaceRouting?: WorkspaceRouting | null;
};
