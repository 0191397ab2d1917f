import { EXEC_GRAMMAR } from "../../code-mode/exec-source.js";
import { arraySchema, booleanSchema, numberSchema, objectSchema, stringSchema } from "./json-schema.js";
import { requestUserInputTool } from "./interaction.js";
import type { CustomTool, FunctionTool, JsonSchema, NamespaceTool, ToolSpec } from "./types.js";

/**
 * Code mode's tools (fact sheet §6): the model gets namespaces in an
 * `additional_tools` input item instead of `tools` — `functions` (`exec`,
 * `wait`, `request_user_input`, `request_user_input_async`), `clock` and,
 * for multi-agent v2 models, `collaboration`. Every other tool is a nested
 * tool the `exec` script calls through `tools.<name>(...)`.
 */

/** A nested tool as the `exec` description and `ALL_TOOLS` list it. */
export interface NestedToolSpec {
  name: string;
  spec: FunctionTool | CustomTool;
}

/** A JSON Schema as a TypeScript type, for the nested tools' declarations. */
function typeOf(schema: JsonSchema | undefined): string {
  if (!schema) return "unknown";
  switch (schema.type) {
    case "string":
      return schema.enum ? schema.enum.map((value) => JSON.stringify(value)).join(" | ") : "string";
    case "number":
    case "integer":
      return "number";
    case "boolean":
      return "boolean";
    case "array":
      return `Array<${typeOf(schema.items)}>`;
    case "object": {
      const required = new Set(schema.required ?? []);
      const fields = Object.entries(schema.properties).map(([key, value]) => `${key}${required.has(key) ? "" : "?"}: ${typeOf(value)}`);
      return fields.length === 0 ? "{}" : `{ ${fields.join("; ")} }`;
    }
    default:
      return "unknown";
  }
}

/** What each nested tool's promise resolves with. */
const NESTED_RESULT_TYPES: Record<string, string> = {
  exec_command: "{ chunk_id?: string; exit_code?: number; original_token_count?: number; output: string; session_id?: number; wall_time_seconds: number }",
  write_stdin: "{ chunk_id?: string; exit_code?: number; original_token_count?: number; output: string; session_id?: number; wall_time_seconds: number }",
  clock__curr_time: "{ current_time: string }",
  view_image: "Array<{ type: \"input_image\"; image_url: string }>",
};

function declaration(tool: NestedToolSpec): string {
  const input = tool.spec.type === "custom" ? "input: string" : `args: ${typeOf(tool.spec.parameters)}`;
  const result = NESTED_RESULT_TYPES[tool.name] ?? (tool.spec.type === "custom" ? "string" : "unknown");
  return `declare const tools: { ${tool.name}(${input}): Promise<${result}>; };`;
}

const EXEC_OVERVIEW = [
  "Call every other tool through `exec`: it is the only way to reach them.",
  "",
  "Runs the JavaScript you give it as an async ES module (top-level `await` works) in a fresh, isolated JavaScript runtime. There is no Node.js, no `require` or `import`, no file system, no network and no `console`: reach the machine only through the nested tools on the global `tools` object, e.g. `const r = await tools.exec_command({ cmd: \"ls\" })`.",
  "- Send plain JavaScript source, not JSON, not a quoted string, no markdown fences.",
  "- An optional first line `// @exec: {\"yield_time_ms\": 10000, \"max_output_tokens\": 1000}` sets how long to wait before handing back control while the script still runs (default 30000 ms) and the output budget in tokens (default 10000).",
  "- If the script is still running when that time is up, you get `Script running with cell ID <id>`; continue it with `wait({cell_id})` or stop it with `wait({cell_id, terminate: true})`.",
  "- When the module finishes, the runtime ends; promises nobody awaited are dropped.",
  "",
  "Globals:",
  "- `text(value)`: adds a text item to the result (non-strings are JSON-encoded).",
  "- `image(urlOrItem, detail?)`: adds an image item (an https or `data:` URL, `{ image_url, detail? }`, or an MCP image content block).",
  "- `store(key, value)` / `load(key)`: keep JSON-serializable values for later `exec` calls of this thread.",
  "- `notify(value)`: sends an extra output for this `exec` call right away.",
  "- `setTimeout(callback, ms)` / `clearTimeout(id)`: timers; a pending timer does not keep the script alive.",
  "- `exit()`: ends the script successfully at once.",
  "- `yield_control()`: hands the output so far back to you while the script keeps running.",
  "- `ALL_TOOLS`: `{ name, description }` of every nested tool.",
].join("\n");

/** The `exec` tool with its description listing the nested tools and their TypeScript declarations. */
export function execTool(nested: readonly NestedToolSpec[]): CustomTool {
  const sections = [EXEC_OVERVIEW];
  for (const tool of nested) {
    sections.push(`### \`${tool.name}\`\n${tool.spec.description}\n\nexec tool declaration:\n\`\`\`ts\n${declaration(tool)}\n\`\`\``);
  }
  return {
    type: "custom",
    name: "exec",
    description: sections.join("\n\n"),
    format: { type: "grammar", syntax: "lark", definition: EXEC_GRAMMAR },
  };
}

export function waitTool(): FunctionTool {
  return {
    type: "function",
    name: "wait",
    description: [
      "Continues an `exec` cell that answered `Script running with cell ID ...`.",
      "- `cell_id`: the cell to continue.",
      "- `yield_time_ms`: how long to wait for more output before handing back control again (default 10000).",
      "- `max_tokens`: output budget of this answer.",
      "- `terminate: true`: stop the cell instead of waiting.",
      "Returns the output produced since the last answer, or the cell's final result.",
    ].join("\n"),
    strict: false,
    parameters: objectSchema(
      {
        cell_id: stringSchema("Cell id from the `Script running with cell ID` line."),
        max_tokens: numberSchema("Output budget of this answer, in tokens."),
        terminate: booleanSchema("Stop the cell instead of waiting for it."),
        yield_time_ms: numberSchema("How long to wait for more output, in milliseconds."),
      },
      ["cell_id"],
    ),
  };
}

export function requestUserInputAsyncTool(): FunctionTool {
  const question = objectSchema(
    { options: arraySchema(stringSchema(), "Choices the user may pick from."), title: stringSchema("The question.") },
    ["title"],
  );
  const questions = arraySchema(question, "The questions to ask.");
  // The reference's schema bounds both arrays; the shared builders have no such field.
  (questions as unknown as Record<string, unknown>).minItems = 1;
  ((question as { properties: Record<string, Record<string, unknown>> }).properties.options!).minItems = 1;
  return {
    type: "function",
    name: "request_user_input_async",
    description: "Asks the user questions without waiting for the answers; the answers arrive later as a new message.",
    strict: false,
    parameters: objectSchema({ questions }, ["questions"]),
  };
}

export function clockNamespace(): NamespaceTool {
  return {
    type: "namespace",
    name: "clock",
    description: "Time tools.",
    tools: [
      {
        type: "function",
        name: "sleep",
        description: "Waits for the given time (1 to 43200000 milliseconds) before returning.",
        strict: false,
        parameters: objectSchema({ duration_ms: numberSchema("How long to wait, in milliseconds.") }, ["duration_ms"]),
      },
    ],
  };
}

function encryptedMessage(description: string): JsonSchema {
  return { type: "string", encrypted: true, description } as unknown as JsonSchema;
}

function collaborationTool(name: string, description: string, properties: Record<string, JsonSchema>, required: string[]): FunctionTool {
  return { type: "function", name, description, strict: false, parameters: objectSchema(properties, required) };
}

export function collaborationNamespace(): NamespaceTool {
  const target = stringSchema("Path of the agent, e.g. `/root/worker`.");
  return {
    type: "namespace",
    name: "collaboration",
    description: "Tools to work with a team of sub-agents.",
    tools: [
      collaborationTool("followup_task", "Gives an agent a follow-up task.", { message: encryptedMessage("The task."), target }, ["target", "message"]),
      collaborationTool("interrupt_agent", "Interrupts an agent's current work.", { target }, ["target"]),
      collaborationTool("list_agents", "Lists the agents of the team.", { path_prefix: stringSchema("Only agents under this path.") }, []),
      collaborationTool("send_message", "Sends an agent a message.", { message: encryptedMessage("The message."), target }, ["target", "message"]),
      collaborationTool(
        "spawn_agent",
        "Starts a sub-agent on a task.",
        {
          fork_turns: stringSchema("How much of this conversation the agent starts with."),
          message: encryptedMessage("The task."),
          model: stringSchema("Model of the agent."),
          reasoning_effort: stringSchema("Reasoning effort of the agent."),
          task_name: stringSchema("Short snake_case name; becomes the agent's path."),
        },
        ["task_name", "message"],
      ),
      collaborationTool("wait_agent", "Waits for a message from an agent.", { timeout_ms: numberSchema("Longest wait, in milliseconds.") }, []),
    ],
  };
}

export interface CodeModeToolSet {
  clock: boolean;
  collaboration: boolean;
}

/** The namespaces of the `additional_tools` item, in the reference's order. */
export function codeModeNamespaces(nested: readonly NestedToolSpec[], set: CodeModeToolSet): NamespaceTool[] {
  const namespaces: NamespaceTool[] = [
    { type: "namespace", name: "functions", description: "", tools: [execTool(nested), waitTool(), requestUserInputTool(), requestUserInputAsyncTool()] },
  ];
  if (set.clock) namespaces.push(clockNamespace());
  if (set.collaboration) namespaces.push(collaborationNamespace());
  return namespaces;
}

/** The nested tools `exec` scripts may call, sorted by name, from the direct-mode set. */
export function nestedToolSpecs(direct: readonly ToolSpec[], clock: boolean): NestedToolSpec[] {
  const nested: NestedToolSpec[] = [];
  for (const spec of direct) {
    if (spec.type !== "function" && spec.type !== "custom") continue;
    if (spec.name === "request_user_input") continue;
    nested.push({ name: spec.name, spec });
  }
  if (clock) {
    nested.push({
      name: "clock__curr_time",
      spec: { type: "function", name: "clock__curr_time", description: "Returns the current time (UTC).", strict: false, parameters: objectSchema({}, []) },
    });
  }
  return nested.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
