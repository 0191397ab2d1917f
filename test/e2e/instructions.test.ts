import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockResponses, type MockResponsesServer } from "../helpers/mock-responses.js";
import type { ServerProcess } from "../helpers/server-process.js";
import { MODEL, runTurn, startTurnServer, text } from "../helpers/turns.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

function write(file: string, content: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

/** A git repository (a `.git` directory is enough) with AGENTS.md files at its root and in `sub/`. */
function repo(): { root: string; sub: string; deep: string } {
  const root = tempDir("aas-repo-");
  mkdirSync(path.join(root, ".git"));
  const sub = path.join(root, "sub");
  const deep = path.join(sub, "deep");
  mkdirSync(deep, { recursive: true });
  return { root, sub, deep };
}

function agentsMessage(cwd: string, body: string): string {
  return `# AGENTS.md instructions for ${cwd}\n\n<INSTRUCTIONS>\n${body}\n</INSTRUCTIONS>`;
}

/** Texts of the user messages' parts of a Responses request's input, in order (AGENTS.md and the environment share a message). */
function userTexts(request: { body: Record<string, unknown> }): string[] {
  return (request.body.input as any[]).filter((i) => i.type === "message" && i.role === "user").flatMap((i) => i.content.map((p: any) => p.text));
}

async function startThread(server: ServerProcess, params: Record<string, unknown>) {
  return server.call("thread/start", params);
}

describe("AGENTS.md instructions", () => {
  it("lists global, then project files from the git root down to the cwd, and sends them before the environment context", async () => {
    const codexHome = tempDir("aas-home-");
    const global = write(path.join(codexHome, "AGENTS.md"), "Global rules.\n");
    const { root, sub, deep } = repo();
    const rootDoc = write(path.join(root, "AGENTS.md"), "Root rules.");
    const subDoc = write(path.join(sub, "AGENTS.md"), "Sub rules.");
    // In one directory the override wins over AGENTS.md.
    write(path.join(deep, "AGENTS.md"), "not this one");
    const deepDoc = write(path.join(deep, "AGENTS.override.md"), "Deep override.");
    // Outside the repository: never read.
    write(path.join(path.dirname(root), path.basename(root) + "-sibling", "AGENTS.md"), "sibling");

    const server = await startTurnServer(mock, { codexHome });
    const started = await startThread(server, { cwd: deep });
    expect(started.instructionSources).toEqual([global, rootDoc, subDoc, deepDoc]);

    await runTurn(server, started.thread.id, text("hi"));
    const texts = userTexts(mock.requests[0]!);
    expect(texts[0]).toBe(agentsMessage(deep, "Global rules.\n\n--- project-doc ---\n\nRoot rules.\n\nSub rules.\n\nDeep override."));
    expect(texts[1]).toMatch(/^<environment_context>/);
    expect(texts.at(-1)).toBe("hi");
  });

  it("prefers the global AGENTS.override.md; a nested cwd gets the root's and its own files", async () => {
    const codexHome = tempDir("aas-home-");
    write(path.join(codexHome, "AGENTS.md"), "plain global");
    const override = write(path.join(codexHome, "AGENTS.override.md"), "override global");
    const { root, sub } = repo();
    const rootDoc = write(path.join(root, "AGENTS.md"), "root");
    const subDoc = write(path.join(sub, "AGENTS.md"), "sub");
    write(path.join(sub, "deep", "AGENTS.md"), "below the cwd: not read");

    const server = await startTurnServer(mock, { codexHome });
    const started = await startThread(server, { cwd: sub });
    expect(started.instructionSources).toEqual([override, rootDoc, subDoc]);
    await runTurn(server, started.thread.id);
    expect(userTexts(mock.requests[0]!)[0]).toBe(agentsMessage(sub, "override global\n\n--- project-doc ---\n\nroot\n\nsub"));
  });

  it("outside a git repository only the cwd's own file counts", async () => {
    const parent = tempDir("aas-nogit-");
    write(path.join(parent, "AGENTS.md"), "parent");
    const cwd = path.join(parent, "child");
    const own = write(path.join(cwd, "AGENTS.md"), "child");
    const server = await startTurnServer(mock);
    const started = await startThread(server, { cwd });
    expect(started.instructionSources).toEqual([own]);
    await runTurn(server, started.thread.id);
    expect(userTexts(mock.requests[0]!)[0]).toBe(agentsMessage(cwd, "child"));
  });

  it("caps the project files together at project_doc_max_bytes; blank files are skipped; 0 disables them", async () => {
    const codexHome = tempDir("aas-home-");
    const global = write(path.join(codexHome, "AGENTS.md"), "global");
    const { root, sub, deep } = repo();
    const rootDoc = write(path.join(root, "AGENTS.md"), "abcdef");
    write(path.join(sub, "AGENTS.md"), "  \n\n");
    const deepDoc = write(path.join(deep, "AGENTS.md"), "0123456789");
    write(path.join(deep, "inner", "AGENTS.md"), "over budget");

    const server = await startTurnServer(mock, { codexHome, args: ["-c", "project_doc_max_bytes=10"] });
    const capped = await startThread(server, { cwd: deep });
    expect(capped.instructionSources).toEqual([global, rootDoc, deepDoc]);
    await runTurn(server, capped.thread.id);
    expect(userTexts(mock.requests[0]!)[0]).toBe(agentsMessage(deep, "global\n\n--- project-doc ---\n\nabcdef\n\n0123"));
    // The budget is spent: a deeper cwd's file is not read.
    const inner = await startThread(server, { cwd: path.join(deep, "inner") });
    expect(inner.instructionSources).toEqual([global, rootDoc, deepDoc]);

    const off = await startTurnServer(mock, { codexHome, args: ["-c", "project_doc_max_bytes=0"] });
    const started = await startThread(off, { cwd: deep });
    expect(started.instructionSources).toEqual([global]);
  });

  it("the default cap is 32 KiB", async () => {
    const { root } = repo();
    const doc = write(path.join(root, "AGENTS.md"), "x".repeat(40 * 1024));
    const server = await startTurnServer(mock);
    const started = await startThread(server, { cwd: root });
    expect(started.instructionSources).toEqual([doc]);
    await runTurn(server, started.thread.id);
    expect(userTexts(mock.requests[0]!)[0]).toBe(agentsMessage(root, "x".repeat(32 * 1024)));
  });

  it("without instruction files: instructionSources [] and no instructions message", async () => {
    const cwd = tempDir("aas-empty-");
    const server = await startTurnServer(mock);
    const started = await startThread(server, { cwd });
    expect(started.instructionSources).toEqual([]);
    await runTurn(server, started.thread.id, text("hello"));
    const texts = userTexts(mock.requests[0]!);
    expect(texts).toHaveLength(2);
    expect(texts[0]).toMatch(/^<environment_context>/);
    expect(texts.some((t) => t.startsWith("# AGENTS.md"))).toBe(false);
  });

  it("reads the files at start, resume and fork and when a turn changes the cwd, not per request", async () => {
    const { root, sub } = repo();
    const rootDoc = write(path.join(root, "AGENTS.md"), "version 1");
    const server = await startTurnServer(mock);
    const started = await startThread(server, { cwd: root });
    const threadId = started.thread.id as string;
    expect(started.instructionSources).toEqual([rootDoc]);

    write(rootDoc, "version 2");
    await runTurn(server, threadId, text("one"));
    expect(userTexts(mock.requests[0]!)[0]).toBe(agentsMessage(root, "version 1"));

    const resumed = await server.call("thread/resume", { threadId });
    expect(resumed.instructionSources).toEqual([rootDoc]);
    await runTurn(server, threadId, text("two"));
    // The history is append-only (fact sheet §4.7, §8): with the cwd unchanged no second AGENTS.md block is sent.
    expect(userTexts(mock.requests[1]!).filter((t) => t.includes("# AGENTS.md instructions"))).toEqual([agentsMessage(root, "version 1")]);

    // A turn moving the thread to sub/ reads sub/'s chain and sends it as a replacement block.
    const subDoc = write(path.join(sub, "AGENTS.md"), "sub");
    await runTurn(server, threadId, text("three"), { cwd: sub });
    const replacement = userTexts(mock.requests[2]!).at(-3)!;
    expect(replacement).toMatch(/^The working directory has changed\./);
    expect(replacement.endsWith(agentsMessage(sub, "version 2\n\nsub"))).toBe(true);

    const forked = await server.call("thread/fork", { threadId });
    expect(forked.instructionSources).toEqual([rootDoc, subDoc]);
    const resumedElsewhere = await server.call("thread/resume", { threadId, cwd: root });
    expect(resumedElsewhere.instructionSources).toEqual([rootDoc]);
  });
});

describe("unknown model warning", () => {
  const warningText = (model: string) =>
    `Model metadata for \`${model}\` not found. Defaulting to fallback metadata; this can degrade performance and cause issues.`;

  it("is sent for every turn on an unknown model, before the turn/start answer (checked against the reference)", async () => {
    const server = await startTurnServer(mock);
    const started = await startThread(server, { cwd: tempDir("aas-cwd-") });
    const threadId = started.thread.id as string;
    await runTurn(server, threadId, text("one"));
    await runTurn(server, threadId, text("two"));
    expect(server.notifications("warning").map((m) => m.params)).toEqual([
      { threadId, message: warningText(MODEL) },
      { threadId, message: warningText(MODEL) },
    ]);
    // Each warning comes before the answer to its turn/start.
    const warnings = server.received.flatMap((r, i) => (r.message.method === "warning" ? [i] : []));
    const answers = server.received.flatMap((r, i) => (r.requestMethod === "turn/start" ? [i] : []));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toBeLessThan(answers[0]!);
    expect(warnings[1]).toBeGreaterThan(answers[0]!);
    expect(warnings[1]).toBeLessThan(answers[1]!);

    // Another unknown model names that model; another thread gets its own.
    await runTurn(server, threadId, text("three"), { model: "gpt-unknown-x" });
    const other = await startThread(server, { cwd: tempDir("aas-cwd-") });
    await runTurn(server, other.thread.id, text("four"));
    expect(server.notifications("warning").map((m) => m.params).slice(2)).toEqual([
      { threadId, message: warningText("gpt-unknown-x") },
      { threadId: other.thread.id, message: warningText(MODEL) },
    ]);
  });

  it("is not sent for a catalogue model", async () => {
    const server = await startTurnServer(mock, { args: ["-c", 'model="gpt-6.1-sol"'] });
    const started = await startThread(server, { cwd: tempDir("aas-cwd-") });
    expect(started.model).toBe("gpt-6.1-sol");
    await runTurn(server, started.thread.id);
    expect(server.notifications("warning")).toEqual([]);
  });
});
