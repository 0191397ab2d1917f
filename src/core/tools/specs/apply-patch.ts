import { objectSchema, stringSchema } from "./json-schema.js";
import type { CustomTool, FunctionTool } from "./types.js";

/**
 * `apply_patch` as the reference offers it to catalogue models with
 * `apply_patch_tool_type: "freeform"` (fact sheet §5.10): a custom tool whose
 * input is constrained by this Lark grammar. The grammar is an interface
 * fact and must stay byte for byte as is (it ends with a newline).
 */
export const APPLY_PATCH_LARK_GRAMMAR = `start: begin_patch hunk+ end_patch
begin_patch: "*** Begin Patch" LF
end_patch: "*** End Patch" LF?

hunk: add_hunk | delete_hunk | update_hunk
add_hunk: "*** Add File: " filename LF add_line+
delete_hunk: "*** Delete File: " filename LF
update_hunk: "*** Update File: " filename LF change_move? change?

filename: /(.+)/
add_line: "+" /(.*)/ LF -> line

change_move: "*** Move to: " filename LF
change: (change_context | change_line)+ eof_line?
change_context: ("@@" | "@@ " /(.+)/) LF
change_line: ("+" | "-" | " ") /(.*)/ LF
eof_line: "*** End of File" LF

%import common.LF
`;

export function applyPatchFreeformTool(): CustomTool {
  return {
    type: "custom",
    name: "apply_patch",
    description: "Edits files with a patch in the apply_patch format. This is a freeform tool: send the raw patch text, not JSON.",
    format: { type: "grammar", syntax: "lark", definition: APPLY_PATCH_LARK_GRAMMAR },
  };
}

/**
 * The JSON-function form of `apply_patch`. The reference (0.169.0) never
 * offers it (a catalogue value `"function"` fails to decode, and a
 * `function_call` named `apply_patch` is answered `unsupported call`); kept
 * for providers that cannot take custom tools.
 */
export function applyPatchFunctionTool(): FunctionTool {
  return {
    type: "function",
    name: "apply_patch",
    description: "Edits files with a patch in the apply_patch format, passed as the `input` string.",
    strict: false,
    parameters: objectSchema({ input: stringSchema("The whole patch, from *** Begin Patch to *** End Patch.") }, ["input"]),
  };
}
