import { writeFile } from "node:fs/promises";
import path from "node:path";
import { isTable } from "../../config/json-value.js";
import { internalError, invalidRequest } from "../../protocol/errors.js";
import type { FeedbackSaveParams, FeedbackSaveResponse, FeedbackUploadParams, FeedbackUploadResponse } from "../../protocol/feedback.js";
import { zipArchive } from "../../util/zip.js";
import { buildFeedbackBundle, type FeedbackSources } from "./feedback-bundle.js";

/** Longest an upload may take before it is reported as failed. */
const UPLOAD_TIMEOUT_MS = 30_000;

/** The config key naming where `feedback/upload` sends bundles (documented in docs/feedback.md). */
export const FEEDBACK_UPLOAD_URL_KEY = "feedback.upload_url";

export interface FeedbackServiceOptions extends FeedbackSources {
  /** The current config values (re-read per request: the URL may change while the server runs). */
  readonly configValues: () => Record<string, unknown>;
}

function uploadUrl(values: Record<string, unknown>): URL | null {
  const table = values.feedback;
  const raw = isTable(table) ? table.upload_url : undefined;
  if (raw === undefined || raw === null || raw === "") return null;
  let url: URL | null = null;
  try {
    url = typeof raw === "string" ? new URL(raw) : null;
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    throw invalidRequest(`${FEEDBACK_UPLOAD_URL_KEY} must be an http(s) URL, got ${JSON.stringify(raw)}`);
  }
  return url;
}

/** feedback/save and feedback/upload: one diagnostic bundle, to a local ZIP file or to the configured endpoint. */
export class FeedbackService {
  constructor(private readonly options: FeedbackServiceOptions) {}

  async save(params: FeedbackSaveParams): Promise<FeedbackSaveResponse> {
    if (!path.isAbsolute(params.savePath)) throw invalidRequest(`savePath must be an absolute path: ${params.savePath}`);
    const bundle = await buildFeedbackBundle(this.options, params);
    try {
      // `wx`: the path must be unused; the caller owns the file from now on.
      await writeFile(params.savePath, zipArchive(bundle.entries), { flag: "wx", mode: 0o600 });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") throw invalidRequest(`savePath already exists: ${params.savePath}`);
      if (code === "ENOENT") throw invalidRequest(`savePath's directory does not exist: ${path.dirname(params.savePath)}`);
      throw invalidRequest(`cannot write ${params.savePath}: ${code ?? String(error)}`);
    }
    return { savedPath: params.savePath, threadId: bundle.threadId, promptHash: bundle.promptHash };
  }

  /** Sends the bundle only to the endpoint the user configured; without one, says how to configure it. */
  async upload(params: FeedbackUploadParams): Promise<FeedbackUploadResponse> {
    const url = uploadUrl(this.options.configValues());
    if (!url) {
      throw invalidRequest(
        `feedback/upload has no endpoint: this server sends feedback only where you tell it to. Set \`${FEEDBACK_UPLOAD_URL_KEY}\` ` +
          `(in $CODEX_HOME/config.toml: [feedback] upload_url = "https://...", or -c ${FEEDBACK_UPLOAD_URL_KEY}="https://..."), ` +
          "or use feedback/save to write the bundle to a local file",
      );
    }
    const bundle = await buildFeedbackBundle(this.options, params);
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/zip",
          "x-feedback-classification": encodeURIComponent(params.classification),
          "x-feedback-thread-id": bundle.threadId,
        },
        body: zipArchive(bundle.entries),
        signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
      });
    } catch (error) {
      throw internalError(`feedback upload to ${url.origin} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw internalError(`feedback upload to ${url.origin} failed: HTTP ${response.status}`);
    return { threadId: bundle.threadId, promptHash: bundle.promptHash };
  }
}
