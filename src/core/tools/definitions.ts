/**
 * The function tools offered to the model (Responses API `tools` entries)
 * and parsers for their call arguments.
 */

export interface FunctionToolDefinition {
  type: "function";
  name: string;
  description: string;
  strict: boolean;
  parameters: Record<string, unknown>;
}

export const APPLY_PATCH_INSTRUCTIONS = `Use the \`apply_patch\` tool to edit files.
Your patch language is a stripped-down, file-oriented diff format designed to be easy to parse and safe to apply. You can think of it as a high-level envelope:

*** Begin Patch
[ one or more file sections ]
*** End Patch

Within that envelope, you get a sequence of file operations.
You MUST include a header to specify the action you are taking.
Each operation starts with one of three headers:

*** Add File: <path> - create a new file. Every following line is a + line (the initial contents).
*** Delete File: <path> - remove an existing file. Nothing follows.
*** Update File: <path> - patch an existing file in place (optionally with a rename).

May be immediately followed by *** Move to: <new path> if you want to rename the file.
Then one or more "hunks", each introduced by @@ (optionally followed by a hunk header).
Within a hunk each line starts with a space (context), - (removed) or + (added).

For context: show 3 lines of code immediately above and 3 lines immediately below each change. If a change is within 3 lines of a previous change, do NOT duplicate the first change's context_after lines in the second change's context_before lines.
If 3 lines of context do not uniquely identify the snippet, use @@ with the class or function the snippet belongs to, e.g. \`@@ class BaseClass\`; several @@ lines may narrow it down further.

The full grammar:
Patch := Begin { FileOp } End
Begin := "*** Begin Patch" NEWLINE
End := "*** End Patch" NEWLINE
FileOp := AddFile | DeleteFile | UpdateFile
AddFile := "*** Add File: " path NEWLINE { "+" line NEWLINE }
DeleteFile := "*** Delete File: " path NEWLINE
UpdateFile := "*** Update File: " path NEWLINE [ MoveTo ] { Hunk }
MoveTo := "*** Move to: " newPath NEWLINE
Hunk := "@@" [ header ] NEWLINE { HunkLine } [ "*** End of File" NEWLINE ]
HunkLine := (" " | "-" | "+") text NEWLINE

Example:

*** Begin Patch
*** Add File: hello.txt
+Hello world
*** Update File: src/app.py
*** Move to: src/main.py
@@ def greet():
-print("Hi")
+print("Hello, world!")
*** Delete File: obsolete.txt
*** End Patch

Remember:
- You must include a header with your intended action (Add/Delete/Update)
- You must prefix new lines with \`+\` even when creating a new file
- File references can only be relative, NEVER ABSOLUTE.
`;

export interface ToolDefinitionOptions {
  /**
   * Offer `sandbox_permissions` / `justification` on `shell`: the model may ask
   * to run a command outside the sandbox (the user approves it). Only when the
   * approval policy can ask (`on-request`, `untrusted`).
   */
  escalation?: boolean;
}

export function shellToolDefinition(options: ToolDefinitionOptions = {}): FunctionToolDefinition {
  const properties: Record<string, unknown> = {
    command: { type: "array", items: { type: "string" }, description: "The command to execute" },
    workdir: { type: "string", description: "The working directory to execute the command in" },
    timeout_ms: { type: "number", description: "The timeout for the command in milliseconds" },
  };
  if (options.escalation) {
    properties.sandbox_permissions = {
      type: "string",
      enum: ["use_default", "require_escalated"],
      description:
        'Sandbox permissions for the command. Use "require_escalated" only when the command cannot work inside the sandbox (e.g. it must write outside the workspace or reach the network); the user is asked to approve it. Defaults to "use_default".',
    };
    properties.justification = {
      type: "string",
      description: 'Only with "require_escalated": one sentence, shown to the user, on why the command needs to run outside the sandbox.',
    };
  }
  return {
    type: "function",
    name: "shell",
    description: "Runs a shell command and returns its output.",
    strict: false,
    parameters: {
      type: "object",
      properties,
      required: ["command"],
      additionalProperties: false,
    },
  };
}

export function applyPatchToolDefinition(): FunctionToolDefinition {
  return {
    type: "function",
    name: "apply_patch",
    description: APPLY_PATCH_INSTRUCTIONS,
    strict: false,
    parameters: {
      type: "object",
      properties: {
        input: { type: "string", description: "The entire contents of the apply_patch command" },
      },
      required: ["input"],
      additionalProperties: false,
    },
  };
}

export function updatePlanToolDefinition(): FunctionToolDefinition {
  return {
    type: "function",
    name: "update_plan",
    description:
      "Updates the task plan.\nProvide an optional explanation and a list of plan items, each with a step and status.\nAt most one step can be in_progress at a time.\n",
    strict: false,
    parameters: {
      type: "object",
      properties: {
        explanation: { type: "string" },
        plan: {
          type: "array",
          description: "The list of steps",
          items: {
            type: "object",
            properties: {
              step: { type: "string" },
              status: { type: "string", description: "One of: pending, in_progress, completed" },
            },
            required: ["step", "status"],
            additionalProperties: false,
          },
        },
      },
      required: ["plan"],
      additionalProperties: false,
    },
  };
}

/** The tools for a turn: shell, apply_patch, update_plan. */
export function toolDefinitions(options: ToolDefinitionOptions = {}): FunctionToolDefinition[] {
  return [shellToolDefinition(options), applyPatchToolDefinition(), updatePlanToolDefinition()];
}

function parseObject(raw: string | unknown, tool: string): Record<string, unknown> {
  let value: unknown = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new Error(`failed to parse ${tool} arguments: ${(error as Error).message}`);
    }
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error(`${tool} arguments must be a JSON object`);
  return value as Record<string, unknown>;
}

/** `apply_patch` call arguments → the patch text. */
export function parseApplyPatchArgs(raw: string | unknown): { input: string } {
  const v = parseObject(raw, "apply_patch");
  if (typeof v.input !== "string") throw new Error("apply_patch arguments: `input` must be a string");
  return { input: v.input };
}

export interface PlanUpdate {
  explanation: string | null;
  /** Ready for `turn/plan/updated` (`in_progress` → `inProgress`). */
  plan: Array<{ step: string; status: "pending" | "inProgress" | "completed" }>;
}

/** `update_plan` call arguments → the `turn/plan/updated` payload (without ids). */
export function parseUpdatePlanArgs(raw: string | unknown): PlanUpdate {
  const v = parseObject(raw, "update_plan");
  if (!Array.isArray(v.plan)) throw new Error("update_plan arguments: `plan` must be an array");
  const plan = v.plan.map((item, i) => {
    if (item === null || typeof item !== "object") throw new Error(`update_plan arguments: plan[${i}] must be an object`);
    const { step, status } = item as Record<string, unknown>;
    if (typeof step !== "string") throw new Error(`update_plan arguments: plan[${i}].step must be a string`);
    const normalized = status === "in_progress" || status === "inProgress" ? "inProgress" : status === "completed" ? "completed" : status === "pending" ? "pending" : null;
    if (normalized === null) throw new Error(`update_plan arguments: plan[${i}].status must be one of pending, in_progress, completed`);
    return { step, status: normalized as "pending" | "inProgress" | "completed" };
  });
  if (plan.filter((p) => p.status === "inProgress").length > 1) {
    throw new Error("update_plan arguments: at most one step can be in_progress at a time");
  }
  return { explanation: typeof v.explanation === "string" ? v.explanation : null, plan };
}
