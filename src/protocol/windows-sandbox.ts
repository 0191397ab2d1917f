import { z } from "zod";
import { AbsolutePathBuf } from "./fs.js";
import { named } from "./schema-meta.js";

/** windowsSandbox/*: the Windows sandbox's setup (this server runs on Unix, where it is never configured). */
export const WindowsSandboxReadiness = named("WindowsSandboxReadiness", z.enum(["ready", "notConfigured", "updateRequired"]));
export const WindowsSandboxReadinessResponse = named("WindowsSandboxReadinessResponse", z.object({ status: WindowsSandboxReadiness }));

export const WindowsSandboxSetupMode = named("WindowsSandboxSetupMode", z.enum(["elevated", "unelevated"]));
export type WindowsSandboxSetupMode = z.infer<typeof WindowsSandboxSetupMode>;
export const WindowsSandboxSetupStartParams = named(
  "WindowsSandboxSetupStartParams",
  z.object({ mode: WindowsSandboxSetupMode, cwd: AbsolutePathBuf.nullish() }),
);
export const WindowsSandboxSetupStartResponse = named("WindowsSandboxSetupStartResponse", z.object({ started: z.boolean() }));

export const WindowsSandboxSetupCompletedNotification = named(
  "WindowsSandboxSetupCompletedNotification",
  z.object({ mode: WindowsSandboxSetupMode, success: z.boolean(), error: z.string().nullable() }),
);
