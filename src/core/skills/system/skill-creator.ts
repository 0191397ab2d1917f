import type { SystemSkillFile } from "./files.js";

/** The `skill-creator` system skill (our own text), installed under `$CODEX_HOME/skills/.system/skill-creator`. */
export const skillCreatorSkill: readonly SystemSkillFile[] = [
  { path: `skill-creator/SKILL.md`, content: `---
name: skill-creator
description: Create a new Codex skill or improve an existing one, with instructions scoped to its job and the scripts, references or assets it needs.
metadata:
  short-description: Create or update a skill
---

# Skill creator

A skill is a folder with a \`SKILL.md\` that teaches Codex a task it would otherwise do poorly
or slowly. Codex sees only each skill's name and description until it decides to use one,
then reads the body, then opens bundled files when the body points to them. Write for that
order: the description decides *when*, the body says *how*, the files hold the details.

## Where skills live
- \`$CODEX_HOME/skills/<name>/\` (default \`~/.codex/skills\`): the user's skills, for every project.
- \`<repo>/.agents/skills/<name>/\`: skills shared with everyone working in that repository.
- \`$CODEX_HOME/skills/.system/\` is managed by Codex and rewritten on upgrade: do not edit it.

## Layout
\`\`\`
<name>/
  SKILL.md            required: frontmatter + instructions
  agents/openai.yaml  optional: how apps show the skill
  scripts/            optional: code run as is (deterministic or repeated steps)
  references/         optional: long documentation read only when needed
  assets/             optional: templates, images, files copied into outputs
\`\`\`

## SKILL.md
Frontmatter between \`---\` lines:
- \`name\`: lowercase letters, digits and hyphens, at most 64 characters, equal to the folder name.
- \`description\`: one line, at most 1024 characters. Say what the skill does *and* when to use
  it (and when not to); this is the only part Codex reads before choosing the skill.
- optional \`metadata.short-description\`: a few words for lists.

Body guidelines:
- Keep it short (well under 500 lines). Only write what Codex would not know anyway.
- Prefer a numbered workflow with concrete commands over general advice.
- Match the precision to the risk: exact scripts for fragile steps, guidance for open tasks.
- Link to \`references/...\` files for detail instead of pasting it, and say when to read them.

## agents/openai.yaml
\`\`\`yaml
interface:
  display_name: "Readable Name"
  short_description: "What it does, in a few words"
  icon_small: "./assets/icon-small.svg"   # paths under assets/
  icon_large: "./assets/icon.png"
  default_prompt: "Use $name to ..."
policy:
  allow_implicit_invocation: false       # only when the skill must be invoked explicitly
\`\`\`

## Workflow
1. Collect two or three real requests the skill should handle; note what a good result is.
2. Create the skeleton: \`python3 scripts/init_skill.py <name> --path <skills-dir>\`.
3. Write the description first, then the body, then scripts and references.
4. Test every script by running it. Check the frontmatter rules above (name, length, one line).
5. Try the skill on the collected requests in a fresh session and refine what went wrong.
6. New or changed skills are picked up on the next turn; restart the app if they are not.
` },
  { path: `skill-creator/agents/openai.yaml`, content: `interface:
  display_name: "Skill Creator"
  short_description: "Create or update a skill"
  icon_small: "./assets/skill-creator-small.svg"
  icon_large: "./assets/skill-creator.svg"
` },
  { path: `skill-creator/assets/skill-creator-small.svg`, content: `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#2563eb"/><text x="50%" y="50%" dy=".35em" text-anchor="middle" font-family="sans-serif" font-weight="700" font-size="13" fill="#fff">SC</text></svg>
` },
  { path: `skill-creator/assets/skill-creator.svg`, content: `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128"><rect width="128" height="128" rx="25" fill="#2563eb"/><text x="50%" y="50%" dy=".35em" text-anchor="middle" font-family="sans-serif" font-weight="700" font-size="54" fill="#fff">SC</text></svg>
` },
  { path: `skill-creator/scripts/init_skill.py`, content: `#!/usr/bin/env python3
"""Create the skeleton of a new skill: <path>/<name>/SKILL.md and agents/openai.yaml."""
import argparse
import os
import re
import sys

NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("name", help="lowercase-with-hyphens, at most 64 characters")
    parser.add_argument("--path", default=os.path.join(os.environ.get("CODEX_HOME", os.path.expanduser("~/.codex")), "skills"))
    parser.add_argument("--resources", default="", help="comma-separated: scripts,references,assets")
    args = parser.parse_args()

    if len(args.name) > 64 or not NAME.match(args.name):
        sys.exit(f"invalid skill name: {args.name!r}")
    root = os.path.join(args.path, args.name)
    if os.path.exists(root):
        sys.exit(f"already exists: {root}")
    os.makedirs(os.path.join(root, "agents"))
    for folder in filter(None, (part.strip() for part in args.resources.split(","))):
        if folder not in ("scripts", "references", "assets"):
            sys.exit(f"unknown resource folder: {folder}")
        os.makedirs(os.path.join(root, folder))
    title = args.name.replace("-", " ").capitalize()
    with open(os.path.join(root, "SKILL.md"), "w", encoding="utf-8") as handle:
        handle.write(
            f"---\\nname: {args.name}\\ndescription: TODO what this skill does and when to use it.\\n---\\n\\n"
            f"# {title}\\n\\nTODO: the steps Codex should follow.\\n"
        )
    with open(os.path.join(root, "agents", "openai.yaml"), "w", encoding="utf-8") as handle:
        handle.write(f'interface:\\n  display_name: "{title}"\\n  short_description: "TODO"\\n')
    print(root)


if __name__ == "__main__":
    main()
` },
];
