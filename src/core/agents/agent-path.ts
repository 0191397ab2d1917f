/**
 * Multi-agent v2 addresses agents by path: the thread a user talks to is
 * `/root`, a sub-agent spawned with task name `worker` is `/root/worker`,
 * its own sub-agent `/root/worker/helper`. Tools accept absolute paths or
 * paths relative to the caller. Validation texts are the reference's.
 */

export const ROOT_AGENT_PATH = "/root";
const ROOT_SEGMENT = "root";

/** An error text the model reads, or nothing when `name` is a valid path segment. */
function segmentError(name: string): string | undefined {
  if (name === "") return "agent_name must not be empty";
  if (name === ROOT_SEGMENT) return "agent_name `root` is reserved";
  if (name === "." || name === "..") return `agent_name \`${name}\` is reserved`;
  if (name.includes("/")) return "agent_name must not contain `/`";
  if (!/^[a-z0-9_]+$/.test(name)) return "agent_name must use only lowercase letters, digits, and underscores";
  return undefined;
}

function absoluteError(path: string): string | undefined {
  if (!path.startsWith("/")) return "absolute agent paths must start with `/root`";
  const rest = path.slice(1);
  const [first, ...segments] = rest.split("/");
  if (first !== ROOT_SEGMENT) return "absolute agent paths must start with `/root`";
  if (rest.endsWith("/")) return "absolute agent path must not end with `/`";
  for (const segment of segments) {
    const error = segmentError(segment);
    if (error) return error;
  }
  return undefined;
}

export type PathResult = { path: string } | { error: string };

/** `parent/<name>` for a new agent's task name. */
export function childPath(parent: string, name: string): PathResult {
  const error = segmentError(name) ?? absoluteError(`${parent}/${name}`);
  return error ? { error } : { path: `${parent}/${name}` };
}

/** A tool's agent reference (absolute, or relative to the caller's path) as an absolute path. */
export function resolveAgentPath(current: string, reference: string): PathResult {
  if (reference === "") return { error: "agent path must not be empty" };
  if (reference === ROOT_AGENT_PATH) return { path: ROOT_AGENT_PATH };
  if (reference.startsWith("/")) {
    const error = absoluteError(reference);
    return error ? { error } : { path: reference };
  }
  if (reference.endsWith("/")) return { error: "relative agent path must not end with `/`" };
  for (const segment of reference.split("/")) {
    const error = segmentError(segment);
    if (error) return { error };
  }
  const joined = `${current}/${reference}`;
  const error = absoluteError(joined);
  return error ? { error } : { path: joined };
}

/** Whether `path` is `prefix` or lies below it. */
export function pathUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}
