import path from "node:path";

/**
 * The `<skills_instructions>` developer-message part: what a skill is, a
 * table of short root names (`r0`, `r1`, …) for the directories the skills
 * live in, and one line per skill, `- <name>: <description> (file: r0/<name>/SKILL.md)`.
 * Models whose catalog entry sets `include_skills_usage_instructions` also
 * get a section on how to use them.
 */
export interface Skill {
  name: string;
  description: string;
  /** Absolute path of the skill's `SKILL.md`. */
  path: string;
  /** Directory the skill's folder lives in; by default the parent of the folder holding `SKILL.md`. */
  root?: string;
  /** False for a skill used only when named (`policy.allow_implicit_invocation: false`): not listed to the model. */
  implicitInvocation?: boolean;
}

const INTRO = `## Skills
A skill is a set of local instructions, kept in a \`SKILL.md\` file together with any scripts, templates or reference files it needs, that teaches you how to carry out one kind of task well. The skills available in this session are listed below. Each entry gives the skill's name, a description of when it applies, and the path of its \`SKILL.md\`; a path starts with a short root name that stands for one of the directories in the roots table.
Only the names and descriptions are part of this conversation, not the skills themselves. When a task matches a skill's description, or the user names a skill (for example \`$skill-creator\`), open its \`SKILL.md\` before you start and follow it. Relative paths mentioned inside a skill are relative to the skill's own directory.`;

const USAGE = `### How to use skills
- Deciding: check the list above at the start of every task. Use a skill when the user names it or when the task clearly falls within its description; when several apply, use the smallest set that covers the task and say in one line which ones you are using and in what order. Do not carry a skill over to later turns unless it is mentioned again or still clearly applies.
- Loading: read the skill's \`SKILL.md\` first, and only as much of it as you need to get going. Load the files it points to (references, examples, assets) only when the step you are on needs them; do not read whole folders up front.
- Scripts: when a skill ships scripts or templates, run or copy them instead of writing the same thing again from scratch. Treat them as part of the skill's instructions.
- Conflicts: the user's instructions and the AGENTS.md files in scope take precedence over a skill. If a skill asks for something that the sandbox or the approval policy does not allow, follow the rules for permissions instead of the skill.
- Missing or broken skills: if a listed \`SKILL.md\` cannot be read, or its instructions do not fit the situation, say so briefly and continue with your own judgment; do not invent its contents.
- Order of work: when a skill describes a workflow, follow its steps in order and keep its checks; skip a step only when it clearly does not apply, and say so. When a skill gives a template for output (a file layout, a message format), use it as written.
- Paths: skills refer to their own files with paths relative to the skill's directory; resolve them against the directory of the \`SKILL.md\` you read (the root name from the table plus the skill's folder), not against the working directory.
- Creating or installing skills: only when the user asks for it, and with the skills meant for that purpose when they are listed.
- Context: keep what you take from a skill short. Summarize long reference material instead of pasting it into your replies, and keep skill details out of your final answer unless the user asked for them.`;

/** The short root names, in the order the skills first use them. */
export function skillRoots(skills: readonly Skill[]): Map<string, string> {
  const roots = new Map<string, string>();
  for (const skill of skills) {
    const root = rootOf(skill);
    if (!roots.has(root)) roots.set(root, `r${roots.size}`);
  }
  return roots;
}

function rootOf(skill: Skill): string {
  return skill.root ?? path.dirname(path.dirname(skill.path));
}

/** The skills the model is told about: all but those used only when named. */
export function listedSkills(skills: readonly Skill[]): Skill[] {
  return skills.filter((skill) => skill.implicitInvocation !== false);
}

export function skillsSection(all: readonly Skill[], includeUsageInstructions = false): string {
  const skills = listedSkills(all);
  const roots = skillRoots(skills);
  const rootLines = [...roots].map(([dir, short]) => `- \`${short}\` = \`${dir}\``);
  const skillLines = skills.map((skill) => {
    const root = rootOf(skill);
    const relative = path.relative(root, skill.path).split(path.sep).join("/");
    return `- ${skill.name}: ${skill.description} (file: ${roots.get(root)}/${relative})`;
  });
  const parts = [INTRO, "### Skill roots", ...rootLines, "### Available skills", ...skillLines];
  if (includeUsageInstructions) parts.push(USAGE);
  return ["<skills_instructions>", ...parts, "</skills_instructions>"].join("\n");
}
