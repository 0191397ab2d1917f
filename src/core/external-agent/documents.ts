/**
 * The other agent's markdown documents (subagents, slash commands, CLAUDE.md,
 * skills) and what Codex makes of them: its name rewritten to Codex's,
 * subagents as `agents/<name>.toml`, commands as skills.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { stringify } from "smol-toml";
import { parseYaml } from "../skills/frontmatter.js";

const DOC_FILE_NAME = "claude.md";
const TERM_VARIANTS = ["claude code", "claude-code", "claude_code", "claudecode", "claude"];
const COMMAND_SKILL_PREFIX = "source-command";
const MAX_SKILL_NAME_LEN = 64;

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[A-Za-z0-9_]/.test(char);
}

/** Replaces `needle` (ASCII, any case) where it stands as a whole word. */
function replaceWholeWord(input: string, needle: string, replacement: string): string {
  const lower = input.toLowerCase();
  let out = "";
  let emitted = 0;
  for (let start = lower.indexOf(needle); start >= 0; start = lower.indexOf(needle, start + 1)) {
    const end = start + needle.length;
    if (start < emitted) continue;
    if (!isWordChar(input[start - 1]) && !isWordChar(input[end])) {
      out += input.slice(emitted, start) + replacement;
      emitted = end;
    }
  }
  return emitted === 0 ? input : out + input.slice(emitted);
}

/** The other agent's product and instruction-file names, as Codex's. */
export function rewriteExternalAgentTerms(content: string): string {
  let rewritten = replaceWholeWord(content, DOC_FILE_NAME, "AGENTS.md");
  for (const term of TERM_VARIANTS) rewritten = replaceWholeWord(rewritten, term, "Codex");
  return rewritten;
}

interface ParsedDocument {
  /** Scalar frontmatter values (strings, numbers, booleans as text); others are absent. */
  frontmatter: Map<string, string>;
  body: string;
  frontmatterError: string | null;
}

export function parseDocument(content: string): ParsedDocument {
  const rest = content.startsWith("---\n") ? content.slice(4) : content.startsWith("---\r\n") ? content.slice(5) : null;
  const noFrontmatter = { frontmatter: new Map<string, string>(), body: content, frontmatterError: null };
  if (rest === null) return noFrontmatter;
  const match = /\r?\n---(\r?\n|$)/.exec(rest);
  if (!match) return noFrontmatter;
  const body = rest.slice(match.index + match[0].length);
  const frontmatter = new Map<string, string>();
  try {
    const parsed = parseYaml(rest.slice(0, match.index));
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      return { frontmatter, body, frontmatterError: "frontmatter is not a YAML mapping" };
    }
    for (const [key, value] of Object.entries(parsed)) {
      if (key.trim() === "") continue;
      if (typeof value === "string") frontmatter.set(key.trim(), value.trim());
      else if (typeof value === "number" || typeof value === "boolean") frontmatter.set(key.trim(), String(value));
    }
    return { frontmatter, body, frontmatterError: null };
  } catch (error) {
    return { frontmatter, body, frontmatterError: (error as Error).message };
  }
}

function nonEmpty(value: string | undefined): string | null {
  return value !== undefined && value.trim() !== "" ? value : null;
}

// Subagents -------------------------------------------------------------------

interface AgentMetadata {
  name: string;
  description: string;
  permissionMode: string | null;
  effort: string | null;
}

function agentMetadata(document: ParsedDocument): AgentMetadata | null {
  if (document.frontmatterError !== null || document.body.trim() === "") return null;
  const name = nonEmpty(document.frontmatter.get("name"));
  const description = nonEmpty(document.frontmatter.get("description"));
  if (name === null || description === null) return null;
  return {
    name,
    description,
    permissionMode: document.frontmatter.get("permissionMode") ?? null,
    effort: document.frontmatter.get("effort") ?? null,
  };
}

/** The `*.md` agent definitions of a folder (not README), sorted. */
function agentSourceFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".md") && entry.name !== "README.md")
    .map((entry) => path.join(dir, entry.name))
    .sort();
}

function subagentTarget(sourceFile: string, targetDir: string): string {
  return path.join(targetDir, `${path.basename(sourceFile, ".md")}.toml`);
}

/** Names of the source subagents that have no `<stem>.toml` in the target yet. */
export function missingSubagentNames(sourceDir: string, targetDir: string): string[] {
  const names: string[] = [];
  for (const file of agentSourceFiles(sourceDir)) {
    const metadata = agentMetadata(parseDocument(readFileSync(file, "utf8")));
    if (metadata && !existsSync(subagentTarget(file, targetDir))) names.push(metadata.name);
  }
  return names;
}

const REASONING_EFFORTS = new Set(["none", "minimal", "low", "medium", "high", "xhigh"]);
const PERMISSION_MODES: Record<string, string> = { acceptEdits: "workspace-write", readOnly: "read-only" };

function renderAgentToml(body: string, metadata: AgentMetadata): string {
  const document: Record<string, string> = { name: metadata.name, description: rewriteExternalAgentTerms(metadata.description) };
  const effort = metadata.effort === "max" ? "xhigh" : metadata.effort;
  if (effort !== null && REASONING_EFFORTS.has(effort)) document.model_reasoning_effort = effort;
  const sandboxMode = metadata.permissionMode === null ? undefined : PERMISSION_MODES[metadata.permissionMode];
  if (sandboxMode) document.sandbox_mode = sandboxMode;
  const instructions = rewriteExternalAgentTerms(body.trim());
  document.developer_instructions = instructions === "" ? "No subagent instructions were found." : instructions;
  return `${stringify(document).trimEnd()}\n`;
}

/** Writes each source subagent that has no target yet as an agent TOML; the names written. */
export function importSubagents(sourceDir: string, targetDir: string): string[] {
  const files = agentSourceFiles(sourceDir);
  if (files.length === 0) return [];
  mkdirSync(targetDir, { recursive: true });
  const imported: string[] = [];
  for (const file of files) {
    const target = subagentTarget(file, targetDir);
    if (existsSync(target)) continue;
    const document = parseDocument(readFileSync(file, "utf8"));
    const metadata = agentMetadata(document);
    if (!metadata) continue;
    writeFileSync(target, renderAgentToml(document.body, metadata));
    imported.push(metadata.name);
  }
  return imported;
}

// Commands --------------------------------------------------------------------

function markdownFiles(dir: string, out: string[] = []): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) markdownFiles(full, out);
    else if (entry.isFile() && entry.name.endsWith(".md")) out.push(full);
  }
  return out;
}

function slugify(value: string): string {
  const slug = value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug === "" ? "migrated" : slug;
}

/** `sub/deep.md` under the commands folder is `sub-deep`. */
function commandSourceName(commandsDir: string, file: string): string {
  const relative = path.relative(commandsDir, file).replace(/\.md$/, "");
  return relative.split(path.sep).filter(Boolean).join("-");
}

/** Templates a skill cannot express: arguments, shell interpolation, file references. */
function hasUnsupportedTemplateFeatures(template: string): boolean {
  return (
    template.includes("$ARGUMENTS") ||
    /\$[0-9]/.test(template) ||
    (template.includes("{{") && template.includes("}}")) ||
    template.includes("!`") ||
    template.includes("! `") ||
    template.split(/\s+/).some((token) => token.startsWith("@") && token.length > 1)
  );
}

interface CommandSource {
  file: string;
  name: string;
  sourceName: string;
  description: string;
  body: string;
}

/** The commands that can become skills, by skill name; two sources with one name are both dropped. */
function supportedCommands(commandsDir: string): CommandSource[] {
  const byName = new Map<string, CommandSource[]>();
  for (const file of markdownFiles(commandsDir).sort()) {
    if (path.basename(file, ".md") === "README") continue;
    const document = parseDocument(readFileSync(file, "utf8"));
    const description = nonEmpty(document.frontmatter.get("description"));
    if (description === null) continue;
    const sourceName = commandSourceName(commandsDir, file);
    const name = slugify(`${COMMAND_SKILL_PREFIX}-${sourceName}`);
    if ([...name].length > MAX_SKILL_NAME_LEN || hasUnsupportedTemplateFeatures(document.body)) continue;
    const list = byName.get(name) ?? [];
    list.push({ file, name, sourceName, description, body: document.body });
    byName.set(name, list);
  }
  return [...byName.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .filter(([, sources]) => sources.length === 1)
    .map(([, sources]) => sources[0]!);
}

export function missingCommandNames(commandsDir: string, targetSkillsDir: string): string[] {
  return supportedCommands(commandsDir)
    .filter((command) => !existsSync(path.join(targetSkillsDir, command.name)))
    .map((command) => command.name);
}

function yamlString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function renderCommandSkill(command: CommandSource): string {
  const body = rewriteExternalAgentTerms(command.body.trim());
  const template = body === "" ? "No command template body was found." : body;
  return (
    `---\nname: ${yamlString(command.name)}\ndescription: ${yamlString(rewriteExternalAgentTerms(command.description))}\n---\n\n` +
    `# ${command.name}\n\nUse this skill when the user asks to run the migrated source command \`${command.sourceName}\`.\n\n` +
    `## Command Template\n\n${template}\n`
  );
}

/** Writes each supported command that has no skill folder yet as `<name>/SKILL.md`; the names written. */
export function importCommands(commandsDir: string, targetSkillsDir: string): string[] {
  const commands = supportedCommands(commandsDir);
  if (commands.length === 0) return [];
  const imported: string[] = [];
  for (const command of commands) {
    const dir = path.join(targetSkillsDir, command.name);
    if (existsSync(dir)) continue;
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "SKILL.md"), renderCommandSkill(command));
    imported.push(command.name);
  }
  return imported;
}
