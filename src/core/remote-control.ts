import os from "node:os";
import { installationId } from "../config/installation-id.js";

export interface RemoteControlStatus {
  status: "disabled" | "connecting" | "connected" | "errored";
  serverName: string;
  installationId: string;
  environmentId: string | null;
}

/**
 * Remote control (reaching this server through the ChatGPT relay) is not
 * offered here, so the status is always `disabled`; the identity is what the
 * reference reports with it: the host's name and the installation id.
 */
export function remoteControlStatus(codexHome: string): RemoteControlStatus {
  return { status: "disabled", serverName: os.hostname(), installationId: installationId(codexHome), environmentId: null };
}
