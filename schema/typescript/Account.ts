// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { PlanType } from "./PlanType";

export type Account = {
  type: "apiKey";
} | {
  type: "chatgpt";
  email: string | null;
  planType: PlanType;
  workspaceName?: string | null;
} | {
  type: "amazonBedrock";
  usesCodexManagedCredentials?: boolean;
} | {
  type: "gcp";
};
