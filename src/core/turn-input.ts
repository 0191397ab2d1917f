import { readFile } from "node:fs/promises";
import path from "node:path";
import type { JsonValue } from "../protocol/common.js";
import type { UserInput } from "../protocol/item.js";
import { ErrorCode, invalidRequest, RpcError } from "../protocol/errors.js";

/** The reference's cap on the text of one turn/start or turn/steer (Unicode scalar values). */
export const MAX_USER_INPUT_TEXT_CHARS = 1_048_576;

function charCount(text: string): number {
  // Code points, as Rust's `chars().count()`; fast path for strings without surrogates.
  let count = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

/** `-32602 Input exceeds the maximum length…` with the reference's snake_case `data`. */
export function checkInputLength(input: readonly UserInput[]): void {
  let actual = 0;
  for (const item of input) if (item.type === "text") actual += charCount(item.text);
  if (actual > MAX_USER_INPUT_TEXT_CHARS) {
    throw new RpcError(
      ErrorCode.invalidParams,
      `Input exceeds the maximum length of ${MAX_USER_INPUT_TEXT_CHARS} characters.`,
      { input_error_code: "input_too_large", max_chars: MAX_USER_INPUT_TEXT_CHARS, actual_chars: actual },
    );
  }
}

export function checkNotEmpty(input: readonly UserInput[]): void {
  if (input.length === 0) throw invalidRequest("input must not be empty");
}

/** Remote image URLs are refused: the model only gets inline data URLs. */
export function checkImageUrls(input: readonly UserInput[]): void {
  for (const item of input) {
    if ((item.type === "image" || item.type === "audio") && item.url === undefined && item.fileId === undefined) {
      throw invalidRequest(`Invalid request: ${item.type} input needs a \`url\` or a \`fileId\``);
    }
    if (item.type === "image" && item.url !== undefined && /^https?:\/\//i.test(item.url.trim())) {
      throw invalidRequest("remote image URLs are not supported; use an inline data URL instead");
    }
  }
}

/** The input as a userMessage item shows it: image `detail` is always present (`null` when unset). */
export function normalizeUserInput(input: readonly UserInput[]): UserInput[] {
  return input.map((item) => (item.type === "image" || item.type === "localImage" ? { ...item, detail: item.detail ?? null } : item));
}

const IMAGE_MIME: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".bmp": "image/bmp",
};

/** The MIME type of an image file, by its extension (a data URL's media type). */
export function imageMimeType(file: string): string {
  return IMAGE_MIME[path.extname(file).toLowerCase()] ?? "application/octet-stream";
}

function imageDetail(detail: string | null | undefined): string {
  return detail === "low" || detail === "high" ? detail : detail === "original" ? "high" : "auto";
}

/**
 * The Responses API user message for `input`: text as `input_text`, images as
 * `input_image` (local images read and inlined as data URLs; an unreadable one
 * becomes a short text note).
 */
export async function userMessageContext(input: readonly UserInput[], cwd: string): Promise<JsonValue> {
  const content: JsonValue[] = [];
  for (const item of input) {
    switch (item.type) {
      case "text":
        content.push({ type: "input_text", text: item.text });
        break;
      case "image":
        if (item.url !== undefined) content.push({ type: "input_image", image_url: item.url, detail: imageDetail(item.detail) });
        else if (item.fileId !== undefined) content.push({ type: "input_image", file_id: item.fileId, detail: imageDetail(item.detail) });
        break;
      case "localImage": {
        const file = path.resolve(cwd, item.path);
        const mime = imageMimeType(file);
        try {
          const bytes = await readFile(file);
          content.push({
            type: "input_image",
            image_url: `data:${mime};base64,${bytes.toString("base64")}`,
            detail: imageDetail(item.detail),
          });
        } catch (error) {
          const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
          content.push({ type: "input_text", text: `Codex could not read the local image at \`${file}\`: ${reason}` });
        }
        break;
      }
      case "audio":
      case "localAudio":
      case "mention":
      case "skill":
        // No Responses API content for these here (a selected skill's SKILL.md follows as its own message); the userMessage item still shows them.
        break;
    }
  }
  return { type: "message", role: "user", content };
}

/** Plain text of a Responses user/assistant message input item (for compaction). */
export function messageText(item: JsonValue): string | undefined {
  if (item === null || typeof item !== "object" || Array.isArray(item)) return undefined;
  const content = item.content;
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return undefined;
  const parts: string[] = [];
  for (const part of content) {
    if (part && typeof part === "object" && !Array.isArray(part) && typeof part.text === "string") parts.push(part.text);
  }
  return parts.join("");
}
