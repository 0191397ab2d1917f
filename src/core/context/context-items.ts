import type { AskForApproval, SandboxPolicy } from "../../protocol/policy.js";
import { agentsMdBlock } from "./agents-md.js";
import {
  collaborationModeBlock,
  effectiveCollaborationMode,
  type CatalogCollaborationModes,
  type CollaborationModeSetting,
} from "./collaboration-mode.js";
import { deferredToolsSection, type DeferredNamespace } from "./deferred-tools.js";
import { environmentContext, filesystemElement, partialEnvironmentContext, type EnvironmentFacts } from "./environment-context.js";
import { message, uuidMessageIds, type ContextMessage, type MessageIds } from "./message-items.js";
import { permissionsInstructions, type CatalogApprovalTexts, type CatalogPermissionTexts } from "./permissions.js";
import { listedSkills, skillsSection, type Skill } from "./skills.js";
import { MULTI_AGENT_MODE, MULTI_AGENT_ROLE } from "./multi-agent.js";

/**
 * The settings whose changes between turns make the reference add context
 * items (§4.7). The turn loop keeps, per thread, the last value it sent and
 * passes it back as `previous` on the next turn.
 */
export interface TurnContextSettings {
  cwd: string;
  /** Shell name, e.g. `bash`. */
  shell: string;
  /** `YYYY-MM-DD` in `timezone` at the start of the turn (`currentDateIn`). */
  currentDate: string;
  timezone: string;
  sandboxPolicy: SandboxPolicy;
  approvalPolicy: AskForApproval;
  /** The client's collaboration mode, sticky across turns; null when none was ever sent. */
  collaborationMode: CollaborationModeSetting | null;
  /** AGENTS.md contents for `cwd` (the text inside `<INSTRUCTIONS>`), null when there is none. */
  agentsMd: string | null;
}

/** Inputs fixed for a thread (or a model) that shape its first request but never trigger updates. */
export interface ThreadPromptInputs {
  /** Developer message 0, from `chooseBaseInstructions`. */
  baseInstructions: string;
  /** Thread or config `developerInstructions`: the first part of developer message 1. */
  developerInstructions: string | null;
  skills?: { list: readonly Skill[]; includeUsageInstructions: boolean } | null;
  /** Namespaces behind `tool_search`; given only when tool search is on. */
  deferredToolNamespaces?: readonly DeferredNamespace[] | null;
  catalogApprovals?: CatalogApprovalTexts | null;
  catalogPermissions?: CatalogPermissionTexts | null;
  catalogCollaborationModes?: CatalogCollaborationModes | null;
  /** `$TMPDIR`, listed as a writable root under workspace-write. */
  tmpdir?: string | null;
  approvedPrefixRules?: readonly (readonly string[])[];
  /** The config's `include_environment_context`; default true. */
  includeEnvironmentContext?: boolean;
  /** Multi-agent v2 models: the `<multi_agent_role>` and `<multi_agent_mode>` developer messages follow developer message 1. */
  multiAgentV2?: boolean;
}

function facts(turn: TurnContextSettings): EnvironmentFacts {
  return { cwd: turn.cwd, shell: turn.shell, currentDate: turn.currentDate, timezone: turn.timezone, sandboxPolicy: turn.sandboxPolicy };
}

function permissionsPart(thread: ThreadPromptInputs, turn: TurnContextSettings): string {
  return permissionsInstructions({
    sandboxPolicy: turn.sandboxPolicy,
    approvalPolicy: turn.approvalPolicy,
    cwd: turn.cwd,
    tmpdir: thread.tmpdir,
    approvedPrefixRules: thread.approvedPrefixRules,
    catalogApprovals: thread.catalogApprovals,
    catalogPermissions: thread.catalogPermissions,
  });
}

function modePart(thread: ThreadPromptInputs, turn: TurnContextSettings): string | null {
  const mode = effectiveCollaborationMode(turn.collaborationMode, thread.catalogCollaborationModes);
  return mode ? collaborationModeBlock(mode, thread.catalogCollaborationModes) : null;
}

function withEnvironment(thread: ThreadPromptInputs): boolean {
  return thread.includeEnvironmentContext ?? true;
}

/**
 * The context items of a thread's first request, in the reference's order:
 * developer message 0 (base instructions, name-based id), developer message 1
 * (developerInstructions, skills, permissions, collaboration mode, deferred
 * tools), then a user message with the AGENTS.md block and the environment
 * context. The caller appends the user's own message after them.
 */
export function initialContextItems(thread: ThreadPromptInputs, turn: TurnContextSettings, ids: MessageIds = uuidMessageIds): ContextMessage[] {
  const items = [message(ids.forBaseInstructions(thread.baseInstructions), "developer", [thread.baseInstructions])];
  const developer: string[] = [];
  if (thread.developerInstructions) developer.push(thread.developerInstructions);
  if (thread.skills && listedSkills(thread.skills.list).length > 0) developer.push(skillsSection(thread.skills.list, thread.skills.includeUsageInstructions));
  developer.push(permissionsPart(thread, turn));
  const mode = modePart(thread, turn);
  if (mode !== null) developer.push(mode);
  if (thread.deferredToolNamespaces && thread.deferredToolNamespaces.length > 0) developer.push(deferredToolsSection(thread.deferredToolNamespaces));
  items.push(message(ids.next(), "developer", developer));
  if (thread.multiAgentV2) {
    items.push(message(ids.next(), "developer", [MULTI_AGENT_ROLE]));
    items.push(message(ids.next(), "developer", [MULTI_AGENT_MODE]));
  }
  const user: string[] = [];
  if (turn.agentsMd !== null) user.push(agentsMdBlock(turn.cwd, turn.agentsMd));
  if (withEnvironment(thread)) user.push(environmentContext(facts(turn)));
  if (user.length > 0) items.push(message(ids.next(), "user", user));
  return items;
}

/** JSON text with sorted keys: policies compare equal whatever order their fields were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * A policy with its optional fields filled in: `{type: "readOnly"}` from a turn and the stored
 * `{type: "readOnly", networkAccess: false}` of a resumed thread are the same policy.
 */
function withDefaults(policy: SandboxPolicy): SandboxPolicy {
  switch (policy.type) {
    case "readOnly":
      return { type: "readOnly", networkAccess: policy.networkAccess ?? false };
    case "workspaceWrite":
      return {
        type: "workspaceWrite",
        writableRoots: policy.writableRoots ?? [],
        networkAccess: policy.networkAccess ?? false,
        excludeTmpdirEnvVar: policy.excludeTmpdirEnvVar ?? false,
        excludeSlashTmp: policy.excludeSlashTmp ?? false,
      };
    case "externalSandbox":
      return { type: "externalSandbox", networkAccess: policy.networkAccess ?? "restricted" };
    default:
      return policy;
  }
}

/** What changed between two turns' settings, as far as the model's context is concerned. */
export interface ContextChanges {
  permissions: boolean;
  cwd: boolean;
  shell: boolean;
  /** Current date or timezone. */
  clock: boolean;
  /** The `<filesystem>` element (workspace root and permission profile): not every permissions change alters it. */
  filesystem: boolean;
  collaborationMode: boolean;
}

export function contextChanges(thread: ThreadPromptInputs, previous: TurnContextSettings, next: TurnContextSettings): ContextChanges {
  return {
    permissions:
      canonical(withDefaults(previous.sandboxPolicy)) !== canonical(withDefaults(next.sandboxPolicy)) ||
      canonical(previous.approvalPolicy) !== canonical(next.approvalPolicy),
    cwd: previous.cwd !== next.cwd,
    shell: previous.shell !== next.shell,
    clock: previous.currentDate !== next.currentDate || previous.timezone !== next.timezone,
    filesystem: filesystemElement(previous.cwd, previous.sandboxPolicy) !== filesystemElement(next.cwd, next.sandboxPolicy),
    collaborationMode: modePart(thread, previous) !== modePart(thread, next),
  };
}

/**
 * The items to insert before the next user message when settings changed
 * (§4.7); earlier items are never edited. At most one developer message
 * (new permissions instructions, then the new collaboration-mode block) and
 * one user message: after a cwd change the new AGENTS.md block with the
 * replacement notice and a full environment context; otherwise, when
 * the filesystem element, the date or the timezone changed, a partial
 * environment context (date, timezone, filesystem): an approval-policy or
 * network change alone gets only the permissions message, as in the
 * reference. Nothing changed: no items.
 */
export function contextUpdateItems(
  thread: ThreadPromptInputs,
  previous: TurnContextSettings,
  next: TurnContextSettings,
  ids: MessageIds = uuidMessageIds,
): ContextMessage[] {
  const changes = contextChanges(thread, previous, next);
  const items: ContextMessage[] = [];
  const developer: string[] = [];
  if (changes.permissions) developer.push(permissionsPart(thread, next));
  if (changes.collaborationMode) {
    // A thread leaving every mode (not possible from the protocol, modes are sticky) gets no block.
    const mode = modePart(thread, next);
    if (mode !== null) developer.push(mode);
  }
  if (developer.length > 0) items.push(message(ids.next(), "developer", developer));
  const user: string[] = [];
  if (changes.cwd && next.agentsMd !== null) user.push(agentsMdBlock(next.cwd, next.agentsMd, true));
  if (withEnvironment(thread)) {
    if (changes.cwd || changes.shell) user.push(environmentContext(facts(next)));
    else if (changes.filesystem || changes.clock) user.push(partialEnvironmentContext(facts(next)));
  }
  if (user.length > 0) items.push(message(ids.next(), "user", user));
  return items;
}
