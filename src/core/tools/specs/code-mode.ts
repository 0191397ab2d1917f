import { EXEC_GRAMMAR } from "../../code-mode/exec-source.js";
import { arraySchema, booleanSchema, numberSchema, objectSchema, stringSchema } from "./json-schema.js";
import { codeModeIdentifier, renderType } from "./ts-declaration.js";
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
  /** Its public name (`exec_command`, `mcp__<server>__<tool>`, `multi_agent_v1__spawn_agent`). */
  name: string;
  spec: FunctionTool | CustomTool;
  /** What its promise resolves with, as a JSON Schema (absent: `unknown`), or `"mcp"` for an MCP `CallToolResult`. */
  output?: JsonSchema | Record<string, unknown> | "mcp";
  /** The `structuredContent` schema an MCP tool declares (its `outputSchema`). */
  structuredContent?: unknown;
  /** Reachable through `tools` and `ALL_TOOLS` but left out of the `exec` description (MCP and sub-agent tools). */
  deferred?: boolean;
  /** The tool call it runs when that is a namespaced one (MCP servers, `multi_agent_v1`). */
  target?: { namespace: string; name: string };
  /** `nestedToolDescription`'s text, rendered once for specs kept across requests (the MCP servers' tools). */
  description?: string;
}

function outputType(tool: NestedToolSpec): string {
  if (tool.output === "mcp") {
    const structured = tool.structuredContent === undefined ? "unknown" : renderType(tool.structuredContent);
    return structured === "unknown" ? "CallToolResult" : `CallToolResult<${structured}>`;
  }
  return tool.output === undefined ? "unknown" : renderType(tool.output);
}

/** The tool's description followed by its TypeScript declaration, as `ALL_TOOLS` and the `exec` description show it. */
export function nestedToolDescription(tool: NestedToolSpec): string {
  if (tool.description !== undefined) return tool.description;
  const input = tool.spec.type === "custom" ? "input: string" : `args: ${renderType(tool.spec.parameters)}`;
  const declaration = `declare const tools: { ${codeModeIdentifier(tool.name)}(${input}): Promise<${outputType(tool)}>; };`;
  return `${tool.spec.description}\n\nexec tool declaration:\n\`\`\`ts\n${declaration}\n\`\`\``;
}

function heading(name: string): string {
  const global = codeModeIdentifier(name);
  return global === name ? `### \`${name}\`` : `### \`${global}\` (\`${name}\`)`;
}

const EXEC_OVERVIEW = [
  "Call every other tool through `exec`: it is the only way to reach them.",
  "",
  "Runs the JavaScript you give it as an async ES module (top-level `await` works) in a fresh, isolated JavaScript runtime. There is no Node.js, no `require` or `import`, no file system, no network and no `console`: reach the machine only through the nested tools on the global `tools` object, e.g. `const r = await tools.exec_command({ cmd: \"ls\" })`. Tool names become JavaScript identifiers, e.g. `tools.mcp__docs__search(...)` for the `search` tool of the MCP server `docs`.",
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

const DEFERRED_GUIDANCE = [
  "Not every nested tool is described here (MCP server tools and sub-agent tools are left out): all of them are on `tools` and in `ALL_TOOLS`. Look one up by filtering `ALL_TOOLS` on `name` or `description`, and print only the few matches you need.",
  "",
  "The set of tools may change from one call to the next.",
].join("\n");

/** The result types of MCP tools (the MCP specification's `CallToolResult` and its content blocks). */
const MCP_TYPES = [
  "Shared MCP Types:",
  "```ts",
  'type Role = "user" | "assistant";',
  "type MetaObject = Record<string, unknown>;",
  "type Annotations = { audience?: Role[]; priority?: number; lastModified?: string };",
  'type Icon = { src: string; mimeType?: string; sizes?: string[]; theme?: "light" | "dark" };',
  "type TextResourceContents = { uri: string; mimeType?: string; _meta?: MetaObject; text: string };",
  "type BlobResourceContents = { uri: string; mimeType?: string; _meta?: MetaObject; blob: string };",
  'type TextContent = { type: "text"; text: string; annotations?: Annotations; _meta?: MetaObject };',
  'type ImageContent = { type: "image"; data: string; mimeType: string; annotations?: Annotations; _meta?: MetaObject };',
  'type AudioContent = { type: "audio"; data: string; mimeType: string; annotations?: Annotations; _meta?: MetaObject };',
  "type ResourceLink = {",
  '  type: "resource_link"; name: string; uri: string; title?: string; description?: string; mimeType?: string;',
  "  icons?: Icon[]; annotations?: Annotations; size?: number; _meta?: MetaObject;",
  "};",
  'type EmbeddedResource = { type: "resource"; resource: TextResourceContents | BlobResourceContents; annotations?: Annotations; _meta?: MetaObject };',
  "type ContentBlock = TextContent | ImageContent | AudioContent | ResourceLink | EmbeddedResource;",
  "type CallToolResult<TStructured = { [key: string]: unknown }> = {",
  "  content: ContentBlock[]; structuredContent?: TStructured; isError?: boolean; _meta?: MetaObject; [key: string]: unknown;",
  "};",
  "```",
].join("\n");

/**
 * The `exec` tool. Its description lists the nested tools that are not
 * deferred with their declarations; as in the reference, the deferred-tools
 * note and the MCP result types are always there (the resource tools and
 * MCP servers' tools use them).
 */
export function execTool(nested: readonly NestedToolSpec[]): CustomTool {
  const sections = [EXEC_OVERVIEW, DEFERRED_GUIDANCE, MCP_TYPES];
  for (const tool of nested) {
    if (tool.deferred) continue;
    sections.push(`${heading(tool.name)}\n${nestedToolDescription(tool).trim()}`);
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
  /** `request_user_input_async` (catalogue entries listing `send_user_message_async`). */
  asyncUserInput: boolean;
  clock: boolean;
  collaboration: boolean;
}

/** The namespaces of the `additional_tools` item, in the reference's order. */
export function codeModeNamespaces(nested: readonly NestedToolSpec[], set: CodeModeToolSet): NamespaceTool[] {
  const functions: Array<FunctionTool | CustomTool> = [execTool(nested), waitTool(), requestUserInputTool()];
  if (set.asyncUserInput) functions.push(requestUserInputAsyncTool());
  const namespaces: NamespaceTool[] = [{ type: "namespace", name: "functions", description: "", tools: functions }];
  if (set.clock) namespaces.push(clockNamespace());
  if (set.collaboration) namespaces.push(collaborationNamespace());
  return namespaces;
}

/** What `exec_command` / `write_stdin` resolve with inside a script. */
const EXEC_RESULT: JsonSchema = objectSchema(
  {
    chunk_id: stringSchema("Id of this output chunk, when there is one."),
    exit_code: numberSchema("Exit code, when the command ended within this call."),
    original_token_count: numberSchema("Size of the output in tokens before it was cut."),
    output: stringSchema("What the command printed (possibly cut in the middle)."),
    session_id: numberSchema("Pass to write_stdin while the command still runs."),
    wall_time_seconds: numberSchema("Seconds spent waiting for output."),
  },
  ["output", "wall_time_seconds"],
);

const NESTED_OUTPUTS: Record<string, JsonSchema> = {
  exec_command: EXEC_RESULT,
  write_stdin: EXEC_RESULT,
  view_image: objectSchema({ image_url: stringSchema("The image as a data URL.") }, ["image_url"]),
  clock__curr_time: objectSchema({ current_time: stringSchema("The time now, as YYYY-MM-DD HH:MM:SS UTC.") }, ["current_time"]),
};

/**
 * The nested tools `exec` scripts may call, sorted by name: the direct-mode
 * functions and freeform tools, `clock__curr_time`, and the namespaced tools
 * (`extra`, already named and marked deferred by the caller).
 */
export function nestedToolSpecs(direct: readonly ToolSpec[], clock: boolean, extra: readonly NestedToolSpec[] = []): NestedToolSpec[] {
  const nested: NestedToolSpec[] = [];
  const withOutput = (name: string, spec: FunctionTool | CustomTool): NestedToolSpec => {
    const output = NESTED_OUTPUTS[name];
    return output ? { name, spec, output } : { name, spec };
  };
  for (const spec of direct) {
    if (spec.type !== "function" && spec.type !== "custom") continue;
    if (spec.name === "request_user_input") continue;
    nested.push(withOutput(spec.name, spec));
  }
  if (clock) {
    nested.push(
      withOutput("clock__curr_time", {
        type: "function",
        name: "clock__curr_time",
        description: "Returns the current time (UTC).",
        strict: false,
        parameters: objectSchema({}, []),
      }),
    );
  }
  const byName = new Map<string, NestedToolSpec>();
  for (const tool of [...nested, ...extra]) if (!byName.has(tool.name)) byName.set(tool.name, tool);
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
