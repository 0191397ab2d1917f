// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { AuthMode } from "./AuthMode";
import type { PlanType } from "./PlanType";

export type AccountUpdatedNotification = {
  authMode: AuthMode | null;
  planType: PlanType | null;
};
