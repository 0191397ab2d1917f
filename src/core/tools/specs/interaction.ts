import { arraySchema, objectSchema, stringSchema } from "./json-schema.js";
import type { FunctionTool } from "./types.js";

/** `request_user_input` (fact sheet §5.4): offered in every mode, answered only in Plan mode. */
export function requestUserInputTool(): FunctionTool {
  const option = objectSchema(
    {
      label: stringSchema("Short label the user picks (a few words)."),
      description: stringSchema("One sentence on what choosing this option means."),
    },
    ["label", "description"],
  );
  const question = objectSchema(
    {
      id: stringSchema("Stable snake_case key the answer is returned under."),
      header: stringSchema("Very short UI label for the question (12 characters at most)."),
      question: stringSchema("The question, in one sentence."),
      options: arraySchema(
        option,
        'Two or three mutually exclusive choices, the recommended one first with "(Recommended)" after its label. Do not add an "Other" choice; the client offers free-form input itself.',
      ),
    },
    ["id", "header", "question", "options"],
  );
  return {
    type: "function",
    name: "request_user_input",
    description:
      "Asks the user one to three short multiple-choice questions and waits for the answers. Only available in Plan mode.",
    strict: false,
    parameters: objectSchema({ questions: arraySchema(question, "The questions to ask; prefer one, never more than three.") }, ["questions"]),
  };
}

/** `view_image` (fact sheet §5.5). */
export function viewImageTool(): FunctionTool {
  return {
    type: "function",
    name: "view_image",
    description: "Shows you a local image file (by filesystem path) so you can look at it.",
    strict: false,
    parameters: objectSchema({ path: stringSchema("Path of the image file on the local filesystem.") }, ["path"]),
  };
}

/** `update_plan` (fact sheet §5.11), only with `[tools.update_plan] enabled = true`. */
export function updatePlanTool(): FunctionTool {
  const step = objectSchema(
    {
      step: stringSchema(),
      status: stringSchema("One of: pending, in_progress, completed"),
    },
    ["step", "status"],
  );
  return {
    type: "function",
    name: "update_plan",
    description:
      "Records the task plan: a list of steps, each pending, in_progress or completed, with an optional explanation. Keep at most one step in_progress.",
    strict: false,
    parameters: objectSchema({ explanation: stringSchema(), plan: arraySchema(step, "The steps of the plan.") }, ["plan"]),
  };
}
