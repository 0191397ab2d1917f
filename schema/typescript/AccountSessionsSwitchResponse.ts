// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { AccountSessionsResponse } from "./AccountSessionsResponse";

export type AccountSessionsSwitchResponse = AccountSessionsResponse | {
  auth_url: string;
  login_id: string;
};
