import { mkdtempSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { currentConfigLoader } from "../../src/config/load.js";

describe("currentConfigLoader", () => {
  it("parses config.toml again only after it changed on disk", () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "aas-cfg-"));
    const systemDir = mkdtempSync(path.join(os.tmpdir(), "aas-sys-"));
    const file = path.join(home, "config.toml");
    writeFileSync(file, 'model = "first"\n');
    const current = currentConfigLoader(home, [], systemDir);

    const loaded = current();
    expect(loaded.values.model).toBe("first");
    expect(current()).toBe(loaded);

    // Replaced the way this server writes it (a new file renamed in place), same size.
    writeFileSync(`${file}.tmp`, 'model = "other"\n');
    renameSync(`${file}.tmp`, file);
    expect(current().values.model).toBe("other");

    // A layer that appears later counts too.
    writeFileSync(path.join(systemDir, "managed_config.toml"), 'model = "managed"\n');
    expect(current().values.model).toBe("managed");
  });
});
