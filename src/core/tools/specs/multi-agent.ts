import { arraySchema, booleanSchema, numberSchema, objectSchema, stringSchema } from "./json-schema.js";
import type { FunctionTool, JsonSchema, NamespaceTool } from "./types.js";

/** The namespace of the v1 sub-agent tools (fact sheet §5.6). */
export const MULTI_AGENT_NAMESPACE = "multi_agent_v1";

export const MULTI_AGENT_NAMESPACE_DESCRIPTION = "Tools to start sub-agents, talk to them, wait for their results and close them.";

/** Default, least and greatest `wait_agent` timeout in milliseconds (the reference's clamp). */
export const WAIT_AGENT_TIMEOUT_MS = { default: 30_000, min: 10_000, max: 3_600_000 } as const;

function fn(name: string, description: string, properties: Record<string, JsonSchema>, required: string[]): FunctionTool {
  return { type: "function", name, description, strict: false, parameters: objectSchema(properties, required) };
}

/** One structured input item for an agent (text, image, audio, file or mention). */
function inputItemSchema(): JsonSchema {
  return objectSchema(
    {
      type: stringSchema("Kind of item: text, image, local_image, audio, mention or skill."),
      text: stringSchema("Text of a text item."),
      image_url: stringSchema("Image URL (or data URL) of an image item."),
      audio_url: stringSchema("Audio URL of an audio item."),
      path: stringSchema("Local file path of a local image, mention or skill."),
      name: stringSchema("Display name of a mention or skill."),
    },
    [],
  );
}

function spawnAgentTool(): FunctionTool {
  return fn(
    "spawn_agent",
    "Starts a sub-agent on a task of its own and returns its id. The sub-agent works concurrently in the same workspace, " +
      "with the same sandbox and approval policy, and cannot see this conversation unless `fork_context` is true. " +
      "Delegate self-contained, well-specified work (a search, an investigation, an isolated change); keep tightly coupled work yourself. " +
      "Give either `message` or `items`. Collect the result later with `wait_agent`, and close the agent when you no longer need it.",
    {
      message: stringSchema("The task for the sub-agent, as a complete instruction."),
      items: arraySchema(inputItemSchema(), "Structured input instead of `message`."),
      fork_context: booleanSchema("Start the sub-agent with a copy of this conversation's history."),
      model: stringSchema("Model for the sub-agent; default: this agent's model."),
      reasoning_effort: stringSchema("Reasoning effort for the sub-agent; default: the model's default."),
    },
    [],
  );
}

function sendInputTool(): FunctionTool {
  return fn(
    "send_input",
    "Sends more input to a running or finished sub-agent; it starts a new turn when the agent is idle. " +
      "With `interrupt` true the agent's current turn is stopped first. Give either `message` or `items`.",
    {
      target: stringSchema("Id of the agent (from spawn_agent)."),
      message: stringSchema("Text to send."),
      items: arraySchema(inputItemSchema(), "Structured input instead of `message`."),
      interrupt: booleanSchema("Stop the agent's current turn before delivering the input."),
    },
    ["target"],
  );
}

function waitAgentTool(): FunctionTool {
  return fn(
    "wait_agent",
    "Waits until at least one of the given agents has finished its turn (completed, failed, interrupted or closed) or the timeout passes, " +
      `and returns each finished agent's status with its final message. Timeout default ${WAIT_AGENT_TIMEOUT_MS.default} ms, ` +
      `between ${WAIT_AGENT_TIMEOUT_MS.min} and ${WAIT_AGENT_TIMEOUT_MS.max} ms.`,
    {
      targets: arraySchema(stringSchema(), "Ids of the agents to wait for."),
      timeout_ms: numberSchema("How long to wait at most, in milliseconds."),
    },
    ["targets"],
  );
}

function closeAgentTool(): FunctionTool {
  return fn(
    "close_agent",
    "Closes an agent (and the agents it started) once you no longer need it, stopping any work in progress; returns the status it had.",
    { target: stringSchema("Id of the agent to close.") },
    ["target"],
  );
}

function resumeAgentTool(): FunctionTool {
  return fn(
    "resume_agent",
    "Reopens a closed agent so it can take input again with send_input; returns its status.",
    { id: stringSchema("Id of the agent to reopen.") },
    ["id"],
  );
}

/** The tools of the namespace, in the reference's order. */
export function multiAgentFunctions(): FunctionTool[] {
  return [closeAgentTool(), resumeAgentTool(), sendInputTool(), spawnAgentTool(), waitAgentTool()];
}

/** The `multi_agent_v1` namespace as offered in `tools` (fact sheet §5.6). */
export function multiAgentNamespaceTool(): NamespaceTool {
  return { type: "namespace", name: MULTI_AGENT_NAMESPACE, description: MULTI_AGENT_NAMESPACE_DESCRIPTION, tools: multiAgentFunctions() };
}

/** Words that `tool_search` matches besides a tool's name and description. */
export const MULTI_AGENT_SEARCH_WORDS: Readonly<Record<string, string>> = {
  spawn_agent: "spawn start create delegate agent subagent sub-agent thread worker parallel task",
  send_input: "send input message interrupt agent subagent thread follow up",
  wait_agent: "wait agent subagent thread result status finished timeout",
  close_agent: "close shutdown stop agent subagent thread status target",
  resume_agent: "resume reopen closed agent subagent thread id",
};
