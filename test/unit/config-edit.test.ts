import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "smol-toml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyConfigEdits, ConfigWriteError, editTomlText, readConfigFile, type ConfigValueEdit } from "../../src/config/edit/index.js";

const CONFIG = `# Codex settings, hand-written.
model = "gpt-5.4"   # the default model
approval_policy = "on-request"

# Sandbox for local runs
sandbox_mode = "workspace-write"
tui.theme = "dark"

[features]
# keep this one
unified_exec = true
web_search = false # trailing comment

[mcp_servers.docs]
command = "docs-server"
args = [
  "--port", # inline comment
  "8080",
]

[mcp_servers.docs.env]
TOKEN = 'literal'

# Profiles below
[profiles.fast]
model = "gpt-5.4-mini"
model_reasoning_effort = "low"

[[skills.config]]
path = "/a"
enabled = false
`;

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "config-edit-"));
  file = path.join(dir, "config.toml");
  writeFileSync(file, CONFIG);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function edit(keyPath: string, value: unknown, mergeStrategy: "replace" | "upsert" = "replace"): ConfigValueEdit {
  return { keyPath, value, mergeStrategy };
}

function written(): string {
  return readFileSync(file, "utf8");
}

/** The text differs from CONFIG only by replacing `from` with `to` (exactly once). */
function expectOnly(from: string, to: string): void {
  expect(CONFIG.split(from).length).toBe(2);
  expect(written()).toBe(CONFIG.replace(from, to));
}

describe("format-preserving config edits", () => {
  it("replaces a root scalar in place, keeping its trailing comment", () => {
    applyConfigEdits(file, [edit("model", "gpt-5.5")]);
    expectOnly('model = "gpt-5.4"   # the default model', 'model = "gpt-5.5"   # the default model');
  });

  it("replaces a value inside a table section and a multi-line array", () => {
    applyConfigEdits(file, [edit("features.web_search", true)]);
    expectOnly("web_search = false # trailing comment", "web_search = true # trailing comment");
    writeFileSync(file, CONFIG);
    applyConfigEdits(file, [edit("mcp_servers.docs.args", ["--port", "9090"])]);
    expectOnly('args = [\n  "--port", # inline comment\n  "8080",\n]', 'args = ["--port", "9090"]');
  });

  it("adds a key after the last key of its section", () => {
    applyConfigEdits(file, [edit("features.apps", true)]);
    expectOnly("web_search = false # trailing comment\n", "web_search = false # trailing comment\napps = true\n");
    writeFileSync(file, CONFIG);
    applyConfigEdits(file, [edit("model_provider", "local")]);
    expectOnly('tui.theme = "dark"\n', 'tui.theme = "dark"\nmodel_provider = "local"\n');
  });

  it("extends a dotted-key group next to its siblings", () => {
    applyConfigEdits(file, [edit("tui.notifications", true)]);
    expectOnly('tui.theme = "dark"\n', 'tui.theme = "dark"\ntui.notifications = true\n');
  });

  it("creates a missing table as a new section after its relatives", () => {
    applyConfigEdits(file, [edit("mcp_servers.search", { command: "search", env: { A: "1" } })]);
    expectOnly(
      "TOKEN = 'literal'\n\n",
      "TOKEN = 'literal'\n\n[mcp_servers.search]\ncommand = \"search\"\n\n[mcp_servers.search.env]\nA = \"1\"\n\n",
    );
    writeFileSync(file, CONFIG);
    applyConfigEdits(file, [edit("history.persistence", "none")]);
    expect(written()).toBe(`${CONFIG}\n[history]\npersistence = "none"\n`);
  });

  it("removes a key line and leaves everything else", () => {
    applyConfigEdits(file, [edit("features.unified_exec", null)]);
    expectOnly("unified_exec = true\n", "");
    writeFileSync(file, CONFIG);
    applyConfigEdits(file, [edit("tui.theme", null)]);
    expectOnly('tui.theme = "dark"\n', "");
  });

  it("removes a whole table with its sub-tables but keeps the comment of the next section", () => {
    applyConfigEdits(file, [edit("mcp_servers.docs", null)]);
    expect(written()).toBe(CONFIG.replace(/\[mcp_servers\.docs\][\s\S]*?(?=# Profiles below)/, ""));
    expect(parse(written()).mcp_servers).toBeUndefined();
  });

  it("upserts a table key by key, replace swaps it whole", () => {
    applyConfigEdits(file, [edit("profiles.fast", { model: "gpt-5.5" }, "upsert")]);
    expectOnly('model = "gpt-5.4-mini"', 'model = "gpt-5.5"');
    writeFileSync(file, CONFIG);
    applyConfigEdits(file, [edit("profiles.fast", { model: "gpt-5.5" }, "replace")]);
    expectOnly('model = "gpt-5.4-mini"\nmodel_reasoning_effort = "low"\n', 'model = "gpt-5.5"\n');
  });

  it("rewrites an array of tables as one inline array", () => {
    applyConfigEdits(file, [edit("skills.config", [{ path: "/b", enabled: true }])]);
    expect(parse(written()).skills).toEqual({ config: [{ path: "/b", enabled: true }] });
    expect(written().startsWith(CONFIG.slice(0, CONFIG.indexOf("[[skills.config]]")))).toBe(true);
  });

  it("applies a batch in order and reports the reference-style version", () => {
    const before = readConfigFile(file).version;
    expect(before).toMatch(/^sha256:[0-9a-f]{64}$/);
    const result = applyConfigEdits(file, [edit("model", "a"), edit("model", "b"), edit("features.apps", true)], { expectedVersion: before });
    expect(result.changed).toBe(true);
    expect(result.version).toBe(readConfigFile(file).version);
    expect(result.version).not.toBe(before);
    expect(parse(written()).model).toBe("b");
  });

  it("writes nothing when nothing changes", () => {
    const mtime = statSync(file).mtimeMs;
    const result = applyConfigEdits(file, [edit("model", "gpt-5.4"), edit("nothing_here", null)]);
    expect(result.changed).toBe(false);
    expect(written()).toBe(CONFIG);
    expect(statSync(file).mtimeMs).toBe(mtime);
  });

  it("creates the file when it does not exist, with private permissions", () => {
    rmSync(file);
    applyConfigEdits(file, [edit("model", "m"), edit("features.apps", true)]);
    expect(written()).toBe('model = "m"\n\n[features]\napps = true\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("keeps the file's permissions and writes through a symlink", () => {
    chmodSync(file, 0o640);
    const link = path.join(dir, "link.toml");
    symlinkSync(file, link);
    applyConfigEdits(link, [edit("model", "x")]);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(parse(written()).model).toBe("x");
    expect(readdirSync(dir).sort()).toEqual(["config.toml", "link.toml"]);
  });

  it("keeps CRLF line endings", () => {
    writeFileSync(file, 'model = "a"\r\n\r\n[features]\r\napps = true\r\n');
    applyConfigEdits(file, [edit("features.x", false), edit("history.max_bytes", 10)]);
    expect(written()).toBe('model = "a"\r\n\r\n[features]\r\napps = true\r\nx = false\r\n\r\n[history]\r\nmax_bytes = 10\r\n');
  });

  it("inserts a root key before the comment block of the first section when the root has no keys", () => {
    writeFileSync(file, "# header comment\n\n# about features\n[features]\napps = true\n");
    applyConfigEdits(file, [edit("model", "m")]);
    expect(written()).toBe('# header comment\n\nmodel = "m"\n\n# about features\n[features]\napps = true\n');
  });

  it("handles quoted keys, strings needing escapes, floats and nested inline tables", () => {
    writeFileSync(file, '[model_providers."my.provider"]\nname = "x"\nquery_params = { a = "1", b = "2" }\n');
    applyConfigEdits(file, [
      edit("model_providers.my.provider.name", "y"),
    ]);
    // Unquoted key paths split on every dot, as the reference does: a new table appears.
    expect(parse(written()).model_providers).toMatchObject({ "my.provider": { name: "x" }, my: { provider: { name: "y" } } });
    const text = editTomlText(
      '[model_providers."my.provider"]\nname = "x"\nquery_params = { a = "1", b = "2" }\n',
      [["model_providers", "my.provider", "query_params", "b"], ["model_providers", "my.provider", "weird key"]],
      { model_providers: { "my.provider": { name: "x", query_params: { a: "1" }, "weird key": 'say "hi"\n' } } },
    );
    expect(text).toBe('[model_providers."my.provider"]\nname = "x"\nquery_params = { a = "1" }\n"weird key" = "say \\"hi\\"\\n"\n');
    const floats = editTomlText("ratio = 1\n", [["ratio"], ["scale"]], { ratio: 0.25, scale: 2.5e-7 });
    expect(parse(floats)).toEqual({ ratio: 0.25, scale: 2.5e-7 });
  });
});

describe("refused config edits leave the file byte-for-byte intact", () => {
  function expectRefused(run: () => unknown, code: string, message: RegExp): void {
    let caught: unknown;
    try {
      run();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigWriteError);
    expect((caught as ConfigWriteError).toJson()).toMatchObject({ code: -32600, data: { config_write_error_code: code } });
    expect((caught as Error).message).toMatch(message);
  }

  it("refuses a stale expectedVersion with the reference's conflict error", () => {
    const { version } = readConfigFile(file);
    applyConfigEdits(file, [edit("model", "other")]);
    const afterOther = written();
    expectRefused(
      () => applyConfigEdits(file, [edit("model", "mine")], { expectedVersion: version }),
      "configVersionConflict",
      /^Configuration was modified since last read\. Fetch latest version and retry\.$/,
    );
    expect(written()).toBe(afterOther);
  });

  it("one of two writers holding the same version wins, the other gets a conflict", () => {
    const { version } = readConfigFile(file);
    const results = [edit("model", "first"), edit("model", "second")].map((e) => {
      try {
        return applyConfigEdits(file, [e], { expectedVersion: version }).version;
      } catch (error) {
        return (error as ConfigWriteError).writeErrorCode;
      }
    });
    expect(results[0]).toMatch(/^sha256:/);
    expect(results[1]).toBe("configVersionConflict");
    expect(parse(written()).model).toBe("first");
  });

  it("never overwrites an external edit made while the write was being prepared", () => {
    const external = `${CONFIG}\n# added by an editor\n`;
    expectRefused(
      () =>
        applyConfigEdits(file, [edit("model", "mine")], {
          validate: () => writeFileSync(file, external),
        }),
      "configVersionConflict",
      /^Configuration was modified since last read/,
    );
    expect(written()).toBe(external);
    expect(readdirSync(dir)).toEqual(["config.toml"]);
  });

  it("refuses to write over a file that is not valid TOML, naming the file and line", () => {
    writeFileSync(file, "model = \n[broken\n");
    // As the reference: an internal error naming the file and the position, and nothing written.
    expect(() => applyConfigEdits(file, [edit("model", "x")])).toThrow(expect.objectContaining({ code: -32603 }));
    expect(() => applyConfigEdits(file, [edit("model", "x")])).toThrow(new RegExp(`^failed to load configuration: ${file}:1:\\d+: `));
    expect(written()).toBe("model = \n[broken\n");
  });

  it("refuses nulls inside values, empty key paths and removals below missing tables", () => {
    expectRefused(() => applyConfigEdits(file, [edit("features.list", [1, null])]), "configValidationError", /`features\.list\.1` is null/);
    expectRefused(() => applyConfigEdits(file, [edit("", 1)]), "configValidationError", /keyPath must not be empty/);
    expectRefused(() => applyConfigEdits(file, [edit("nope.deeper.key", null)]), "configPathNotFound", /^Path not found$/);
    expect(written()).toBe(CONFIG);
  });

  it("a validator's refusal stops the whole batch", () => {
    expectRefused(
      () =>
        applyConfigEdits(file, [edit("model", "ok"), edit("approval_policy", "sometimes")], {
          validate: (config) => {
            if (config.approval_policy === "sometimes") throw new ConfigWriteError("configValidationError", "approval_policy: bad");
          },
        }),
      "configValidationError",
      /approval_policy: bad/,
    );
    expect(written()).toBe(CONFIG);
  });
});
