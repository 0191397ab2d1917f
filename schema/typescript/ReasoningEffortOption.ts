// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ReasoningEffort } from "./ReasoningEffort";

export type ReasoningEffortOption = {
  reasoningEffort: ReasoningEffort;
  description: string;
};
