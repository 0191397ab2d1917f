// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { AccountSecuritySetupNotice } from "./AccountSecuritySetupNotice";

export type GetAccountSecuritySetupResponse = {
  notice?: AccountSecuritySetupNotice | null;
};
