// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { AccountSessionWorkspaceKind } from "./AccountSessionWorkspaceKind";

export type AccountSessionWorkspace = {
  accountId: string;
  name?: string | null;
  imageUrl?: string | null;
  kind?: AccountSessionWorkspaceKind | null;
};
