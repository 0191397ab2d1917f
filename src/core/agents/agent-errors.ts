/** A refusal the model reads as the tool's output (the reference's texts). */
export class AgentCallError extends Error {}

export function agentNotFound(id: string): AgentCallError {
  return new AgentCallError(`agent with id ${id} not found`);
}
