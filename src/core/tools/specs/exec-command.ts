import { arraySchema, booleanSchema, numberSchema, objectSchema, stringSchema } from "./json-schema.js";
import type { FunctionTool } from "./types.js";

/**
 * `exec_command` and `write_stdin`, the unified exec tools (fact sheet §5.2,
 * §5.3). The parameter set is the same in every sandbox × approval
 * combination: the escalation fields are always offered; the permissions
 * instructions tell the model when it may use them.
 */

export function execCommandTool(): FunctionTool {
  return {
    type: "function",
    name: "exec_command",
    description: "Runs a shell command (in a PTY when asked) and returns its output, or a session ID to keep interacting with it.",
    strict: false,
    parameters: objectSchema(
      {
        cmd: stringSchema("The shell command to run."),
        workdir: stringSchema("Directory to run the command in; defaults to the turn's working directory. Relative paths resolve against it."),
        shell: stringSchema("Shell binary to run the command with; defaults to the user's shell."),
        login: booleanSchema("Run the shell as a login shell (-lc instead of -c). Defaults to true."),
        tty: booleanSchema("Give the command a pseudo-terminal so it can be driven interactively with write_stdin. Defaults to false (plain pipes, stdin closed)."),
        yield_time_ms: numberSchema("How long to wait for the command, in milliseconds, before returning what it printed so far."),
        max_output_tokens: numberSchema("Upper bound on the tokens of output returned; longer output is cut in the middle."),
        sandbox_permissions: stringSchema(
          'Sandbox permissions for this command: "use_default" (the default) or "require_escalated" to ask the user to run it without sandbox restrictions.',
        ),
        justification: stringSchema(
          'Only with sandbox_permissions "require_escalated": a one-sentence question shown to the user explaining why the command must run outside the sandbox.',
        ),
        prefix_rule: arraySchema(
          stringSchema(),
          'Only with sandbox_permissions "require_escalated": a short command prefix (e.g. ["npm", "test"]) the user may approve for similar future commands.',
        ),
      },
      ["cmd"],
    ),
  };
}

export function writeStdinTool(): FunctionTool {
  return {
    type: "function",
    name: "write_stdin",
    description: "Sends characters to a running exec_command session and returns the output produced since the last call.",
    strict: false,
    parameters: objectSchema(
      {
        session_id: numberSchema("The session ID that exec_command reported for the running process."),
        chars: stringSchema("Characters to write to the process's stdin; leave empty to only wait for more output."),
        yield_time_ms: numberSchema("How long to wait for output, in milliseconds, before returning."),
        max_output_tokens: numberSchema("Upper bound on the tokens of output returned; longer output is cut in the middle."),
      },
      ["session_id"],
    ),
  };
}
