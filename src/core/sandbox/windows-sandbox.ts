import type { WindowsSandboxSetupMode } from "../../protocol/windows-sandbox.js";

/**
 * windowsSandbox/*: the Windows sandbox does not exist on the systems this
 * server runs on. Readiness is `notConfigured`, and a setup starts only to
 * fail at once, as the reference's does off Windows.
 */

export function windowsSandboxReadiness(): "notConfigured" {
  return "notConfigured";
}

export function windowsSandboxSetupOutcome(mode: WindowsSandboxSetupMode): { mode: WindowsSandboxSetupMode; success: boolean; error: string | null } {
  const kind = mode === "elevated" ? "elevated" : "legacy";
  return { mode, success: false, error: `${kind} Windows sandbox setup is only supported on Windows` };
}
