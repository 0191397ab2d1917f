import { z } from "zod";
import { Int, JsonValue, RequestId } from "./common.js";
import { CommandAction } from "./item.js";
import { experimental, named } from "./schema-meta.js";

// ---------------------------------------------------------------------------
// item/commandExecution/requestApproval (server → client)

export const NetworkApprovalProtocol = named("NetworkApprovalProtocol", z.enum(["http", "https", "socks5Tcp", "socks5Udp"]));
export const NetworkApprovalContext = named(
  "NetworkApprovalContext",
  z.object({ host: z.string(), protocol: NetworkApprovalProtocol }),
);
export const NetworkPolicyRuleAction = named("NetworkPolicyRuleAction", z.enum(["allow", "deny"]));
export const NetworkPolicyAmendment = named(
  "NetworkPolicyAmendment",
  z.object({ host: z.string(), action: NetworkPolicyRuleAction }),
);

/** `accept` · `acceptForSession` · `decline` · `cancel`, or one of the amendment objects (snake_case inner keys). */
export const CommandExecutionApprovalDecision = named(
  "CommandExecutionApprovalDecision",
  z.union([
    z.enum(["accept", "acceptForSession", "decline", "cancel"]),
    z.object({ acceptWithExecpolicyAmendment: z.object({ execpolicy_amendment: z.array(z.string()) }) }).strict(),
    z.object({ applyNetworkPolicyAmendment: z.object({ network_policy_amendment: NetworkPolicyAmendment }) }).strict(),
  ]),
);
export type CommandExecutionApprovalDecision = z.infer<typeof CommandExecutionApprovalDecision>;

export const CommandExecutionApprovalKind = named("CommandExecutionApprovalKind", z.enum(["command", "writeStdin", "humanCommand"]));

/**
 * Params of `item/commandExecution/requestApproval`. The `?:` fields are
 * omitted when unset (the reference skips them); `availableDecisions` and
 * `additionalPermissions` are experimental and stripped for other connections.
 */
export const CommandExecutionRequestApprovalParams = named(
  "CommandExecutionRequestApprovalParams",
  z.object({
    threadId: z.string(),
    turnId: z.string(),
    itemId: z.string(),
    startedAtMs: Int,
    kind: CommandExecutionApprovalKind.optional(),
    approvalId: z.string().nullish(),
    environmentId: z.string().nullish(),
    reason: z.string().nullish(),
    networkApprovalContext: NetworkApprovalContext.nullish(),
    command: z.string().nullish(),
    cwd: z.string().nullish(),
    commandActions: z.array(CommandAction).nullish(),
    additionalPermissions: experimental(JsonValue.nullish()),
    proposedExecpolicyAmendment: z.array(z.string()).nullish(),
    proposedNetworkPolicyAmendments: z.array(NetworkPolicyAmendment).nullish(),
    availableDecisions: experimental(z.array(CommandExecutionApprovalDecision).nullish()),
  }),
);
export type CommandExecutionRequestApprovalParams = z.input<typeof CommandExecutionRequestApprovalParams>;

export const CommandExecutionRequestApprovalResponse = named(
  "CommandExecutionRequestApprovalResponse",
  z.object({ decision: CommandExecutionApprovalDecision }),
);
export type CommandExecutionRequestApprovalResponse = z.infer<typeof CommandExecutionRequestApprovalResponse>;

// ---------------------------------------------------------------------------
// item/fileChange/requestApproval (server → client)

export const FileChangeApprovalDecision = named(
  "FileChangeApprovalDecision",
  z.enum(["accept", "acceptForSession", "decline", "cancel"]),
);
export type FileChangeApprovalDecision = z.infer<typeof FileChangeApprovalDecision>;

/** Params of `item/fileChange/requestApproval`; the diff is in the preceding `item/started` fileChange. */
export const FileChangeRequestApprovalParams = named(
  "FileChangeRequestApprovalParams",
  z.object({
    threadId: z.string(),
    turnId: z.string(),
    itemId: z.string(),
    startedAtMs: Int,
    reason: z.string().nullish(),
    grantRoot: z.string().nullish(),
  }),
);
export type FileChangeRequestApprovalParams = z.input<typeof FileChangeRequestApprovalParams>;

export const FileChangeRequestApprovalResponse = named(
  "FileChangeRequestApprovalResponse",
  z.object({ decision: FileChangeApprovalDecision }),
);
export type FileChangeRequestApprovalResponse = z.infer<typeof FileChangeRequestApprovalResponse>;

// ---------------------------------------------------------------------------
// serverRequest/resolved

/** A server request was answered (by any connection) or cleared (interrupt, turn end, disconnect). */
export const ServerRequestResolvedNotification = named(
  "ServerRequestResolvedNotification",
  z.object({ threadId: z.string(), requestId: RequestId }),
);
