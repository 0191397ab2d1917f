import { z } from "zod";
import { Int, JsonValue } from "./common.js";
import { named } from "./schema-meta.js";

/** A thread's goal: thread/goal/*, and the model's get_goal / create_goal / update_goal tools. */
export const ThreadGoalStatus = named(
  "ThreadGoalStatus",
  z.enum(["active", "paused", "blocked", "usageLimited", "budgetLimited", "complete"]),
);
export type ThreadGoalStatus = z.infer<typeof ThreadGoalStatus>;

export const ThreadGoalMutationOrigin = named("ThreadGoalMutationOrigin", z.enum(["user", "automatic"]));

export const ThreadGoal = named(
  "ThreadGoal",
  z.object({
    threadId: z.string(),
    objective: z.string(),
    status: ThreadGoalStatus,
    tokenBudget: Int.nullable(),
    tokensUsed: Int,
    timeUsedSeconds: Int,
    createdAt: Int,
    updatedAt: Int,
  }),
);
export type ThreadGoal = z.infer<typeof ThreadGoal>;

export const ThreadGoalSetParams = named(
  "ThreadGoalSetParams",
  z.object({
    threadId: z.string(),
    objective: z.string().nullish(),
    status: ThreadGoalStatus.nullish(),
    tokenBudget: Int.nullish(),
    origin: ThreadGoalMutationOrigin.nullish(),
  }),
);
export type ThreadGoalSetParams = z.infer<typeof ThreadGoalSetParams>;
export const ThreadGoalSetResponse = named("ThreadGoalSetResponse", z.object({ goal: ThreadGoal }));

export const ThreadGoalGetParams = named("ThreadGoalGetParams", z.object({ threadId: z.string() }));
export const ThreadGoalGetResponse = named("ThreadGoalGetResponse", z.object({ goal: ThreadGoal.nullable() }));

export const ThreadGoalClearParams = named(
  "ThreadGoalClearParams",
  z.object({ threadId: z.string(), origin: ThreadGoalMutationOrigin.nullish() }),
);
export const ThreadGoalClearResponse = named("ThreadGoalClearResponse", z.object({ cleared: z.boolean() }));

export const ThreadGoalUpdatedNotification = named(
  "ThreadGoalUpdatedNotification",
  z.object({ threadId: z.string(), turnId: z.string().nullable(), goal: ThreadGoal }),
);
export const ThreadGoalClearedNotification = named("ThreadGoalClearedNotification", z.object({ threadId: z.string() }));

/** thread/inject_items: raw Responses API items for the thread's model context (checked by the core, -32602 per field). */
export const ThreadInjectItemsParams = named(
  "ThreadInjectItemsParams",
  z.object({ threadId: z.string(), items: z.array(JsonValue) }),
);
export const ThreadInjectItemsResponse = named("ThreadInjectItemsResponse", z.object({}));
