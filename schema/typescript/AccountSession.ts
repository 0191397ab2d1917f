// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { AccountSessionWorkspace } from "./AccountSessionWorkspace";

export type AccountSession = {
  sessionId: string;
  email?: string | null;
  userId?: string | null;
  displayName?: string | null;
  imageUrl?: string | null;
  lastUsedAt: number;
  isActive: boolean;
  selectedWorkspaceAccountId?: string | null;
  workspaces: Array<AccountSessionWorkspace>;
};
