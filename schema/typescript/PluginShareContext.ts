// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { PluginShareDiscoverability } from "./PluginShareDiscoverability";
import type { PluginSharePrincipal } from "./PluginSharePrincipal";

export type PluginShareContext = {
  remotePluginId: string;
  remoteVersion?: string | null;
  shareUrl?: string | null;
  creatorAccountUserId?: string | null;
  creatorName?: string | null;
  discoverability?: PluginShareDiscoverability | null;
  sharePrincipals?: Array<PluginSharePrincipal> | null;
  canPublishToWorkspace?: boolean | null;
};
