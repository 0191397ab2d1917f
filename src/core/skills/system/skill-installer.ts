import type { SystemSkillFile } from "./files.js";

/** The `skill-installer` system skill (our own text), installed under `$CODEX_HOME/skills/.system/skill-installer`. */
export const skillInstallerSkill: readonly SystemSkillFile[] = [
  { path: `skill-installer/SKILL.md`, content: `---
name: skill-installer
description: Install skills into $CODEX_HOME/skills, from the openai/skills catalog or from a folder of any GitHub repository (private ones included, with a token). Use when the user wants to know which skills can be installed, or asks to install one.
metadata:
  short-description: Install skills from openai/skills or other repos
---

# Skill installer

Skills are folders holding a \`SKILL.md\`. Installing one means copying its folder to
\`$CODEX_HOME/skills/<name>\` (default \`~/.codex/skills/<name>\`). These steps need network
access: in a sandbox without it, ask for approval to run them with network.

## Listing the catalog
The curated skills are the folders under \`skills/.curated\` of https://github.com/openai/skills
(experimental ones under \`skills/.experimental\`):

\`\`\`bash
curl -fsSL https://api.github.com/repos/openai/skills/contents/skills/.curated \\
  | python3 -c 'import json,sys; print("\\n".join(e["name"] for e in json.load(sys.stdin) if e["type"] == "dir"))'
\`\`\`

Show the names, mark the ones already present in \`$CODEX_HOME/skills\`, and ask which to install.

## Installing from GitHub
Works for the catalog (\`openai/skills\`, path \`skills/.curated/<name>\`) and for any
\`<owner>/<repo>\` + folder path, or a URL like \`https://github.com/<owner>/<repo>/tree/<ref>/<path>\`.

\`\`\`bash
dest="\${CODEX_HOME:-$HOME/.codex}/skills/<name>"
test -e "$dest" && echo "already installed: $dest"   # never overwrite silently
tmp="$(mktemp -d)"
git clone --depth 1 --filter=blob:none --sparse "https://github.com/<owner>/<repo>.git" "$tmp/repo"
git -C "$tmp/repo" sparse-checkout set "<path>"
test -f "$tmp/repo/<path>/SKILL.md" || echo "no SKILL.md there"
mkdir -p "$(dirname "$dest")" && cp -R "$tmp/repo/<path>" "$dest" && rm -rf "$tmp"
\`\`\`

- Add \`--branch <ref>\` to the clone for another branch or tag.
- Private repositories: use the user's git credentials, or a token in \`GITHUB_TOKEN\` /
  \`GH_TOKEN\` (\`https://x-access-token:$GITHUB_TOKEN@github.com/...\`); never print the token.
- Without git, download \`https://codeload.github.com/<owner>/<repo>/tar.gz/<ref>\` and extract
  only the wanted folder.

## After installing
- Check the frontmatter of the new \`SKILL.md\` (\`name\`, \`description\`) and tell the user what
  was installed and where.
- Mention anything the skill needs (scripts' dependencies, API keys, MCP servers).
- New skills are picked up on the next turn; restart Codex if they do not show up.
` },
  { path: `skill-installer/agents/openai.yaml`, content: `interface:
  display_name: "Skill Installer"
  short_description: "Install skills from openai/skills or any GitHub repo"
  icon_small: "./assets/skill-installer-small.svg"
  icon_large: "./assets/skill-installer.svg"
` },
  { path: `skill-installer/assets/skill-installer-small.svg`, content: `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#ea580c"/><text x="50%" y="50%" dy=".35em" text-anchor="middle" font-family="sans-serif" font-weight="700" font-size="13" fill="#fff">SI</text></svg>
` },
  { path: `skill-installer/assets/skill-installer.svg`, content: `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128"><rect width="128" height="128" rx="25" fill="#ea580c"/><text x="50%" y="50%" dy=".35em" text-anchor="middle" font-family="sans-serif" font-weight="700" font-size="54" fill="#fff">SI</text></svg>
` },
];
