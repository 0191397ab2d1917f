import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { dirsFromProjectRoot } from "../util/project-root.js";

/**
 * AGENTS.md instructions, found as Codex finds them:
 *
 * - global: `$CODEX_HOME/AGENTS.override.md`, else `$CODEX_HOME/AGENTS.md`
 *   (the first one that is not blank);
 * - project: each directory from the git root (the nearest ancestor of the
 *   cwd holding `.git`; the cwd alone when there is none) down to the cwd
 *   contributes at most one file: `AGENTS.override.md`, else `AGENTS.md`,
 *   else the first `project_doc_fallback_filenames` entry present. The files
 *   share a budget of `project_doc_max_bytes` (default 32 KiB): the file that
 *   crosses it is truncated, later ones are dropped; 0 disables project docs.
 *   Blank files are skipped.
 *
 * The model gets them as one user message at the start of its input:
 * `# AGENTS.md instructions for <cwd>`, then the text inside
 * `<INSTRUCTIONS>…</INSTRUCTIONS>` (global text, `--- project-doc ---`, the
 * project files joined with blank lines).
 */

export const OVERRIDE_FILENAME = "AGENTS.override.md";
export const DEFAULT_FILENAME = "AGENTS.md";
const PROJECT_DOC_SEPARATOR = "\n\n--- project-doc ---\n\n";

export interface InstructionOptions {
  codexHome: string;
  /** Absolute working directory of the thread. */
  cwd: string;
  /** `project_doc_max_bytes`. */
  maxBytes: number;
  /** `project_doc_fallback_filenames`. */
  fallbackFilenames: readonly string[];
}

export interface ProjectInstructions {
  /** The cwd the files were collected for. */
  cwd: string;
  /** Absolute paths of the files whose content is sent, global first, then root → cwd (`instructionSources`). */
  sources: string[];
  /** The user message text for the model; null without instructions. */
  message: string | null;
  /** What goes inside `<INSTRUCTIONS>` (global, then project files); null without instructions. */
  contents: string | null;
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function readBytes(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function globalInstructions(codexHome: string): { source: string; text: string } | undefined {
  for (const name of [OVERRIDE_FILENAME, DEFAULT_FILENAME]) {
    const file = path.join(codexHome, name);
    if (!isFile(file)) continue;
    const text = readBytes(file)?.toString("utf8").trim();
    if (text) return { source: file, text };
  }
  return undefined;
}

function projectDocs(options: InstructionOptions): Array<{ source: string; text: string }> {
  if (options.maxBytes <= 0) return [];
  const names = [OVERRIDE_FILENAME, DEFAULT_FILENAME];
  for (const name of options.fallbackFilenames) if (name !== "" && !names.includes(name)) names.push(name);
  const docs: Array<{ source: string; text: string }> = [];
  let remaining = options.maxBytes;
  // Searched from the git root down to the cwd, or the cwd alone outside a repository.
  for (const dir of dirsFromProjectRoot(options.cwd)) {
    if (remaining <= 0) break;
    const file = names.map((name) => path.join(dir, name)).find(isFile);
    if (!file) continue;
    let data = readBytes(file);
    if (!data) continue;
    if (data.length > remaining) data = data.subarray(0, remaining);
    const text = data.toString("utf8");
    if (text.trim() === "") continue;
    docs.push({ source: file, text });
    remaining -= data.length;
  }
  return docs;
}

/** Reads the instruction files for `cwd` (a handful of `stat`s and the files themselves). */
export function loadProjectInstructions(options: InstructionOptions): ProjectInstructions {
  const cwd = path.resolve(options.cwd);
  const global = globalInstructions(options.codexHome);
  const docs = projectDocs({ ...options, cwd });
  const sources = [...(global ? [global.source] : []), ...docs.map((doc) => doc.source)];
  if (!global && docs.length === 0) return { cwd, sources, message: null, contents: null };
  const project = docs.map((doc) => doc.text).join("\n\n");
  const text = global ? (project ? `${global.text}${PROJECT_DOC_SEPARATOR}${project}` : global.text) : project;
  return { cwd, sources, message: `# AGENTS.md instructions for ${cwd}\n\n<INSTRUCTIONS>\n${text}\n</INSTRUCTIONS>`, contents: text };
}
