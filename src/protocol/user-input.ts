import { z } from "zod";
import { Int } from "./common.js";
import { named } from "./schema-meta.js";

// ---------------------------------------------------------------------------
// item/tool/requestUserInput (server → client): the model's request_user_input call in Plan mode

export const ToolRequestUserInputOption = named(
  "ToolRequestUserInputOption",
  z.object({ label: z.string(), description: z.string() }),
);

export const ToolRequestUserInputQuestion = named(
  "ToolRequestUserInputQuestion",
  z.object({
    id: z.string(),
    header: z.string(),
    question: z.string(),
    isOther: z.boolean(),
    isSecret: z.boolean(),
    options: z.array(ToolRequestUserInputOption).nullable(),
  }),
);

export const ToolRequestUserInputParams = named(
  "ToolRequestUserInputParams",
  z.object({
    threadId: z.string(),
    turnId: z.string(),
    itemId: z.string(),
    questions: z.array(ToolRequestUserInputQuestion),
    isBlocking: z.boolean(),
    autoResolutionMs: Int.nullable(),
  }),
);

export const ToolRequestUserInputAnswer = named("ToolRequestUserInputAnswer", z.object({ answers: z.array(z.string()) }));

export const ToolRequestUserInputResponse = named(
  "ToolRequestUserInputResponse",
  z.object({ answers: z.record(z.string(), ToolRequestUserInputAnswer) }),
);
export type ToolRequestUserInputResponse = z.infer<typeof ToolRequestUserInputResponse>;
