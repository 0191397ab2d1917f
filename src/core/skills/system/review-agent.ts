import type { SystemSkillFile } from "./files.js";

/** The `review-agent` system skill (our own text), installed under `$CODEX_HOME/skills/.system/review-agent`. */
export const reviewAgentSkill: readonly SystemSkillFile[] = [
  { path: `review-agent/SKILL.md`, content: `---
name: review-agent
description: Review a given code change without modifying anything and report every defect worth fixing, most serious first. Use when another agent hands over the review of uncommitted changes, of a branch against its base, of one commit, or a review with custom instructions.
---

# Review agent

Review the requested change yourself and report each problem its author would want to fix.
You do not edit files, run formatters that rewrite code, or commit.

## Getting the change
- Uncommitted changes: \`git status\`, \`git diff\` and \`git diff --staged\`, plus new untracked files.
- Against a base branch: \`git merge-base HEAD <base>\` then \`git diff <merge-base>\`.
- One commit: \`git show <sha>\`.
- Custom instructions: follow them to decide what to look at.
Read the surrounding code, callers and tests as needed: a diff alone rarely shows the bug.

## What counts as a finding
- Incorrect behaviour: logic errors, wrong edge cases, broken error handling, races,
  resource leaks, security problems, data loss, API or compatibility breaks.
- Changes that contradict the repository's own conventions or instructions (\`AGENTS.md\`).
- Missing or wrong tests for behaviour the change introduces.
Leave out style preferences, speculation without a concrete failure, and problems the change
did not introduce unless it makes them worse.

## Reporting
For each finding give: a short title, the priority (P0 blocking to P3 minor), the file and
line range, what goes wrong and in which situation, and, when clear, how to fix it. Order
findings by priority. End with an overall verdict: whether the change is correct as it is.
If you find nothing, say so plainly rather than inventing issues.
` },
  { path: `review-agent/agents/openai.yaml`, content: `interface:
  display_name: "Review Agent"
  short_description: "Find the bugs worth fixing in a code change"
  default_prompt: "Use $review-agent to review the requested changes and report the problems worth fixing."
policy:
  allow_implicit_invocation: false
` },
];
