// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { RemoteControlConnectionStatus } from "./RemoteControlConnectionStatus";

export type RemoteControlStatusReadResponse = {
  status: RemoteControlConnectionStatus;
  serverName: string;
  installationId: string;
  environmentId?: string | null;
};
