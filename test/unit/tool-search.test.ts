import { describe, expect, it } from "vitest";
import { rankTools, searchOutputTools, searchTerms, type DeferredTool } from "../../src/core/tools/tool-search.js";
import { MULTI_AGENT_NAMESPACE, MULTI_AGENT_SEARCH_WORDS, multiAgentFunctions } from "../../src/core/tools/specs/index.js";

const namespace = { name: MULTI_AGENT_NAMESPACE, description: "Sub-agent tools." };
const entries: DeferredTool[] = multiAgentFunctions().map((tool) => ({ namespace, tool, keywords: MULTI_AGENT_SEARCH_WORDS[tool.name]! }));
const names = (matches: number[]) => matches.map((index) => entries[index]!.tool.name);

describe("tool_search ranking (BM25)", () => {
  it("splits snake_case names into their parts", () => {
    expect(searchTerms("Wait_Agent, now!")).toEqual(["wait_agent", "wait", "agent", "now"]);
  });

  it("ranks the tool whose name and words match best first, and honours the limit", () => {
    expect(names(rankTools(entries, "spawn a sub-agent", 8))[0]).toBe("spawn_agent");
    expect(names(rankTools(entries, "close", 8))[0]).toBe("close_agent");
    expect(names(rankTools(entries, "wait for the result", 1))).toEqual(["wait_agent"]);
    expect(names(rankTools(entries, "reopen", 8))).toEqual(["resume_agent"]);
  });

  it("matches nothing for unrelated words or an empty query", () => {
    expect(rankTools(entries, "zebra", 8)).toEqual([]);
    expect(rankTools(entries, "", 8)).toEqual([]);
    expect(rankTools([], "agent", 8)).toEqual([]);
  });

  it("groups matches by namespace, marked defer_loading", () => {
    const out = searchOutputTools(entries, rankTools(entries, "agent", 2));
    expect(out).toHaveLength(1);
    expect(out[0]!.name).toBe(MULTI_AGENT_NAMESPACE);
    expect(out[0]!.tools).toHaveLength(2);
    expect(out[0]!.tools.every((tool) => tool.type === "function" && tool.defer_loading === true)).toBe(true);
  });
});
