import { z } from "zod";
import { experimental, named } from "./schema-meta.js";

/** Kebab-case approval policy strings; the object form is experimental. */
export const GranularAskForApproval = named(
  "GranularAskForApproval",
  z.object({
    granular: z.object({
      sandbox_approval: z.boolean(),
      rules: z.boolean(),
      skill_approval: z.boolean().optional(),
      request_permissions: z.boolean().optional(),
      mcp_elicitations: z.boolean(),
    }),
  }),
);

export const AskForApproval = named(
  "AskForApproval",
  z.union([z.enum(["untrusted", "on-request", "never"]), GranularAskForApproval]),
);
export type AskForApproval = z.infer<typeof AskForApproval>;

export const SandboxMode = named("SandboxMode", z.enum(["read-only", "workspace-write", "danger-full-access"]));
export type SandboxMode = z.infer<typeof SandboxMode>;

export const NetworkAccess = named("NetworkAccess", z.enum(["restricted", "enabled"]));

export const SandboxPolicy = named(
  "SandboxPolicy",
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("dangerFullAccess") }),
    z.object({ type: z.literal("readOnly"), networkAccess: z.boolean().optional() }),
    z.object({ type: z.literal("externalSandbox"), networkAccess: NetworkAccess.optional() }),
    z.object({
      type: z.literal("workspaceWrite"),
      writableRoots: z.array(z.string()).optional(),
      networkAccess: z.boolean().optional(),
      excludeTmpdirEnvVar: z.boolean().optional(),
      excludeSlashTmp: z.boolean().optional(),
    }),
  ]),
);
export type SandboxPolicy = z.infer<typeof SandboxPolicy>;

export const ApprovalsReviewer = named("ApprovalsReviewer", z.enum(["user", "auto_review", "guardian_subagent"]));
export type ApprovalsReviewer = z.infer<typeof ApprovalsReviewer>;

export const ReasoningEffort = named("ReasoningEffort", z.string().min(1));
export const ReasoningSummary = named("ReasoningSummary", z.enum(["auto", "concise", "detailed", "none"]));
export type ReasoningSummary = z.infer<typeof ReasoningSummary>;
export const Personality = named("Personality", z.enum(["none", "friendly", "pragmatic"]));
export const SortDirection = named("SortDirection", z.enum(["asc", "desc"]));
export type SortDirection = z.infer<typeof SortDirection>;

export const MultiAgentMode = named(
  "MultiAgentMode",
  z.union([z.enum(["explicitRequestOnly", "proactive"]), z.object({ custom: z.string() })]),
);

/** Marks the experimental-only params the reference lists for thread and turn methods. */
export const experimentalNullableString = () => experimental(z.string().nullish());
