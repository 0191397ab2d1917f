import { z } from "zod";
import { named } from "./schema-meta.js";

export const RemoteControlConnectionStatus = named(
  "RemoteControlConnectionStatus",
  z.enum(["disabled", "connecting", "connected", "errored"]),
);

/** Sent to each connection once it is initialized: whether remote control is connected, and who this server is to it. */
export const RemoteControlStatusChangedNotification = named(
  "RemoteControlStatusChangedNotification",
  z
    .object({
      status: RemoteControlConnectionStatus,
      serverName: z.string(),
      installationId: z.string(),
      environmentId: z.string().nullable().optional(),
    })
    .describe("Current remote-control connection status and remote identity exposed to clients."),
);

/** `remoteControl/status/read` (experimental): the same status, on request. */
export const RemoteControlStatusReadResponse = named(
  "RemoteControlStatusReadResponse",
  z.object({
    status: RemoteControlConnectionStatus,
    serverName: z.string(),
    installationId: z.string(),
    environmentId: z.string().nullable().optional(),
  }),
);
