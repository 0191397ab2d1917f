import { createHash, randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { RecentLogLines } from "../../logging/recent-lines.js";
import { invalidRequest } from "../../protocol/errors.js";
import type { FeedbackUploadParams } from "../../protocol/feedback.js";
import type { JsonValue } from "../../protocol/common.js";
import type { TextRedactor } from "../../util/secrets.js";
import type { ZipEntry } from "../../util/zip.js";
import { CODEX_PROTOCOL_VERSION, PACKAGE_VERSION } from "../../version.js";
import { findThread } from "../thread-operations.js";
import type { ThreadManager } from "../thread-manager.js";
import { messageText } from "../turn-input.js";

/** Largest extra log file a bundle takes (the tail is kept). */
const MAX_EXTRA_LOG_BYTES = 8 * 1024 * 1024;

/** What a bundle is built from (one per server, from the composition root). */
export interface FeedbackSources {
  readonly threads: ThreadManager;
  /** The server's secret scrubber: every text in the bundle goes through it. */
  readonly redactor: TextRedactor;
  /** The server's recent log lines, when its logger keeps them. */
  readonly recentLogs: RecentLogLines | undefined;
}

export interface FeedbackBundle {
  threadId: string;
  promptHash: string | null;
  entries: ZipEntry[];
}

/** SHA-256 of the base instructions with runs of whitespace collapsed; null without them. */
function promptHashOf(context: readonly JsonValue[]): string | null {
  const first = context[0];
  if (typeof first !== "object" || first === null || Array.isArray(first) || first.type !== "message" || first.role !== "developer") return null;
  const text = messageText(first);
  if (text === undefined || text.trim() === "") return null;
  return createHash("sha256").update(text.split(/\s+/).filter(Boolean).join(" ")).digest("hex");
}

async function extraLogFile(file: string): Promise<Buffer> {
  if (!path.isAbsolute(file)) throw invalidRequest(`extraLogFiles must be absolute paths: ${file}`);
  try {
    const data = await readFile(file);
    return data.length > MAX_EXTRA_LOG_BYTES ? data.subarray(data.length - MAX_EXTRA_LOG_BYTES) : data;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw invalidRequest(`cannot read extra log file ${file}: ${code === "ENOENT" ? "no such file" : code}`);
  }
}

/**
 * The diagnostic bundle: `feedback.json` (classification, reason, tags,
 * versions), and for a thread `thread.json` (its record); with `includeLogs`
 * also `history.jsonl` (its turns and items with their model context), the
 * server's recent log lines and the extra log files. Every text is redacted
 * with the server's SecretRedactor.
 */
export async function buildFeedbackBundle(sources: FeedbackSources, params: FeedbackUploadParams): Promise<FeedbackBundle> {
  const redact = (text: string) => Buffer.from(sources.redactor.redact(text), "utf8");
  const entries: ZipEntry[] = [];
  let promptHash: string | null = null;
  const threadId = params.threadId ?? randomUUID();
  const includeLogs = params.includeLogs === true;
  if (params.threadId != null) {
    const threads = sources.threads;
    const found = findThread(threads, params.threadId);
    const history = found.loaded
      ? threads.isMaterialized(found.loaded)
        ? threads.historyOf(found.loaded).exportHistory(found.record.id)
        : null
      : threads.store.exportHistory(found.record.id);
    promptHash = promptHashOf(found.loaded ? threads.modelContext(found.loaded) : (history?.items.flatMap((item) => item.context ?? []) ?? []));
    entries.push({ name: "thread.json", data: redact(JSON.stringify({ ...found.record, status: found.loaded?.status() ?? null }, null, 2)) });
    if (includeLogs && history) {
      const lines = [...history.turns.map((turn) => JSON.stringify({ turn })), ...history.items.map((item) => JSON.stringify({ item }))];
      entries.push({ name: "history.jsonl", data: redact(lines.join("\n") + "\n") });
    }
  }
  if (includeLogs) {
    const lines = sources.recentLogs?.snapshot() ?? [];
    if (lines.length > 0) entries.push({ name: "server.log", data: redact(lines.join("")) });
    for (const [index, file] of (params.extraLogFiles ?? []).entries()) {
      entries.push({ name: `extra/${index}-${path.basename(file)}`, data: redact((await extraLogFile(file)).toString("utf8")) });
    }
  }
  const metadata = {
    classification: params.classification,
    reason: params.reason ?? null,
    tags: params.tags ?? {},
    threadId,
    includeLogs,
    createdAt: new Date().toISOString(),
    server: { version: PACKAGE_VERSION, protocol: CODEX_PROTOCOL_VERSION, node: process.version, platform: `${os.platform()} ${os.release()} ${os.arch()}` },
  };
  entries.unshift({ name: "feedback.json", data: redact(JSON.stringify(metadata, null, 2)) });
  return { threadId, promptHash, entries };
}
