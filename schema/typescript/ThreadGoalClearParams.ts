// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ThreadGoalMutationOrigin } from "./ThreadGoalMutationOrigin";

export type ThreadGoalClearParams = {
  threadId: string;
  origin?: ThreadGoalMutationOrigin | null;
};
