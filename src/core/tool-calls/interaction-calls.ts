import { stat, readFile } from "node:fs/promises";
import { agentMessageItem } from "../agent-message-item.js";
import path from "node:path";
import type { JsonValue } from "../../protocol/common.js";
import type { AgentMessageItem } from "../../protocol/item.js";
import { ToolRequestUserInputResponse } from "../../protocol/user-input.js";
import type { ServerRequestIds } from "../ports.js";
import { requestFromThread } from "../thread-requests.js";
import { parseUpdatePlanArgs } from "../tools/index.js";
import { osErrorText } from "../tools/apply-patch/error.js";
import { imageMimeType } from "../turn-input.js";
import type { FunctionCall, ToolCallRecord, TurnRunner } from "../turn-runner.js";
import { callRecord, errorMessage, parseObjectArguments } from "./records.js";

// ---------------------------------------------------------------------------
// update_plan

/** `update_plan` → `turn/plan/updated`; the model is told `Plan updated`. */
export function runUpdatePlan(call: FunctionCall, turn: TurnRunner): ToolCallRecord {
  let update;
  try {
    update = parseUpdatePlanArgs(call.arguments);
  } catch (error) {
    return callRecord(call, `failed to parse function arguments: ${errorMessage(error)}`);
  }
  turn.thread.emit("turn/plan/updated", { threadId: turn.threadId, turnId: turn.turnId, explanation: update.explanation, plan: update.plan });
  return callRecord(call, "Plan updated");
}

// ---------------------------------------------------------------------------
// request_user_input

/** The reference's output for a (non-shell) tool call its turn's interrupt cut short: seconds since the call began. */
export function abortedCallOutput(startedAt: number): string {
  const seconds = Math.max((performance.now() - startedAt) / 1000, 0.1);
  return `aborted by user after ${seconds.toFixed(1)}s`;
}

interface Question {
  id: string;
  header: string;
  question: string;
  options: Array<{ label: string; description: string }> | null;
}

function parseQuestions(args: Record<string, unknown>): Question[] | string {
  const questions = args.questions;
  if (!Array.isArray(questions)) return "failed to parse function arguments: missing field `questions`";
  const out: Question[] = [];
  for (const raw of questions) {
    const q = (raw ?? {}) as Record<string, unknown>;
    for (const key of ["id", "header", "question"]) {
      if (typeof q[key] !== "string") return `failed to parse function arguments: missing field \`${key}\``;
    }
    const options = Array.isArray(q.options)
      ? q.options.map((o) => ({ label: String((o as Record<string, unknown>)?.label ?? ""), description: String((o as Record<string, unknown>)?.description ?? "") }))
      : null;
    out.push({ id: q.id as string, header: q.header as string, question: q.question as string, options });
  }
  return out;
}

/**
 * `request_user_input`: only in Plan mode, where the questions go to the
 * client as `item/tool/requestUserInput` (the client adds "Other") and its
 * answer becomes the tool output, as JSON. Elsewhere the model is told the
 * tool is unavailable and the client is not asked.
 */
export async function runRequestUserInput(requestIds: ServerRequestIds, call: FunctionCall, turn: TurnRunner): Promise<ToolCallRecord> {
  const mode = turn.thread.collaborationMode?.mode ?? "default";
  if (mode !== "plan") return callRecord(call, "request_user_input is unavailable in Default mode");
  const args = parseObjectArguments(call, false);
  if (typeof args === "string") return callRecord(call, args);
  const questions = parseQuestions(args);
  if (typeof questions === "string") return callRecord(call, questions);
  const askedAt = performance.now();
  const outcome = await requestFromThread(
    requestIds,
    turn.thread,
    "item/tool/requestUserInput",
    {
      threadId: turn.threadId,
      turnId: turn.turnId,
      itemId: call.callId,
      questions: questions.map((q) => ({ ...q, isOther: true, isSecret: false })),
      isBlocking: true,
      autoResolutionMs: null,
    },
    "waitingOnUserInput",
    turn.signal,
  );
  if (outcome.kind === "answered" && !outcome.answer.error) {
    const parsed = ToolRequestUserInputResponse.safeParse(outcome.answer.result);
    if (parsed.success) return callRecord(call, JSON.stringify(parsed.data));
  }
  // Observed on codex 0.169.0: a client that answers with an error gives the model no answers at all.
  if (outcome.kind === "answered" && outcome.answer.error) return callRecord(call, JSON.stringify({ answers: {} }));
  // Observed on codex 0.169.0: a turn interrupted while the question is pending tells the model how long it waited.
  if (outcome.kind === "cleared" && outcome.reason === "aborted") return callRecord(call, abortedCallOutput(askedAt));
  return callRecord(call, "request_user_input was cancelled before receiving a response");
}

// ---------------------------------------------------------------------------
// request_user_input_async

interface AsyncQuestion {
  title: string;
  options: string[] | null;
}

/** How the reference's argument errors name a JSON value. */
function jsonKind(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return `boolean \`${value}\``;
  if (typeof value === "number") return Number.isInteger(value) ? `integer \`${value}\`` : `floating point \`${value}\``;
  if (typeof value === "string") return `string ${JSON.stringify(value)}`;
  return Array.isArray(value) ? "sequence" : "map";
}

function parseAsyncQuestions(args: Record<string, unknown>): AsyncQuestion[] | string {
  const prefix = "failed to parse function arguments: ";
  for (const key of Object.keys(args)) if (key !== "questions") return `${prefix}unknown field \`${key}\`, expected \`questions\``;
  if (args.questions === undefined) return `${prefix}missing field \`questions\``;
  if (!Array.isArray(args.questions)) return `${prefix}invalid type: ${jsonKind(args.questions)}, expected a sequence`;
  const questions: AsyncQuestion[] = [];
  for (const raw of args.questions) {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return `${prefix}invalid type: ${jsonKind(raw)}, expected struct AsyncUserInputQuestion`;
    const question = raw as Record<string, unknown>;
    if (question.title === undefined) return `${prefix}missing field \`title\``;
    if (typeof question.title !== "string") return `${prefix}invalid type: ${jsonKind(question.title)}, expected a string`;
    const options = question.options ?? null;
    if (options !== null && !Array.isArray(options)) return `${prefix}invalid type: ${jsonKind(options)}, expected a sequence`;
    const bad = Array.isArray(options) ? options.find((option) => typeof option !== "string") : undefined;
    if (bad !== undefined) return `${prefix}invalid type: ${jsonKind(bad)}, expected a string`;
    questions.push({ title: question.title, options: options as string[] | null });
  }
  return questions;
}

/** The message text: each question's title with its options as `- option` lines, questions apart by a blank line. */
function asyncQuestionsText(questions: readonly AsyncQuestion[]): string {
  return questions.map((question) => [question.title, ...(question.options ?? []).map((option) => `- ${option}`)].join("\n")).join("\n\n");
}

/**
 * `request_user_input_async`: the questions go to the client at once as an
 * `agentMessage` item (`delivery: "async"`, with the questions) and the model
 * carries on (`{"accepted":true}`); a user's answer arrives later as an
 * ordinary message. No server request is made; the item is not part of the
 * model's context.
 */
export function runRequestUserInputAsync(call: FunctionCall, turn: TurnRunner): ToolCallRecord {
  const args = parseObjectArguments(call, false);
  if (typeof args === "string") return callRecord(call, args);
  const questions = parseAsyncQuestions(args);
  if (typeof questions === "string") return callRecord(call, questions);
  if (questions.length === 0) return callRecord(call, "questions must not be empty");
  for (const question of questions) {
    if (question.title.trim() === "") return callRecord(call, "question titles must not be empty");
    if (question.options !== null && (question.options.length === 0 || question.options.some((option) => option.trim() === ""))) {
      return callRecord(call, "options must contain at least one non-empty answer");
    }
  }
  const startedAtMs = Date.now();
  const item = agentMessageItem(call.callId, asyncQuestionsText(questions), {
    phase: "final_answer",
    delivery: "async",
    questions: questions as unknown as JsonValue[],
    startedAtMs,
  });
  turn.itemStarted(item);
  const completed: AgentMessageItem = { ...item, completedAtMs: Date.now() };
  turn.emitItemCompleted(completed);
  return callRecord(call, JSON.stringify({ accepted: true }), completed);
}

// ---------------------------------------------------------------------------
// view_image

/**
 * `view_image`: the file (relative to the turn cwd) goes back to the model as
 * an `input_image` content item of the call's output. Every sandbox policy
 * here lets commands read the whole disk, so any existing file may be viewed;
 * a missing path or a directory is reported with the reference's texts.
 */
export async function runViewImage(call: FunctionCall, turn: TurnRunner): Promise<ToolCallRecord> {
  const args = parseObjectArguments(call, false);
  if (typeof args === "string") return callRecord(call, args);
  if (typeof args.path !== "string") return callRecord(call, "failed to parse function arguments: missing field `path`");
  const file = path.resolve(turn.thread.record.settings.cwd, args.path);
  try {
    const info = await stat(file);
    if (!info.isFile()) return callRecord(call, `image path \`${file}\` is not a file`);
  } catch (error) {
    return callRecord(call, `unable to locate image at \`${file}\`: ${osErrorText(error)}`);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return callRecord(call, `unable to read image at \`${file}\`: ${osErrorText(error)}`);
  }
  const mime = imageMimeType(file);
  const content: JsonValue = [{ type: "input_image", image_url: `data:${mime};base64,${bytes.toString("base64")}` }];
  return callRecord(call, content);
}
