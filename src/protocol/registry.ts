import type { z, ZodTypeAny } from "zod";
import { ConfigWarningNotification, DeprecationNoticeNotification, WarningNotification } from "./notices.js";
import { InitializeParams, InitializeResponse } from "./initialize.js";
import {
  AgentMessageDeltaNotification,
  CommandExecutionOutputDeltaNotification,
  ItemCompletedNotification,
  ItemStartedNotification,
  ReasoningSummaryPartAddedNotification,
  ReasoningSummaryTextDeltaNotification,
  ReasoningTextDeltaNotification,
} from "./item.js";
import {
  ContextCompactedNotification,
  ThreadArchivedNotification,
  ThreadClosedNotification,
  ThreadDeletedNotification,
  ThreadNameUpdatedNotification,
  ThreadReadStateChangedNotification,
  ThreadStartedNotification,
  ThreadStatusChangedNotification,
  ThreadUnarchivedNotification,
} from "./thread.js";
import {
  ErrorNotification,
  ThreadTokenUsageUpdatedNotification,
  TurnCompletedNotification,
  TurnDiffUpdatedNotification,
  TurnPlanUpdatedNotification,
  TurnStartedNotification,
} from "./turn.js";
import { MockExperimentalMethodParams, MockExperimentalMethodResponse } from "./mock.js";

/**
 * The single list of protocol methods. Dispatch, parameter validation,
 * experimental gating and the generated JSON Schema / TypeScript fixtures all
 * read these tables; nothing else enumerates methods.
 */

export interface RequestSpec {
  /** Params schema; `null` when the method takes no params (`params` omitted or null). */
  readonly params: ZodTypeAny | null;
  /** Params may be omitted or `null`; they are then parsed as `{}`. */
  readonly paramsOptional?: boolean;
  readonly result: ZodTypeAny;
  /** Only available to connections that set `capabilities.experimentalApi`. */
  readonly experimental?: boolean;
}

export interface NotificationSpec {
  /** Params schema; `null` when the notification carries no params. */
  readonly params: ZodTypeAny | null;
  readonly experimental?: boolean;
}

function request<const S extends RequestSpec>(spec: S): S {
  return spec;
}
function notification<const S extends NotificationSpec>(spec: S): S {
  return spec;
}

/** Client → server requests. */
export const clientRequests = {
  initialize: request({ params: InitializeParams, result: InitializeResponse }),
  "mock/experimentalMethod": request({
    params: MockExperimentalMethodParams,
    result: MockExperimentalMethodResponse,
    experimental: true,
  }),
} as const;

/** Client → server notifications. */
export const clientNotifications = {
  initialized: notification({ params: null }),
} as const;

/** Server → client notifications. */
export const serverNotifications = {
  error: notification({ params: ErrorNotification }),
  "thread/started": notification({ params: ThreadStartedNotification }),
  "thread/status/changed": notification({ params: ThreadStatusChangedNotification }),
  "thread/archived": notification({ params: ThreadArchivedNotification }),
  "thread/unarchived": notification({ params: ThreadUnarchivedNotification }),
  "thread/deleted": notification({ params: ThreadDeletedNotification }),
  "thread/closed": notification({ params: ThreadClosedNotification }),
  "thread/name/updated": notification({ params: ThreadNameUpdatedNotification }),
  "thread/tokenUsage/updated": notification({ params: ThreadTokenUsageUpdatedNotification }),
  "thread/compacted": notification({ params: ContextCompactedNotification }),
  "thread/readState/changed": notification({ params: ThreadReadStateChangedNotification }),
  "turn/started": notification({ params: TurnStartedNotification }),
  "turn/completed": notification({ params: TurnCompletedNotification }),
  "turn/diff/updated": notification({ params: TurnDiffUpdatedNotification }),
  "turn/plan/updated": notification({ params: TurnPlanUpdatedNotification }),
  "item/started": notification({ params: ItemStartedNotification }),
  "item/completed": notification({ params: ItemCompletedNotification }),
  "item/agentMessage/delta": notification({ params: AgentMessageDeltaNotification }),
  "item/commandExecution/outputDelta": notification({ params: CommandExecutionOutputDeltaNotification }),
  "item/reasoning/summaryTextDelta": notification({ params: ReasoningSummaryTextDeltaNotification }),
  "item/reasoning/summaryPartAdded": notification({ params: ReasoningSummaryPartAddedNotification }),
  "item/reasoning/textDelta": notification({ params: ReasoningTextDeltaNotification }),
  configWarning: notification({ params: ConfigWarningNotification }),
  warning: notification({ params: WarningNotification }),
  deprecationNotice: notification({ params: DeprecationNoticeNotification }),
} as const;

/** Server → client requests (approvals, token refresh, ...). */
export const serverRequests = {} as const satisfies Record<string, RequestSpec>;

export type ClientRequests = typeof clientRequests;
export type ClientMethod = keyof ClientRequests;
export type ServerNotifications = typeof serverNotifications;
export type ServerNotificationMethod = keyof ServerNotifications;
export type ServerRequests = typeof serverRequests;
export type ServerRequestMethod = keyof ServerRequests;

type Infer<S> = S extends ZodTypeAny ? z.infer<S> : undefined;
type InferInput<S> = S extends ZodTypeAny ? z.input<S> : undefined;

export type ParamsOf<M extends ClientMethod> = Infer<ClientRequests[M]["params"]>;
export type ResultOf<M extends ClientMethod> = z.input<ClientRequests[M]["result"]>;
export type NotificationParamsOf<M extends ServerNotificationMethod> = InferInput<ServerNotifications[M]["params"]>;
export type ServerRequestParamsOf<M extends ServerRequestMethod> = InferInput<ServerRequests[M]["params"]>;
export type ServerRequestResultOf<M extends ServerRequestMethod> = Infer<ServerRequests[M]["result"]>;

export function isClientMethod(method: string): method is ClientMethod {
  return Object.prototype.hasOwnProperty.call(clientRequests, method);
}
