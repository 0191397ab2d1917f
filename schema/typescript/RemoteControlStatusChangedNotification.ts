// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { RemoteControlConnectionStatus } from "./RemoteControlConnectionStatus";

/**
 * Current remote-control connection status and remote identity exposed to clients.
 */
export type RemoteControlStatusChangedNotification = {
  status: RemoteControlConnectionStatus;
  serverName: string;
  installationId: string;
  environmentId?: string | null;
};
