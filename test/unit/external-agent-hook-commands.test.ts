import { describe, expect, it } from "vitest";
import { rewriteHookCommand } from "../../src/core/external-agent/hook-commands.js";

const target = "/home/me/.codex/hooks";

describe("rewriteHookCommand", () => {
  it("points every word naming a script under .claude/hooks/ at the copied script, single-quoted", () => {
    const cases: Array<[string, string]> = [
      ["$CLAUDE_PROJECT_DIR/.claude/hooks/check.sh", `'${target}/check.sh'`],
      ['"$CLAUDE_PROJECT_DIR"/.claude/hooks/check.sh', `'${target}/check.sh'`],
      ['"$CLAUDE_PROJECT_DIR/.claude/hooks/check.sh" arg1', `'${target}/check.sh' arg1`],
      ["${CLAUDE_PROJECT_DIR}/.claude/hooks/sub/deep.sh", `'${target}/sub/deep.sh'`],
      ["bash .claude/hooks/check.sh", `bash '${target}/check.sh'`],
      ["~/.claude/hooks/log.py", `'${target}/log.py'`],
      ["python3 ${HOME}/.claude/hooks/log.py x", `python3 '${target}/log.py' x`],
      ["cd $CLAUDE_PROJECT_DIR && ./.claude/hooks/check.sh", `cd $CLAUDE_PROJECT_DIR && '${target}/check.sh'`],
      ['"/home/me/.claude/hooks/sp ace.sh"', `'${target}/sp ace.sh'`],
      [`"/home/me/.claude/hooks/it's.sh"`, `'${target}/it'\\''s.sh'`],
    ];
    for (const [command, expected] of cases) expect(rewriteHookCommand(command, target)).toBe(expected);
  });

  it("leaves commands that name no hook script as they are", () => {
    for (const command of [
      "echo $CLAUDE_PROJECT_DIR",
      "$CLAUDE_PROJECT_DIR/scripts/s.sh",
      "$CLAUDE_PROJECT_DIR/.claude/other/thing.sh",
      'python3 x.py --dir "${CLAUDE_PROJECT_DIR}"/.claude/x',
      "$OTHER/.claude/hooks/x.sh",
    ]) {
      expect(rewriteHookCommand(command, target)).toBe(command);
    }
  });
});
