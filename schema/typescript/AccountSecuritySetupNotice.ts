// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { AccountSecuritySetupAction } from "./AccountSecuritySetupAction";

export type AccountSecuritySetupNotice = {
  accountId: string;
  userId: string;
  title: string;
  description: string;
  action: AccountSecuritySetupAction;
};
