// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { HookEventName } from "./HookEventName";
import type { HookSource } from "./HookSource";
import type { HookTrustStatus } from "./HookTrustStatus";

export type HookMetadata = {
  key: string;
  eventName: HookEventName;
  handlerType: "command";
  command: string;
  async?: boolean;
  matcher: string | null;
  timeoutSec: number;
  statusMessage: string | null;
  sourcePath: string;
  source: HookSource;
  pluginId: string | null;
  environmentId: string | null;
  additionalContextLimit: number | null;
  displayOrder: number;
  enabled: boolean;
  isManaged: boolean;
  currentHash: string;
  trustStatus: HookTrustStatus;
};
