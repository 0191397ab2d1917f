// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ThreadGoal } from "./ThreadGoal";

export type ThreadGoalUpdatedNotification = {
  threadId: string;
  turnId: string | null;
  goal: ThreadGoal;
};
