import { describe, expect, it } from "vitest";
import { parseCommandActions, shlexSplit } from "../../src/core/tools/command-actions.js";
import { HeadTailBuffer } from "../../src/core/tools/output-buffer.js";
import { parseUpdatePlanArgs } from "../../src/core/tools/update-plan-args.js";

describe("tool arguments and output buffering", () => {
  it("parses update_plan calls", () => {
    expect(
      parseUpdatePlanArgs({ explanation: "why", plan: [{ step: "a", status: "completed" }, { step: "b", status: "in_progress" }, { step: "c", status: "pending" }] }),
    ).toEqual({
      explanation: "why",
      plan: [
        { step: "a", status: "completed" },
        { step: "b", status: "inProgress" },
        { step: "c", status: "pending" },
      ],
    });
    expect(() => parseUpdatePlanArgs({ plan: [{ step: "a", status: "done" }] })).toThrow(/status/);
  });

  it("HeadTailBuffer keeps exact head and tail bytes", () => {
    const buffer = new HeadTailBuffer(4, 3);
    for (const chunk of ["ab", "cdef", "ghij", "k"]) buffer.push(Buffer.from(chunk));
    expect(buffer.headBuffer().toString()).toBe("abcd");
    expect(buffer.tailBuffer().toString()).toBe("ijk");
    expect(buffer.droppedBytes).toBe(4);
    expect(buffer.toText()).toBe("abcd\n[... 4 bytes truncated ...]\nijk");
  });
});

describe("parseCommandActions", () => {
  it.each([
    [["cat", "README.md"], [{ type: "read", command: "cat README.md", name: "README.md", path: "/w/README.md" }]],
    [["bash", "-lc", "cat src/app.ts"], [{ type: "read", command: "cat src/app.ts", name: "app.ts", path: "/w/src/app.ts" }]],
    [["bash", "-lc", "cd sub && sed -n 1,20p lib/x.py"], [{ type: "read", command: "sed -n '1,20p' lib/x.py", name: "x.py", path: "/w/sub/lib/x.py" }]],
    [["ls", "-la"], [{ type: "listFiles", command: "ls -la", path: null }]],
    [["bash", "-lc", "ls docs"], [{ type: "listFiles", command: "ls docs", path: "docs" }]],
    [["rg", "--files"], [{ type: "listFiles", command: "rg --files", path: null }]],
    [["rg", "-n", "TODO", "src/core"], [{ type: "search", command: "rg -n TODO src/core", query: "TODO", path: "core" }]],
    [["bash", "-lc", "grep -rn 'foo bar' . | head -20"], [{ type: "search", command: "grep -rn 'foo bar' .", query: "foo bar", path: "." }]],
    [["bash", "-lc", "rg --files | wc -l"], [{ type: "listFiles", command: "rg --files", path: null }]],
    [["find", ".", "-name", "*.ts"], [{ type: "search", command: "find . -name '*.ts'", query: "*.ts", path: "." }]],
    [["npm", "test"], [{ type: "unknown", command: "npm test" }]],
    [["bash", "-lc", "echo hi > out.txt"], [{ type: "unknown", command: "echo hi > out.txt" }]],
    // One command the summary does not understand makes the whole script one unknown action.
    [["bash", "-lc", "cat a.txt && npm run build"], [{ type: "unknown", command: "cat a.txt && npm run build" }]],
  ])("%j", (argv, expected) => {
    expect(parseCommandActions(argv, { cwd: "/w" })).toEqual(expected);
  });

  it("splits shell words with quotes and operators", () => {
    expect(shlexSplit(`a "b c" 'd e'&&f\\ g|h`)!.map((t) => t.text)).toEqual(["a", "b c", "d e", "&&", "f g", "|", "h"]);
    expect(shlexSplit(`unterminated "quote`)).toBeNull();
  });
});
