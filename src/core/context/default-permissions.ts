import type { AskForApproval, SandboxMode } from "../../protocol/policy.js";

/**
 * The sandbox and approval policy a thread gets when neither the config nor
 * the request sets them: a trusted project may edit its workspace, a project
 * without a trust entry is read-only. Both ask on request.
 */
export function defaultPermissions(projectTrusted: boolean): { sandboxMode: SandboxMode; approvalPolicy: AskForApproval } {
  return { sandboxMode: projectTrusted ? "workspace-write" : "read-only", approvalPolicy: "on-request" };
}
