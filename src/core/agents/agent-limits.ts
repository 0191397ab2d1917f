/** Concurrently open sub-agents per agent tree, when `[agents] max_threads` is not set (the reference's default). */
export const DEFAULT_AGENT_MAX_THREADS = 6;
/** How deep sub-agents may nest, when `[agents] max_depth` is not set (the reference's default: children cannot spawn). */
export const DEFAULT_AGENT_MAX_DEPTH = 1;

export interface AgentLimits {
  maxThreads: number;
  maxDepth: number;
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 ? value : undefined;
}

/** `[agents] max_threads` / `max_depth`; values below 1 (which the reference refuses at load) fall back to the defaults. */
export function agentLimits(values: Record<string, unknown>): AgentLimits {
  const agents = values.agents;
  const table = agents !== null && typeof agents === "object" && !Array.isArray(agents) ? (agents as Record<string, unknown>) : {};
  return {
    maxThreads: positiveInteger(table.max_threads) ?? DEFAULT_AGENT_MAX_THREADS,
    maxDepth: positiveInteger(table.max_depth) ?? DEFAULT_AGENT_MAX_DEPTH,
  };
}
