import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { threadSpawnOf } from "../../src/core/agents/sub-agent.js";
import { agentLimits } from "../../src/core/agents/agent-limits.js";
import { collabAgentState, isFinal } from "../../src/core/agents/agent-status.js";
import { openStore, storedThread } from "../helpers/thread-seed.js";

const spawnSource = (parent: string) => ({
  subAgent: { thread_spawn: { parent_thread_id: parent, depth: 1, agent_path: null, agent_nickname: "Ada", agent_role: null } },
});

describe("sub-agent threads in the store", () => {
  it("lists a parent's sub-agents by the parent link in their source", () => {
    const store = openStore(mkdtempSync(path.join(os.tmpdir(), "aas-subagent-")));
    const parent = storedThread();
    const child = storedThread({ source: spawnSource(parent.record.id) });
    const other = storedThread({ source: spawnSource("00000000-0000-7000-8000-000000000000") });
    for (const stored of [parent, child, other]) store.insertThread(stored);
    const page = store.listThreads({
      limit: 10,
      cursor: null,
      sortKey: "created_at",
      direction: "desc",
      archived: false,
      cwds: null,
      searchTerm: null,
      modelProviders: null,
      excludedIds: null,
      sourceKinds: null,
      parentThreadId: parent.record.id,
    });
    expect(page.rows.map((r) => r.record.id)).toEqual([child.record.id]);
    expect(threadSpawnOf(page.rows[0]!.record.source)).toMatchObject({ parent_thread_id: parent.record.id, depth: 1, agent_nickname: "Ada" });
    store.close();
  });
});

describe("agent limits and statuses", () => {
  it("reads [agents] max_threads / max_depth with the reference's defaults (6, 1)", () => {
    expect(agentLimits({})).toEqual({ maxThreads: 6, maxDepth: 1 });
    expect(agentLimits({ agents: { max_threads: 2, max_depth: 3 } })).toEqual({ maxThreads: 2, maxDepth: 3 });
    expect(agentLimits({ agents: { max_threads: 0, max_depth: -1 } })).toEqual({ maxThreads: 6, maxDepth: 1 });
  });

  it("maps statuses onto collabAgentToolCall agent states", () => {
    expect(collabAgentState({ completed: "done" })).toEqual({ status: "completed", message: "done" });
    expect(collabAgentState({ errored: "boom" })).toEqual({ status: "errored", message: "boom" });
    expect(collabAgentState("pending_init")).toEqual({ status: "pendingInit", message: null });
    expect(collabAgentState("not_found")).toEqual({ status: "notFound", message: null });
    expect(isFinal("running")).toBe(false);
    expect(isFinal("interrupted")).toBe(true);
  });
});
