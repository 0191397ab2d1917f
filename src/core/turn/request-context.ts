import { existsSync } from "node:fs";
import path from "node:path";
import { execFile } from "node:child_process";
import { v7 as uuidv7 } from "uuid";
import type { ModelInfo } from "../../model/catalog-entry.js";
import { reasoningParameter, textParameter, type ReasoningEffortLevel, type ReasoningSummaryLevel, type VerbosityLevel } from "../../model/catalog-entry.js";
import type { JsonValue } from "../../protocol/common.js";
import type { AskForApproval, SandboxPolicy } from "../../protocol/policy.js";
import type { CollaborationMode } from "../../protocol/thread.js";
import type { ThreadSettings } from "../../store/types.js";
import {
  chooseBaseInstructions,
  contextUpdateItems,
  currentDateIn,
  initialContextItems,
  type CollaborationModeSetting,
  type ContextMessage,
  type Skill,
  type ThreadPromptInputs,
  type TurnContextSettings,
} from "../context/index.js";
import { collectGitInfo } from "../thread-git.js";
import { localTimeZone, shellName } from "./local-environment.js";

/**
 * What a turn's requests carry besides the history (fact sheet §2–§4): the
 * context settings compared between turns, the prompt inputs fixed per
 * thread and model, the `reasoning` / `text` parameters from the model's
 * metadata, and the turn metadata sent as a header and in `client_metadata`.
 */

const installedZones = new Map<string, boolean>();

/**
 * Whether `zone` is in the system's zone database. The machine's zone comes
 * from the same place the runtime takes its local time from ($TZ,
 * /etc/localtime), so for an installed zone the local Date getters give its
 * date — without ICU's date formatter, whose first use costs tens of
 * milliseconds on the first turn of a fresh process.
 */
function isInstalledZone(zone: string): boolean {
  let known = installedZones.get(zone);
  if (known === undefined) {
    known = !zone.includes("..") && existsSync(path.join("/usr/share/zoneinfo", zone));
    installedZones.set(zone, known);
  }
  return known;
}

function localDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The settings of this turn that the model's context describes (§4.6, §4.7). */
export function turnContextSettings(
  settings: ThreadSettings,
  agentsMd: string | null,
  mode: CollaborationMode | undefined,
  now: Date = new Date(),
): TurnContextSettings {
  let timezone = localTimeZone();
  let currentDate: string;
  if (isInstalledZone(timezone)) {
    currentDate = localDate(now);
  } else {
    try {
      currentDate = currentDateIn(now, timezone);
    } catch {
      // A zone name the runtime does not know: report UTC rather than fail the turn.
      timezone = "Etc/UTC";
      currentDate = currentDateIn(now, timezone);
    }
  }
  const collaborationMode: CollaborationModeSetting | null = mode
    ? { mode: mode.mode === "plan" ? "plan" : "default", developerInstructions: mode.settings.developer_instructions }
    : null;
  return {
    cwd: settings.cwd,
    shell: shellName(),
    currentDate,
    timezone,
    sandboxPolicy: settings.sandboxPolicy,
    approvalPolicy: settings.approvalPolicy,
    collaborationMode,
    agentsMd,
  };
}

/** Inputs of the thread's first request that depend on the thread and its model, not on the turn. */
export function threadPromptInputs(settings: ThreadSettings, info: ModelInfo, known: boolean, skills: readonly Skill[] = []): ThreadPromptInputs {
  const messages = known ? info.model_messages : null;
  return {
    skills: skills.length > 0 ? { list: skills, includeUsageInstructions: known && info.include_skills_usage_instructions === true } : null,
    baseInstructions: chooseBaseInstructions({ override: settings.baseInstructions, catalog: known ? info : null }),
    developerInstructions: settings.developerInstructions,
    catalogApprovals: messages?.approvals ?? null,
    catalogPermissions: messages?.permissions ?? null,
    catalogCollaborationModes: messages?.collaboration_modes ?? null,
    tmpdir: process.env.TMPDIR ?? null,
    multiAgentV2: known && info.tool_mode === "code_mode_only" && info.multi_agent_version === "v2",
  };
}

function isContextStart(item: JsonValue | undefined): boolean {
  return typeof item === "object" && item !== null && !Array.isArray(item) && item.type === "message" && item.role === "developer";
}

/**
 * The context items that go before this turn's user message (§4, §4.7):
 * the full initial context when the history has none (a new thread, a
 * compacted one, or one recorded before context items were kept), the
 * changes since `previous` otherwise, nothing when nothing changed. A thread
 * resumed or forked with its context in the history and no record of what
 * was last sent is taken as unchanged.
 */
export function contextItemsForTurn(
  firstHistoryItem: JsonValue | undefined,
  previous: TurnContextSettings | null,
  prompt: ThreadPromptInputs,
  next: TurnContextSettings,
): ContextMessage[] {
  if (!isContextStart(firstHistoryItem)) return initialContextItems(prompt, next);
  if (previous === null) return [];
  return contextUpdateItems(prompt, previous, next);
}

/** `reasoning` for the request (§2, §9): fallback metadata sends the summary (`auto` unless configured) and a configured effort. */
export function reasoningFor(info: ModelInfo, known: boolean, effort: string | null, summary: string | null): Record<string, string> {
  if (!known) {
    const out: Record<string, string> = {};
    if (effort) out.effort = effort;
    const chosen = summary ?? "auto";
    if (chosen !== "none") out.summary = chosen;
    return out;
  }
  return reasoningParameter(info, {
    effort: (effort as ReasoningEffortLevel | null) ?? null,
    summary: (summary as ReasoningSummaryLevel | null) ?? null,
  });
}

/** `text.verbosity`, only for models whose metadata supports it. */
export function verbosityFor(info: ModelInfo, configured: unknown): string | null {
  const value = configured === "low" || configured === "medium" || configured === "high" ? (configured as VerbosityLevel) : null;
  return textParameter(info, value)?.verbosity ?? null;
}

/** `latest_git_commit_hash` and `has_changes` of the repository holding `cwd`; null outside one. */
export async function workspaceState(cwd: string): Promise<{ latest_git_commit_hash: string; has_changes: boolean } | null> {
  const git = collectGitInfo(cwd);
  if (!git?.sha) return null;
  const hasChanges = await new Promise<boolean>((resolve) => {
    execFile("git", ["status", "--porcelain"], { cwd, timeout: 2_000 }, (error, stdout) => resolve(!error && stdout.trim() !== ""));
  });
  return { latest_git_commit_hash: git.sha, has_changes: hasChanges };
}

/**
 * Whether approval requests go to the automatic reviewer: a reviewer other than the user, under on-request
 * or any granular policy (observed on codex 0.169.0: granular with every flag false included; untrusted
 * and never no).
 */
function autoReviewEnabled(reviewer: ThreadSettings["approvalsReviewer"], policy: AskForApproval): boolean {
  if (reviewer === "user") return false;
  return typeof policy === "object" || policy === "on-request";
}

function sandboxMode(policy: SandboxPolicy): string {
  switch (policy.type) {
    case "readOnly":
      return "read-only";
    case "workspaceWrite":
      return "workspace-write";
    default:
      return "danger-full-access";
  }
}

/** The sandbox mechanism the turn's commands run under, as the reference names it. */
function sandboxKind(policy: SandboxPolicy): string {
  if (policy.type === "dangerFullAccess" || policy.type === "externalSandbox") return "none";
  return process.platform === "darwin" ? "seatbelt" : process.platform === "win32" ? "windows_sandbox" : "seccomp";
}

/**
 * `history_initialization` of the turn metadata: a thread started here, one
 * loaded from the store, or a fork of a stored or of a loaded thread (with
 * where it was forked from).
 */
export type HistoryOrigin =
  | { kind: "new" | "cold_resume" }
  | { kind: "cold_fork" | "warm_fork"; forkedFromThreadId: string; forkedFromOrdinal: number };

export interface TurnIdentity {
  installationId: string;
  threadId: string;
  turnId: string;
  turnStartedAtMs: number;
  /** Per thread, stable while the thread is loaded. */
  contextWindowId: string;
  historyOrigin: HistoryOrigin;
  model: string;
  reasoningEffort: string | null;
  settings: ThreadSettings;
  info: ModelInfo;
  workspace: { latest_git_commit_hash: string; has_changes: boolean } | null;
  analyticsEnabled: boolean;
  /** `turn_trigger`: set for a turn the user-message queue started. */
  trigger?: TurnTrigger;
  /** `responsesapiClientMetadata` (before `model`) and `responsesapiClientMetadataPatch` (after it) of turn/start or a queued submission. */
  clientMetadata?: TurnClientMetadata;
}

/** What started a turn other than turn/start, as `turn_trigger` names it. */
export type TurnTrigger = "queue";

/** Entries a client adds to one turn's metadata; they never replace the keys the server writes. */
export interface TurnClientMetadata {
  entries: Record<string, string> | null;
  patch: Record<string, string> | null;
}

/** `x-codex-window-id`: `<thread id>:<window number>` (window 0 until a compaction opens a new one). */
export function windowId(threadId: string): string {
  return `${threadId}:0`;
}

/** The `x-codex-turn-metadata` JSON text (§3.3). */
export function turnMetadata(turn: TurnIdentity): string {
  const metadata: Record<string, JsonValue> = {
    installation_id: turn.installationId,
    session_id: turn.threadId,
    thread_id: turn.threadId,
    agent_name: "/root",
    turn_id: turn.turnId,
    window_id: windowId(turn.threadId),
    window_number: 0,
    context_window_id: turn.contextWindowId,
    request_kind: "turn",
    history_initialization: turn.historyOrigin.kind,
    ...(turn.historyOrigin.kind === "cold_fork" || turn.historyOrigin.kind === "warm_fork"
      ? { forked_from_thread_id: turn.historyOrigin.forkedFromThreadId, forked_from_ordinal_exclusive: turn.historyOrigin.forkedFromOrdinal }
      : {}),
    // The reference writes the root turn after the history fields (observed on codex 0.169.0, new and forked threads),
    // then what triggered the turn.
    root_turn_id: turn.turnId,
    ...(turn.trigger ? { turn_trigger: turn.trigger } : {}),
    sandbox: sandboxKind(turn.settings.sandboxPolicy),
    sandbox_mode: sandboxMode(turn.settings.sandboxPolicy),
    auto_review_enabled: autoReviewEnabled(turn.settings.approvalsReviewer, turn.settings.approvalPolicy),
    node_repl_auto_review_required: turn.info.node_repl_auto_review_required,
    node_repl_disabled: turn.info.node_repl_disabled,
    // Left out, not empty, when the cwd is not in a git repository (as the reference does).
    ...(turn.workspace ? { workspaces: { [turn.settings.cwd]: turn.workspace } } : {}),
    turn_started_at_unix_ms: turn.turnStartedAtMs,
    analytics_enabled: turn.analyticsEnabled,
  };
  // A queued submission's or turn/start's metadata rides along, the patch after the model (the reference's order,
  // observed on codex 0.169.0); the keys the server writes stay ours.
  const add = (entries: Record<string, string> | null | undefined) => {
    for (const [key, value] of Object.entries(entries ?? {})) if (!(key in metadata) && key !== "reasoning_effort") metadata[key] = value;
  };
  add(turn.clientMetadata?.entries);
  metadata.model = turn.model;
  add(turn.clientMetadata?.patch);
  if (turn.reasoningEffort) metadata.reasoning_effort = turn.reasoningEffort;
  return JSON.stringify(metadata);
}

/** `client_metadata` (§3.2). */
export function clientMetadata(turn: TurnIdentity, metadata: string): Record<string, string> {
  return {
    "x-codex-installation-id": turn.installationId,
    session_id: turn.threadId,
    thread_id: turn.threadId,
    turn_id: turn.turnId,
    root_turn_id: turn.turnId,
    "x-codex-window-id": windowId(turn.threadId),
    "x-codex-turn-metadata": metadata,
  };
}

/** The HTTP headers of a custom-provider request (§3.1), besides authorization, accept and content-type. */
export function requestHeaders(turn: TurnIdentity, metadata: string, originator: string, userAgent: string): Record<string, string> {
  return {
    originator,
    "user-agent": userAgent,
    "session-id": turn.threadId,
    "thread-id": turn.threadId,
    "x-client-request-id": turn.threadId,
    "x-codex-window-id": windowId(turn.threadId),
    "x-codex-beta-features": "remote_compaction_v2",
    "x-codex-turn-metadata": metadata,
  };
}

/** Ids the reference gives the outputs it adds to the history (§7.1). */
export function withOutputId(item: JsonValue): JsonValue {
  if (typeof item !== "object" || item === null || Array.isArray(item) || typeof item.id === "string") return item;
  if (item.type === "function_call_output") return { type: item.type, id: `fco_${uuidv7()}`, ...item };
  if (item.type === "custom_tool_call_output") return { type: item.type, id: `ctco_${uuidv7()}`, ...item };
  return item;
}
