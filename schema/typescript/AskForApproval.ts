// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { GranularAskForApproval } from "./GranularAskForApproval";

export type AskForApproval = "untrusted" | "on-request" | "never" | GranularAskForApproval;
