import type { AskForApproval, SandboxPolicy } from "../../protocol/policy.js";
import type { HookContext } from "./hook-engine.js";

/** What the hook input needs from a thread's settings. */
export interface HookThreadSettings {
  cwd: string;
  model: string;
  approvalPolicy?: AskForApproval | null;
  sandboxPolicy: SandboxPolicy;
}

/** The reference's `permission_mode` for the hook input: `bypassPermissions` with no approvals and no sandbox, else `default`. */
function permissionMode(settings: HookThreadSettings): string {
  return settings.approvalPolicy === "never" && settings.sandboxPolicy.type === "dangerFullAccess" ? "bypassPermissions" : "default";
}

/** The hook context of a turn: its ids, the thread's settings, and where the thread's notifications go. */
export function hookContext(threadId: string, turnId: string, settings: HookThreadSettings, notify: HookContext["notify"]): HookContext {
  return { threadId, turnId, cwd: settings.cwd, model: settings.model, permissionMode: permissionMode(settings), notify };
}
