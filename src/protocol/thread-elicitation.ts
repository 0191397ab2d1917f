import { z } from "zod";
import { Int } from "./common.js";
import { named } from "./schema-meta.js";

export const ThreadIncrementElicitationParams = named(
  "ThreadIncrementElicitationParams",
  z
    .object({ threadId: z.string().describe("Thread whose out-of-band elicitation counter should be incremented.") })
    .describe("Parameters for `thread/increment_elicitation`."),
);
export const ThreadIncrementElicitationResponse = named(
  "ThreadIncrementElicitationResponse",
  z
    .object({
      count: Int.describe("Current out-of-band elicitation count after the increment."),
      paused: z.boolean().describe("Whether timeout accounting is paused after applying the increment."),
    })
    .describe("Response for `thread/increment_elicitation`."),
);
export const ThreadDecrementElicitationParams = named(
  "ThreadDecrementElicitationParams",
  z
    .object({ threadId: z.string().describe("Thread whose out-of-band elicitation counter should be decremented.") })
    .describe("Parameters for `thread/decrement_elicitation`."),
);
export const ThreadDecrementElicitationResponse = named(
  "ThreadDecrementElicitationResponse",
  z
    .object({
      count: Int.describe("Current out-of-band elicitation count after the decrement."),
      paused: z.boolean().describe("Whether timeout accounting remains paused after applying the decrement."),
    })
    .describe("Response for `thread/decrement_elicitation`."),
);
