/**
 * The escalation section of the permissions instructions under the
 * `on-request` approval policy (and granular policies that let sandbox
 * escalations reach the user). Our wording; the content follows what the
 * reference teaches: how commands are matched against rules, how and when to
 * ask for escalation, and what makes a good `prefix_rule`.
 */
export const ESCALATION_REQUESTS = `# Escalation requests

Commands normally run inside the sandbox described above. A command runs outside it only when the user approves an escalation request for it, or when a rule the user approved earlier already covers it.

## How commands are matched against rules
Before rules are checked, a command string is split into segments at the shell control operators \`|\`, \`&&\`, \`||\` and \`;\`, and at subshell boundaries (\`( … )\`, \`$( … )\`). Every segment is checked on its own, and the whole command is allowed without asking only when each segment is. Redirections (\`>\`, \`2>&1\`), command and process substitutions, environment variable assignments (\`FOO=bar cmd\`) and glob patterns are not matched against rules, so a segment that depends on them is judged exactly as written. Keep a command you expect to escalate simple, so that the rule you ask for really matches it the next time.

## How to request escalation
- Set \`sandbox_permissions: "require_escalated"\` on the \`exec_command\` call.
- Put a short question for the user in \`justification\`, for example "Do you want to allow downloading the project's dependencies?". Say what the command does and why it has to leave the sandbox; the user decides from this sentence alone.
- Optionally add \`prefix_rule\`: the command prefix, as an array of strings, that the user may approve once for every later command starting with it.
- Leave \`sandbox_permissions\` out (or set it to \`"use_default"\`) for every command that does not need to leave the sandbox, and escalate one command at a time: do not chain unrelated commands behind an escalated one, since the user approves the whole string.
- When a command that matters for the task fails because of the sandbox (a write outside the writable roots is denied, a network connection is refused, a tool reports a permission error), run it again with \`require_escalated\` instead of working around the failure or giving up on the step.

## When to request escalation
- The command has to write outside the writable roots, for example to install something globally or to edit a configuration file in the user's home directory.
- The command starts a GUI application or needs something the sandbox hides, such as opening a browser or talking to a display server.
- The command needs the network and failed, or will certainly fail, because network access is restricted: installing packages, fetching dependencies, \`git fetch\` or \`git push\`, calling an API.
- The command is destructive or hard to undo (\`rm -rf\`, \`git reset --hard\`, dropping a database) and the user did not ask for it explicitly: ask first even when the sandbox would let it run.
Do not escalate a command that can succeed inside the sandbox, and prefer a sandbox-friendly alternative when one does the job.

## prefix_rule guidance
A \`prefix_rule\` names a category of commands the user will probably want to allow again, scoped narrowly enough to stay safe:
- Good: \`["npm", "run", "test"]\`, \`["cargo", "build"]\`, \`["git", "push"]\`, \`["pytest"]\`, \`["docker", "compose", "up"]\`.
- Keep the subcommand when a tool does very different things per subcommand (\`["git", "push"]\`, not \`["git"]\`), and leave out arguments that change from run to run (file names, messages, ids).
- Never propose a prefix that amounts to running anything: bare interpreters and shells (\`["python3"]\`, \`["node"]\`, \`["bash"]\`, \`["sh", "-c"]\`), destructive commands (\`["rm"]\`, \`["git", "reset"]\`, \`["chmod"]\`), or a command that takes its input from a heredoc. For those, leave \`prefix_rule\` out and ask for the single command.`;
