// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ThreadGoal } from "./ThreadGoal";

export type ThreadGoalGetResponse = {
  goal: ThreadGoal | null;
};
