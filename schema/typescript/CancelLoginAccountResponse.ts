// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { CancelLoginAccountStatus } from "./CancelLoginAccountStatus";

export type CancelLoginAccountResponse = {
  status: CancelLoginAccountStatus;
};
