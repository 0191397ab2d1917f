// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { WindowsSandboxReadiness } from "./WindowsSandboxReadiness";

export type WindowsSandboxReadinessResponse = {
  status: WindowsSandboxReadiness;
};
