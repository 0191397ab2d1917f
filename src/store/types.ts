import type { JsonValue } from "../protocol/common.js";
import type { DynamicToolSpec } from "../protocol/dynamic-tools.js";
import type { ThreadItem } from "../protocol/item.js";
import type { AskForApproval, ApprovalsReviewer, SandboxPolicy } from "../protocol/policy.js";
import type { GitInfo, SessionSource, ThreadSortKey } from "../protocol/thread.js";
import type { ThreadTokenUsage, TurnError, TurnStatus } from "../protocol/turn.js";

/**
 * The persistence contract between the thread/turn core and the SQLite store.
 * The turn loop writes a turn row when a turn starts, each item when it
 * completes (never per delta), and the turn's final state when it ends.
 */

/** Settings a thread keeps between turns (turn/start overrides update them). */
export interface ThreadSettings {
  model: string;
  modelProvider: string;
  reasoningEffort: string | null;
  reasoningSummary: string | null;
  cwd: string;
  approvalPolicy: AskForApproval;
  approvalsReviewer: ApprovalsReviewer;
  sandboxPolicy: SandboxPolicy;
  baseInstructions: string | null;
  developerInstructions: string | null;
  serviceTier: string | null;
  /** The client's dynamic tools (thread/start `dynamicTools`); absent when it declared none. */
  dynamicTools?: DynamicToolSpec[];
}

export interface ThreadRecord {
  id: string;
  /** Unix seconds. */
  createdAt: number;
  updatedAt: number;
  recencyAt: number | null;
  archived: boolean;
  name: string | null;
  preview: string;
  cwd: string;
  modelProvider: string;
  model: string | null;
  reasoningEffort: string | null;
  source: SessionSource;
  originator: string | null;
  threadSource: string | null;
  forkedFromId: string | null;
  gitInfo: GitInfo | null;
  cliVersion: string;
  settings: ThreadSettings;
  tokenUsage: ThreadTokenUsage | null;
}

export interface TurnRecord {
  id: string;
  threadId: string;
  rootTurnId: string | null;
  status: TurnStatus;
  error: TurnError | null;
  /** Unix seconds. */
  startedAt: number | null;
  completedAt: number | null;
  durationMs: number | null;
}

/**
 * One completed item, plus the Responses API input items it contributes to the
 * model context when a thread is resumed (e.g. a user message, an assistant
 * message, a function call and its output). Reasoning items contribute none.
 */
export interface ItemRecord {
  threadId: string;
  turnId: string;
  item: ThreadItem;
  context: JsonValue[];
}

export interface ThreadListQuery {
  limit: number;
  cursor: string | null;
  sortKey: Exclude<ThreadSortKey, "section_position">;
  direction: "asc" | "desc";
  archived: boolean;
  cwds: string[] | null;
  searchTerm: string | null;
  modelProviders: string[] | null;
  excludedIds: string[] | null;
}

export interface ThreadListPage {
  records: ThreadRecord[];
  nextCursor: string | null;
  backwardsCursor: string | null;
}
