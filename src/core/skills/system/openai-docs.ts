import type { SystemSkillFile } from "./files.js";

/** The `openai-docs` system skill (our own text), installed under `$CODEX_HOME/skills/.system/openai-docs`. */
export const openaiDocsSkill: readonly SystemSkillFile[] = [
  { path: `openai-docs/SKILL.md`, content: `---
name: openai-docs
description: Questions about Codex and ChatGPT Work, and first steps with the OpenAI API. Read this skill before explaining how Codex or ChatGPT Work behaves, where a feature lives, or how to configure or troubleshoot this app or coding agent (conversation history, models and caching, instruction precedence, permissions and sandboxing, which tools are available). For API questions, use it only when the user is connecting to the OpenAI API for the first time; someone with an existing integration should be pointed to the developer docs. Not for action requests (such as scheduling an automation) or for questions the provided text or data already answers.
---

# Codex, ChatGPT Work and first API steps

Explain product behaviour from the official documentation and from what this installation
actually does, never from memory alone. When the user invokes \`$openai-docs\` for anything
else, carry on with their task and consult the official docs where they help.

## Sources, in this order
1. **This installation.** Settings live in \`$CODEX_HOME/config.toml\` (default
   \`~/.codex/config.toml\`), project instructions in \`AGENTS.md\` files, skills under
   \`$CODEX_HOME/skills\` and \`.agents/skills\`. Read them before describing how things are set up.
2. **Official documentation.** Codex: https://developers.openai.com/codex (configuration,
   sandboxing and approvals, \`AGENTS.md\`, skills, MCP, the CLI and IDE extension). API:
   https://platform.openai.com/docs (quickstart, models, Responses API, authentication).
   Fetch the relevant page when network access is available and quote what it says.
3. **Your own knowledge**, clearly marked as such, only when the first two are silent.

## Answering
- Name the exact setting, file or command, with an example when it helps.
- Say which behaviour depends on the version, plan or platform, and how to check it.
- If the docs and the installation disagree, say so and show both.
- Do not invent options or flags; if something cannot be confirmed, say that.

## First API integration
1. An API key from https://platform.openai.com/api-keys, kept in \`OPENAI_API_KEY\`, never in code.
2. The official SDK for the user's language (\`pip install openai\`, \`npm install openai\`).
3. A minimal Responses API call with a current model, then error handling and retries.
4. Point to pricing, rate limits and model selection pages for the next decisions.
` },
  { path: `openai-docs/agents/openai.yaml`, content: `interface:
  display_name: "OpenAI Docs"
  short_description: "Answers about Codex and ChatGPT Work, and first API steps"
  icon_small: "./assets/openai-docs-small.svg"
  icon_large: "./assets/openai-docs.svg"
  default_prompt: "Use $openai-docs to explain a Codex or ChatGPT Work feature or to set up my first OpenAI API integration."
` },
  { path: `openai-docs/assets/openai-docs-small.svg`, content: `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#10a37f"/><text x="50%" y="50%" dy=".35em" text-anchor="middle" font-family="sans-serif" font-weight="700" font-size="18" fill="#fff">D</text></svg>
` },
  { path: `openai-docs/assets/openai-docs.svg`, content: `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128"><rect width="128" height="128" rx="25" fill="#10a37f"/><text x="50%" y="50%" dy=".35em" text-anchor="middle" font-family="sans-serif" font-weight="700" font-size="70" fill="#fff">D</text></svg>
` },
];
