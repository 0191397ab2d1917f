import { invalidRequest } from "../../protocol/errors.js";
import type { ReviewTarget } from "../../protocol/review.js";
import { git } from "./git-command.js";

/** A review ready to run: what the model is asked, and the label clients show. */
export interface ReviewPlan {
  target: ReviewTarget;
  /** The short label (`enteredReviewMode.review`, the response's synthesized user message). */
  hint: string;
  /** The user message the reviewer model receives. */
  prompt: string;
}

/** The target with its strings trimmed; the reference's texts for empty ones. */
export function cleanTarget(target: ReviewTarget): ReviewTarget {
  switch (target.type) {
    case "uncommittedChanges":
      return target;
    case "baseBranch": {
      const branch = target.branch.trim();
      if (branch === "") throw invalidRequest("branch must not be empty");
      return { type: "baseBranch", branch };
    }
    case "commit": {
      const sha = target.sha.trim();
      if (sha === "") throw invalidRequest("sha must not be empty");
      const title = target.title?.trim() || null;
      return { type: "commit", sha, title };
    }
    case "custom": {
      const instructions = target.instructions.trim();
      if (instructions === "") throw invalidRequest("instructions must not be empty");
      return { type: "custom", instructions };
    }
  }
}

/** The label clients show for a review (the reference's texts: they are visible on the wire). */
export function reviewHint(target: ReviewTarget): string {
  switch (target.type) {
    case "uncommittedChanges":
      return "current changes";
    case "baseBranch":
      return `changes against '${target.branch}'`;
    case "commit": {
      const short = [...target.sha].slice(0, 7).join("");
      return target.title ? `commit ${short}: ${target.title}` : `commit ${short}`;
    }
    case "custom":
      return target.instructions;
  }
}

function reviewPrompt(target: ReviewTarget, mergeBase: string | null): string {
  switch (target.type) {
    case "uncommittedChanges":
      return "Review the uncommitted changes of this repository: staged, unstaged and untracked files. Report prioritized, actionable findings.";
    case "baseBranch":
      return mergeBase
        ? `Review the changes of the current branch against the base branch '${target.branch}'. Their merge base is commit ${mergeBase}: run \`git diff ${mergeBase}\` to see what changed relative to ${target.branch}. Report prioritized, actionable findings.`
        : `Review the changes of the current branch against the base branch '${target.branch}'. First find the merge base of HEAD and ${target.branch} (for example \`git merge-base HEAD ${target.branch}\`), then run \`git diff\` against it to see what would be merged into ${target.branch}. Report prioritized, actionable findings.`;
    case "commit":
      return target.title
        ? `Review the changes introduced by commit ${target.sha} ("${target.title}"). Report prioritized, actionable findings.`
        : `Review the changes introduced by commit ${target.sha}. Report prioritized, actionable findings.`;
    case "custom":
      return target.instructions;
  }
}

const TARGET_NAMES: Record<ReviewTarget["type"], string> = {
  uncommittedChanges: "uncommitted changes",
  baseBranch: "a base branch",
  commit: "a commit",
  custom: "custom instructions",
};

/** The repository holding `cwd`, or a clear error: every target but `custom` reads git. */
async function repositoryRoot(cwd: string, target: ReviewTarget): Promise<string> {
  const top = await git(cwd, ["rev-parse", "--show-toplevel"]);
  if (!top.ok) throw invalidRequest(`cannot review ${TARGET_NAMES[target.type]}: ${cwd} is not inside a git repository`);
  return top.stdout.trim();
}

async function resolvesToCommit(cwd: string, rev: string): Promise<boolean> {
  // `--end-of-options` keeps a name starting with `-` from being read as an option.
  return (await git(cwd, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`])).ok;
}

async function hasUntrackedFiles(cwd: string): Promise<boolean> {
  const listed = await git(cwd, ["ls-files", "--others", "--exclude-standard", "-z"]);
  return listed.ok && listed.stdout !== "";
}

/**
 * Checks the target against the thread's repository and builds the review:
 * not a repository, a base branch or commit that does not resolve, or
 * nothing to review are errors before any turn starts (the reference would
 * let the model discover them).
 */
export async function planReview(rawTarget: ReviewTarget, cwd: string): Promise<ReviewPlan> {
  const target = cleanTarget(rawTarget);
  let mergeBase: string | null = null;
  if (target.type !== "custom") {
    const root = await repositoryRoot(cwd, target);
    if (target.type === "uncommittedChanges") {
      const status = await git(cwd, ["status", "--porcelain"]);
      if (status.ok && status.stdout.trim() === "") throw invalidRequest(`there are no uncommitted changes to review in ${root}`);
    } else if (target.type === "baseBranch") {
      if (!(await resolvesToCommit(cwd, target.branch))) {
        throw invalidRequest(`base branch '${target.branch}' not found in the repository at ${root}`);
      }
      const base = await git(cwd, ["merge-base", "HEAD", "--end-of-options", target.branch]);
      mergeBase = base.ok ? base.stdout.trim() || null : null;
      if (mergeBase) {
        const same = await git(cwd, ["diff", "--quiet", mergeBase, "--"]);
        if (same.ok && !(await hasUntrackedFiles(cwd))) {
          throw invalidRequest(`there are no changes against '${target.branch}' to review in ${root}`);
        }
      }
    } else if (!(await resolvesToCommit(cwd, target.sha))) {
      throw invalidRequest(`commit ${target.sha} not found in the repository at ${root}`);
    }
  }
  return { target, hint: reviewHint(target), prompt: reviewPrompt(target, mergeBase) };
}
