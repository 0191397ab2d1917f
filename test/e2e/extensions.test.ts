import { afterEach, describe, expect, it } from "vitest";
import { ServerProcess } from "../helpers/server-process.js";

let server: ServerProcess | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

// The rest runs in process (test/unit/extensions.test.ts); the default cwd is the process's own.
describe("neutral answers for surfaces this server does not have", () => {
  it("uses the server's working directory when no cwds are given", async () => {
    server = new ServerProcess({ cwd: "/tmp" });
    await server.initialize();
    expect(await server.call("hooks/list", {})).toEqual({ data: [{ cwd: "/tmp", hooks: [], warnings: [], errors: [] }] });
    expect(await server.call("skills/list", { cwds: [] })).toEqual({ data: [{ cwd: "/tmp", skills: [], errors: [] }] });
  });
});
