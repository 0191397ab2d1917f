import type { AskForApproval, SandboxPolicy } from "../../protocol/policy.js";
import { ESCALATION_REQUESTS } from "./escalation-text.js";

/**
 * The `<permissions instructions>` developer-message part, assembled from
 * pieces as the reference does: a sentence naming the sandbox mode literally
 * (with what it allows and the network state), the approval-policy piece, and
 * under workspace-write the list of writable roots.
 */
export interface PermissionsFacts {
  sandboxPolicy: SandboxPolicy;
  approvalPolicy: AskForApproval;
  /** Absolute working directory: a writable root under workspace-write. */
  cwd: string;
  /** `$TMPDIR`, a writable root under workspace-write unless the policy excludes it. */
  tmpdir?: string | null;
  /** Command prefixes the user already approved (execpolicy rules), shown so the model knows they run unprompted. */
  approvedPrefixRules?: readonly (readonly string[])[];
  /** A model catalog's `model_messages.approvals`: replaces the built-in approval piece. */
  catalogApprovals?: CatalogApprovalTexts | null;
  /** A model catalog's `model_messages.permissions`: replaces the built-in sandbox-mode sentence, per mode. */
  catalogPermissions?: CatalogPermissionTexts | null;
}

export interface CatalogPermissionTexts {
  danger_full_access?: string | null;
  workspace_write?: string | null;
  read_only?: string | null;
}

export interface CatalogApprovalTexts {
  on_request?: string | null;
  never?: string | null;
  unless_trusted?: string | null;
}

export const PERMISSIONS_OPEN_TAG = "<permissions instructions>";
export const PERMISSIONS_CLOSE_TAG = "</permissions instructions>";

export const SANDBOX_MODE_READ_ONLY =
  "Commands run in a filesystem sandbox. `sandbox_mode` is `read-only`: commands may read any file but cannot create, change or delete files.";
export const SANDBOX_MODE_WORKSPACE_WRITE =
  "Commands run in a filesystem sandbox. `sandbox_mode` is `workspace-write`: commands may read any file and may edit files inside `cwd` and the writable roots; editing files anywhere else requires approval.";
export const SANDBOX_MODE_DANGER_FULL_ACCESS =
  "Commands are not sandboxed. `sandbox_mode` is `danger-full-access`: no filesystem sandbox is applied, so commands can read and write any file the user's account can reach.";

export const APPROVAL_NEVER =
  "The approval policy is never: escalation requests are not available and would be rejected, so never set `sandbox_permissions` on a command.";
export const APPROVAL_UNLESS_TRUSTED =
  "`approval_policy` is `unless-trusted`: every command goes to the user for approval before it runs, except a small allowlist of safe read-only commands and commands an approved rule already allows.";
export const APPROVAL_GRANULAR_NO_SANDBOX_ESCALATION =
  "`approval_policy` is `granular`: requests to run a command outside the sandbox are not shown to the user and are rejected, so do not set `sandbox_permissions` on a command.";

function networkSentence(policy: SandboxPolicy): string {
  const enabled =
    policy.type === "dangerFullAccess" ||
    (policy.type === "externalSandbox" ? policy.networkAccess === "enabled" : policy.networkAccess === true);
  return `Network access is ${enabled ? "enabled" : "restricted"}.`;
}

/** The catalog's text for the mode replaces the whole sentence, network state included (as the reference sends it). */
function modeSentence(policy: SandboxPolicy, catalog: CatalogPermissionTexts | null | undefined): string {
  switch (policy.type) {
    case "readOnly":
      return catalog?.read_only ?? `${SANDBOX_MODE_READ_ONLY} ${networkSentence(policy)}`;
    case "workspaceWrite":
      return catalog?.workspace_write ?? `${SANDBOX_MODE_WORKSPACE_WRITE} ${networkSentence(policy)}`;
    // The reference describes an external sandbox as full access: nothing is enforced on our side.
    case "externalSandbox":
    case "dangerFullAccess":
      return catalog?.danger_full_access ?? `${SANDBOX_MODE_DANGER_FULL_ACCESS} ${networkSentence(policy)}`;
  }
}

/** Writable roots under workspace-write (`/tmp`, the cwd, the configured roots, `$TMPDIR`), sorted as the reference lists them. */
export function writableRoots(facts: Pick<PermissionsFacts, "sandboxPolicy" | "cwd" | "tmpdir">): string[] {
  const policy = facts.sandboxPolicy;
  if (policy.type !== "workspaceWrite") return [];
  const roots: string[] = [];
  const add = (root: string) => {
    if (!roots.includes(root)) roots.push(root);
  };
  if (!policy.excludeSlashTmp) add("/tmp");
  add(facts.cwd);
  for (const root of policy.writableRoots ?? []) add(root);
  if (!policy.excludeTmpdirEnvVar && facts.tmpdir) add(facts.tmpdir);
  return roots.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function granularPiece(config: Extract<AskForApproval, object>["granular"]): string {
  const silent: string[] = [];
  if (!config.rules) silent.push("approval rules (commands are not matched against prompt rules)");
  if (!config.skill_approval) silent.push("skill approvals");
  if (!config.request_permissions) silent.push("permission requests");
  if (!config.mcp_elicitations) silent.push("MCP server questions");
  const rejected = silent.length > 0 ? `\nThese approval categories never reach the user and are rejected automatically: ${silent.join(", ")}.` : "";
  if (!config.sandbox_approval) return `${APPROVAL_GRANULAR_NO_SANDBOX_ESCALATION}${rejected}`;
  return `${ESCALATION_REQUESTS}${rejected}`;
}

function approvalPiece(policy: AskForApproval, catalog: CatalogApprovalTexts | null | undefined): string {
  if (typeof policy === "object") return granularPiece(policy.granular);
  switch (policy) {
    case "never":
      return catalog?.never ?? APPROVAL_NEVER;
    case "untrusted":
      return catalog?.unless_trusted ?? APPROVAL_UNLESS_TRUSTED;
    case "on-request":
      return catalog?.on_request ?? ESCALATION_REQUESTS;
  }
}

function mayAskUser(policy: AskForApproval): boolean {
  return typeof policy === "object" ? policy.granular.sandbox_approval || policy.granular.rules : policy !== "never";
}

function prefixRulesPiece(rules: readonly (readonly string[])[]): string {
  const listed = rules.map((rule) => JSON.stringify(rule)).join(", ");
  return `Commands starting with these prefixes were already approved and run outside the sandbox without asking: ${listed}.`;
}

export function permissionsInstructions(facts: PermissionsFacts): string {
  const pieces = [modeSentence(facts.sandboxPolicy, facts.catalogPermissions), approvalPiece(facts.approvalPolicy, facts.catalogApprovals)];
  const rules = facts.approvedPrefixRules ?? [];
  if (rules.length > 0 && mayAskUser(facts.approvalPolicy)) pieces.push(prefixRulesPiece(rules));
  const roots = writableRoots(facts);
  // The reference's line starts with a blank: ` The writable roots are …`.
  if (roots.length > 0) pieces.push(` The writable roots are ${roots.map((root) => `\`${root}\``).join(", ")}.`);
  return `${PERMISSIONS_OPEN_TAG}\n${pieces.join("\n")}\n${PERMISSIONS_CLOSE_TAG}`;
}
