import { describe, expect, it } from "vitest";
import { execYieldTime, parseExecCommandArgs, parseWriteStdinArgs, shellArgv, writeStdinYieldTime } from "../../src/core/tools/unified-exec/index.js";

describe("unified exec arguments", () => {
  it("exec_command: cmd required; nulls read as absent; escalation fields kept", () => {
    expect(parseExecCommandArgs('{"cmd":"ls","workdir":null,"tty":true,"yield_time_ms":500}')).toEqual({ cmd: "ls", tty: true, yield_time_ms: 500 });
    expect(parseExecCommandArgs({ cmd: "rm x", sandbox_permissions: "require_escalated", justification: "Delete x?", prefix_rule: ["rm"] })).toEqual({
      cmd: "rm x",
      sandbox_permissions: "require_escalated",
      justification: "Delete x?",
      prefix_rule: ["rm"],
    });
  });

  it("bad arguments get the reference's prefix", () => {
    expect(() => parseExecCommandArgs("{not json")).toThrow(/^failed to parse function arguments: /);
    expect(() => parseExecCommandArgs("{}")).toThrow("failed to parse function arguments: missing field `cmd`");
    expect(() => parseExecCommandArgs('{"cmd":1}')).toThrow("failed to parse function arguments: invalid type: integer `1`, expected a string");
    expect(() => parseWriteStdinArgs('{"chars":"x"}')).toThrow("failed to parse function arguments: missing field `session_id`");
  });

  it("write_stdin: chars default to empty (a poll)", () => {
    expect(parseWriteStdinArgs('{"session_id":1234}')).toEqual({ session_id: 1234, chars: "" });
  });

  it("yield clamps: exec 250–30000 (default 10000); writes 250–30000 (default 250); empty polls 5000–300000", () => {
    expect(execYieldTime(undefined)).toBe(10_000);
    expect(execYieldTime(10)).toBe(250);
    expect(execYieldTime(999_999)).toBe(30_000);
    expect(writeStdinYieldTime(undefined, "x")).toBe(250);
    expect(writeStdinYieldTime(60_000, "x")).toBe(30_000);
    expect(writeStdinYieldTime(undefined, "")).toBe(5_000);
    expect(writeStdinYieldTime(1_000_000, "")).toBe(300_000);
  });

  it("login shell flag: -lc by default, -c without login", () => {
    expect(shellArgv("/bin/bash", "ls", true)).toEqual(["/bin/bash", "-lc", "ls"]);
    expect(shellArgv("/bin/bash", "ls", false)).toEqual(["/bin/bash", "-c", "ls"]);
  });
});
