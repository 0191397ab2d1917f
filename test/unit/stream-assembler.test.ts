import type { ResponseStreamEvent } from "openai/resources/responses/responses";
import { describe, expect, it } from "vitest";
import type { JsonValue } from "../../src/protocol/common.js";
import type { ThreadItem } from "../../src/protocol/item.js";
import { StreamAssembler, type AssemblyListener, type AssemblyOptions } from "../../src/core/turn/stream-assembler.js";

type Happening =
  | ["started", ThreadItem]
  | ["agentMessageDelta", string, string]
  | ["summaryDelta", string, string, number]
  | ["summaryPartAdded", string, number]
  | ["textDelta", string, string, number]
  | ["planDelta", string, string]
  | ["completed", ThreadItem, JsonValue[]]
  | ["contextOnly", JsonValue[]];

/** An assembler whose clock ticks by one per reading (from 1000) and whose generated ids count up, and the log of what it reported. */
function assembler(options: AssemblyOptions = {}): { assembly: StreamAssembler; log: Happening[] } {
  const log: Happening[] = [];
  const listener: AssemblyListener = {
    itemStarted: (item) => log.push(["started", item]),
    agentMessageDelta: (itemId, delta) => log.push(["agentMessageDelta", itemId, delta]),
    reasoningSummaryDelta: (itemId, delta, index) => log.push(["summaryDelta", itemId, delta, index]),
    reasoningSummaryPartAdded: (itemId, index) => log.push(["summaryPartAdded", itemId, index]),
    reasoningTextDelta: (itemId, delta, index) => log.push(["textDelta", itemId, delta, index]),
    planDelta: (itemId, delta) => log.push(["planDelta", itemId, delta]),
    itemCompleted: (item, context) => log.push(["completed", item, context]),
    contextOnly: (context) => log.push(["contextOnly", context]),
  };
  let time = 1000;
  let ids = 0;
  const assembly = new StreamAssembler(listener, { now: () => time++, newId: () => `generated-${++ids}` }, options);
  return { assembly, log };
}

function feed(assembly: StreamAssembler, events: object[]): void {
  for (const event of events) assembly.onEvent(event as ResponseStreamEvent);
}

// Stream events as the Responses API sends them (only the fields the assembly reads, plus the usual companions).
let seq = 0;
const event = (type: string, fields: object) => ({ type, sequence_number: seq++, ...fields });
const added = (item: object) => event("response.output_item.added", { output_index: 0, item });
const done = (item: object) => event("response.output_item.done", { output_index: 0, item });
const textDelta = (itemId: string, delta: string) => event("response.output_text.delta", { item_id: itemId, output_index: 0, content_index: 0, delta, logprobs: [] });
const summaryPart = (itemId: string, index: number) => event("response.reasoning_summary_part.added", { item_id: itemId, output_index: 0, summary_index: index, part: { type: "summary_text", text: "" } });
const summaryDelta = (itemId: string, index: number, delta: string) => event("response.reasoning_summary_text.delta", { item_id: itemId, output_index: 0, summary_index: index, delta });
const reasoningDelta = (itemId: string, index: number, delta: string) => event("response.reasoning_text.delta", { item_id: itemId, output_index: 0, content_index: index, delta });
const message = (id: string, text: string, phase?: string) => ({
  type: "message",
  id,
  role: "assistant",
  status: "completed",
  content: text === "" ? [] : [{ type: "output_text", text, annotations: [] }],
  ...(phase ? { phase } : {}),
});

const agentMessage = (id: string, text: string, phase: string | null, startedAtMs: number, completedAtMs: number | null) => ({
  type: "agentMessage",
  moderation: null,
  id,
  text,
  phase,
  memoryCitation: null,
  delivery: null,
  questions: null,
  startedAtMs,
  completedAtMs,
});
/** The context of a message the stream never completed (no done item): what arrived, without an id. */
const assistantContext = (text: string, phase?: string) => ({ type: "message", role: "assistant", content: [{ type: "output_text", text }], ...(phase ? { phase } : {}) });

describe("StreamAssembler", () => {
  it("assembles a text message: started when added, one delta per text delta, completed with the final text", () => {
    const { assembly, log } = assembler();
    feed(assembly, [
      added(message("msg_1", "", "final_answer")),
      event("response.content_part.added", { item_id: "msg_1", output_index: 0, content_index: 0, part: { type: "output_text", text: "", annotations: [] } }),
      textDelta("msg_1", "Hel"),
      textDelta("msg_1", "lo"),
      event("response.output_text.done", { item_id: "msg_1", output_index: 0, content_index: 0, text: "Hello", logprobs: [] }),
      done(message("msg_1", "Hello", "final_answer")),
    ]);
    expect(log).toEqual([
      ["started", agentMessage("msg_1", "", "final_answer", 1000, null)],
      ["agentMessageDelta", "msg_1", "Hel"],
      ["agentMessageDelta", "msg_1", "lo"],
      ["completed", agentMessage("msg_1", "Hello", "final_answer", 1000, 1001), [message("msg_1", "Hello", "final_answer")]],
    ]);
  });

  it("prefers the done item's text (refusals included) over the deltas, and keeps the deltas when it has no parts", () => {
    const { assembly, log } = assembler();
    feed(assembly, [
      textDelta("a", "draft"),
      done({ ...message("a", ""), content: [{ type: "output_text", text: "final ", annotations: [] }, { type: "refusal", refusal: "no" }] }),
      textDelta("b", "only "),
      textDelta("b", "deltas"),
      done(message("b", "")),
    ]);
    const completed = log.filter((entry) => entry[0] === "completed");
    expect(completed.map((entry) => (entry[1] as { text: string }).text)).toEqual(["final no", "only deltas"]);
  });

  it("opens a message on its first delta (phase unknown) and takes the phase from the done item", () => {
    const { assembly, log } = assembler();
    feed(assembly, [textDelta("m", "Working"), done(message("m", "Working", "commentary"))]);
    expect(log).toEqual([
      ["started", agentMessage("m", "", null, 1000, null)],
      ["agentMessageDelta", "m", "Working"],
      ["completed", agentMessage("m", "Working", "commentary", 1000, 1001), [message("m", "Working", "commentary")]],
    ]);
  });

  it("replays a done message verbatim, partial_answer phase included (§7.1: as received)", () => {
    const { assembly, log } = assembler();
    feed(assembly, [done(message("m", "part", "partial_answer"))]);
    expect(log.at(-1)).toEqual(["completed", agentMessage("m", "part", "partial_answer", 1000, 1001), [message("m", "part", "partial_answer")]]);
  });

  it("assembles reasoning: summary sections by index (the first not announced), content parts, and the encrypted context", () => {
    const { assembly, log } = assembler();
    feed(assembly, [
      added({ type: "reasoning", id: "rs_1", summary: [] }),
      summaryPart("rs_1", 0),
      summaryDelta("rs_1", 0, "**Plan**"),
      summaryDelta("rs_1", 0, " first"),
      summaryPart("rs_1", 1),
      summaryDelta("rs_1", 1, "second"),
      reasoningDelta("rs_1", 0, "raw "),
      reasoningDelta("rs_1", 0, "thought"),
      event("response.reasoning_summary_text.done", { item_id: "rs_1", output_index: 0, summary_index: 1, text: "second" }),
      done({
        type: "reasoning",
        id: "rs_1",
        summary: [
          { type: "summary_text", text: "**Plan** first" },
          { type: "summary_text", text: "second" },
        ],
        encrypted_content: "opaque",
      }),
    ]);
    expect(log).toEqual([
      ["started", { type: "reasoning", id: "rs_1", summary: [], content: [], startedAtMs: 1000, completedAtMs: null }],
      ["summaryDelta", "rs_1", "**Plan**", 0],
      ["summaryDelta", "rs_1", " first", 0],
      ["summaryPartAdded", "rs_1", 1],
      ["summaryDelta", "rs_1", "second", 1],
      ["textDelta", "rs_1", "raw ", 0],
      ["textDelta", "rs_1", "thought", 0],
      [
        "completed",
        { type: "reasoning", id: "rs_1", summary: ["**Plan** first", "second"], content: ["raw thought"], startedAtMs: 1000, completedAtMs: 1001 },
        [
          {
            type: "reasoning",
            id: "rs_1",
            summary: [
              { type: "summary_text", text: "**Plan** first" },
              { type: "summary_text", text: "second" },
            ],
            content: null,
            encrypted_content: "opaque",
          },
        ],
      ],
    ]);
  });

  it("opens reasoning on its first delta, fills skipped indexes with empty text, and replays the done item as received", () => {
    const { assembly, log } = assembler();
    feed(assembly, [summaryDelta("rs", 2, "third"), reasoningDelta("rs", 1, "b"), done({ type: "reasoning", id: "rs", summary: [] })]);
    expect(log).toEqual([
      ["started", { type: "reasoning", id: "rs", summary: [], content: [], startedAtMs: 1000, completedAtMs: null }],
      ["summaryDelta", "rs", "third", 2],
      ["textDelta", "rs", "b", 1],
      ["completed", { type: "reasoning", id: "rs", summary: ["", "", "third"], content: ["", "b"], startedAtMs: 1000, completedAtMs: 1001 }, [{ type: "reasoning", id: "rs", summary: [], content: null }]],
    ]);
  });

  it("collects a function call from its done item; the argument deltas report nothing", () => {
    const { assembly, log } = assembler();
    const call = { type: "function_call", id: "fc_1", call_id: "call_1", name: "shell", arguments: '{"command":["ls"]}', status: "completed" };
    feed(assembly, [
      added({ ...call, arguments: "", status: "in_progress" }),
      event("response.function_call_arguments.delta", { item_id: "fc_1", output_index: 0, delta: '{"command":' }),
      event("response.function_call_arguments.delta", { item_id: "fc_1", output_index: 0, delta: '["ls"]}' }),
      event("response.function_call_arguments.done", { item_id: "fc_1", output_index: 0, name: "shell", arguments: '{"command":["ls"]}' }),
      done(call),
      done({ ...call, id: "fc_2", call_id: "call_2", name: "update_plan", namespace: "tools", arguments: "{}" }),
    ]);
    expect(log).toEqual([]);
    expect(assembly.takeFunctionCalls()).toEqual([
      { kind: "function", callId: "call_1", name: "shell", namespace: null, arguments: '{"command":["ls"]}', raw: call },
      { kind: "function", callId: "call_2", name: "update_plan", namespace: "tools", arguments: "{}", raw: { ...call, id: "fc_2", call_id: "call_2", name: "update_plan", namespace: "tools", arguments: "{}" } },
    ]);
    expect(assembly.takeFunctionCalls()).toEqual([]);
  });

  it("collects a custom tool call (freeform apply_patch) with its raw input; the input deltas report nothing", () => {
    const { assembly, log } = assembler();
    const custom = { type: "custom_tool_call", id: "ctc_1", call_id: "call_c", name: "apply_patch", input: "*** Begin Patch\n*** End Patch" };
    feed(assembly, [
      added(custom),
      event("response.custom_tool_call_input.delta", { item_id: "ctc_1", output_index: 0, delta: "*** Begin Patch" }),
      event("response.custom_tool_call_input.done", { item_id: "ctc_1", output_index: 0, input: custom.input }),
      done(custom),
    ]);
    expect(log).toEqual([]);
    expect(assembly.takeFunctionCalls()).toEqual([
      { kind: "custom", callId: "call_c", name: "apply_patch", namespace: null, arguments: custom.input, raw: custom },
    ]);
  });

  it("keeps interleaved items apart and completes them in the order the stream finishes them", () => {
    const { assembly, log } = assembler();
    feed(assembly, [
      added({ type: "reasoning", id: "rs", summary: [] }),
      added(message("msg", "")),
      summaryDelta("rs", 0, "think"),
      textDelta("msg", "say"),
      summaryDelta("rs", 0, "ing"),
      textDelta("msg", "ing"),
      done(message("msg", "")),
      reasoningDelta("rs", 0, "late"),
      done({ type: "reasoning", id: "rs", summary: [] }),
    ]);
    const outline = log.map((entry) => (entry[0] === "started" || entry[0] === "completed" ? [entry[0], entry[1].id] : entry.slice(0, 3)));
    expect(outline).toEqual([
      ["started", "rs"],
      ["started", "msg"],
      ["summaryDelta", "rs", "think"],
      ["agentMessageDelta", "msg", "say"],
      ["summaryDelta", "rs", "ing"],
      ["agentMessageDelta", "msg", "ing"],
      ["completed", "msg"],
      ["textDelta", "rs", "late"],
      ["completed", "rs"],
    ]);
    const [, msg] = log[6] as ["completed", ThreadItem, JsonValue[]];
    expect(msg).toMatchObject({ type: "agentMessage", text: "saying" });
    const [, rs] = log[8] as ["completed", ThreadItem, JsonValue[]];
    expect(rs).toMatchObject({ type: "reasoning", summary: ["thinking"], content: ["late"] });
  });

  it("starts and completes an item that arrives only as done, without deltas", () => {
    const { assembly, log } = assembler();
    feed(assembly, [done(message("msg_x", "Whole answer", "final_answer")), done({ type: "reasoning", id: "rs_x", summary: [{ type: "summary_text", text: "s" }] })]);
    expect(log).toEqual([
      ["started", agentMessage("msg_x", "", "final_answer", 1000, null)],
      ["completed", agentMessage("msg_x", "Whole answer", "final_answer", 1000, 1001), [message("msg_x", "Whole answer", "final_answer")]],
      ["started", { type: "reasoning", id: "rs_x", summary: [], content: [], startedAtMs: 1002, completedAtMs: null }],
      ["completed", { type: "reasoning", id: "rs_x", summary: ["s"], content: [], startedAtMs: 1002, completedAtMs: 1003 }, [{ type: "reasoning", id: "rs_x", summary: [{ type: "summary_text", text: "s" }], content: null }]],
    ]);
  });

  it("reports nothing for event types it does not assemble", () => {
    const { assembly, log } = assembler();
    feed(assembly, [
      event("response.created", { response: { id: "resp_1" } }),
      event("response.in_progress", { response: { id: "resp_1" } }),
      added({ type: "file_search_call", id: "fs_1", status: "in_progress", queries: [] }),
      event("response.web_search_call.searching", { item_id: "ws_1", output_index: 0 }),
      done({ type: "file_search_call", id: "fs_1", status: "completed", queries: [] }),
      event("response.future_event.delta", { item_id: "x", delta: "?" }),
      event("response.completed", { response: { id: "resp_1" } }),
    ]);
    expect(log).toEqual([]);
    expect(assembly.takeFunctionCalls()).toEqual([]);
    assembly.completeOpenItems();
    expect(log).toEqual([]);
  });

  it("completes the items still open with what arrived, once", () => {
    const { assembly, log } = assembler();
    feed(assembly, [textDelta("m", "cut "), textDelta("m", "off"), summaryDelta("rs", 0, "half")]);
    log.length = 0;
    assembly.completeOpenItems();
    expect(log).toEqual([
      ["completed", agentMessage("m", "cut off", null, 1000, 1002), [assistantContext("cut off")]],
      ["completed", { type: "reasoning", id: "rs", summary: ["half"], content: [], startedAtMs: 1001, completedAtMs: 1003 }, []],
    ]);
    assembly.completeOpenItems();
    expect(log).toHaveLength(2);
  });

  it("restart drops the open items and collected calls without reporting them", () => {
    const { assembly, log } = assembler();
    feed(assembly, [textDelta("m", "partial"), done({ type: "function_call", id: "fc", call_id: "c", name: "shell", arguments: "{}" })]);
    log.length = 0;
    assembly.restart();
    assembly.completeOpenItems();
    expect(log).toEqual([]);
    expect(assembly.takeFunctionCalls()).toEqual([]);
    // The same item id streams afresh in the new attempt.
    feed(assembly, [textDelta("m", "again")]);
    expect(log).toEqual([
      ["started", agentMessage("m", "", null, 1001, null)],
      ["agentMessageDelta", "m", "again"],
    ]);
  });

  it("gives an item without an id a generated one", () => {
    const { assembly, log } = assembler();
    feed(assembly, [added(message("", ""))]);
    expect(log).toEqual([["started", agentMessage("generated-1", "", null, 1000, null)]]);
  });

  it("does not append message text to a reasoning item of the same id", () => {
    const { assembly, log } = assembler();
    feed(assembly, [summaryDelta("same", 0, "r"), textDelta("same", "t")]);
    expect(log.map((entry) => entry[0])).toEqual(["started", "summaryDelta"]);
  });

  it("turns a hosted web_search_call into a webSearch item: started without a query, completed with the action, replayed in the reference's shape", () => {
    const { assembly, log } = assembler();
    const call = { type: "web_search_call", id: "ws_1", status: "completed", action: { type: "search", query: "vitest docs", queries: ["vitest docs", "vitest api"] } };
    feed(assembly, [added({ type: "web_search_call", id: "ws_1", status: "in_progress" }), done(call)]);
    expect(log).toEqual([
      ["started", { type: "webSearch", id: "ws_1", query: "", action: { type: "other" }, results: null, startedAtMs: 1000, completedAtMs: null }],
      [
        "completed",
        { type: "webSearch", id: "ws_1", query: "vitest docs", action: { type: "search", query: "vitest docs", queries: ["vitest docs", "vitest api"] }, results: null, startedAtMs: 1000, completedAtMs: 1001 },
        [call],
      ],
    ]);
    expect(assembly.takeFunctionCalls()).toEqual([]);
  });

  it("starts a webSearch item with the action its added item already names", () => {
    const { assembly, log } = assembler();
    feed(assembly, [added({ type: "web_search_call", id: "ws_8", status: "in_progress", action: { type: "search", query: "early" } })]);
    expect(log).toEqual([["started", { type: "webSearch", id: "ws_8", query: "early", action: { type: "search", query: "early", queries: null }, results: null, startedAtMs: 1000, completedAtMs: null }]]);
  });

  // Captured from codex-cli 0.169.0: what the next request replays for each web_search_call the model sent.
  it.each([
    [{ id: "ws_1", status: "completed", action: { type: "search", query: "weather", sources: [{ type: "url", url: "https://a.example" }] }, results: [{ title: "t" }] },
      { type: "web_search_call", id: "ws_1", status: "completed", action: { type: "search", query: "weather" } }],
    [{ id: "ws_a", action: { type: "search", query: null, queries: [] } }, { type: "web_search_call", id: "ws_a", action: { type: "search", queries: [] } }],
    [{ id: "ws_b", status: "completed", action: null }, { type: "web_search_call", id: "ws_b", status: "completed" }],
    [{ id: "ws_6", status: "completed" }, { type: "web_search_call", id: "ws_6", status: "completed" }],
    [{ id: "ws_c", status: "in_progress", action: { type: "open_page" } }, { type: "web_search_call", id: "ws_c", status: "in_progress", action: { type: "open_page" } }],
    [{ id: "ws_e", status: "completed", action: { type: "find_in_page", pattern: "only" } }, { type: "web_search_call", id: "ws_e", status: "completed", action: { type: "find_in_page", pattern: "only" } }],
    [{ id: "ws_5", status: "completed", action: { type: "find", url: "https://b.example/y", pattern: "p2" } }, { type: "web_search_call", id: "ws_5", status: "completed", action: { type: "other" } }],
    [{ id: "ws_7", status: "failed", action: { type: "weird" } }, { type: "web_search_call", id: "ws_7", status: "failed", action: { type: "other" } }],
  ])("replays web_search_call %j as %j", (call, replayed) => {
    const { assembly, log } = assembler();
    feed(assembly, [done({ type: "web_search_call", ...call })]);
    const completed = log.find((entry) => entry[0] === "completed")!;
    expect(JSON.stringify(completed[2])).toBe(JSON.stringify([replayed]));
  });

  it("describes open_page and find_in_page searches, and a search with only several queries", () => {
    const { assembly, log } = assembler();
    feed(assembly, [
      done({ type: "web_search_call", id: "ws_a", status: "completed", action: { type: "open_page", url: "https://example.com/" } }),
      done({ type: "web_search_call", id: "ws_b", status: "completed", action: { type: "find_in_page", url: "https://example.com/", pattern: "install" } }),
      done({ type: "web_search_call", id: "ws_c", status: "completed", action: { type: "search", queries: ["one", "two"] } }),
    ]);
    const completed = log.filter((entry) => entry[0] === "completed").map((entry) => entry[1] as { query: string; action: unknown });
    expect(completed.map((item) => [item.query, item.action])).toEqual([
      ["https://example.com/", { type: "openPage", url: "https://example.com/" }],
      ["'install' in https://example.com/", { type: "findInPage", url: "https://example.com/", pattern: "install" }],
      ["one ...", { type: "search", query: null, queries: ["one", "two"] }],
    ]);
  });

  it("in Plan mode streams a <proposed_plan> block as plan deltas, shows the rest as the message, and replays the message verbatim", () => {
    const { assembly, log } = assembler({ planItemId: "turn-1-plan" });
    const full = "Here is the plan.\n<proposed_plan>\n- step one\n- step two\n</proposed_plan>\nDone.";
    feed(assembly, [
      added({ type: "message", id: "m1", role: "assistant", status: "in_progress", content: [] }),
      textDelta("m1", "Here is the plan.\n<propos"),
      textDelta("m1", "ed_plan>\n- step one\n- st"),
      textDelta("m1", "ep two\n</proposed_plan>\nDone."),
      done(message("m1", full)),
    ]);
    expect(log).toEqual([
      ["started", agentMessage("m1", "", null, 1001, null)],
      ["agentMessageDelta", "m1", "Here is the plan.\n"],
      ["started", { type: "plan", id: "turn-1-plan", text: "", startedAtMs: 1002, completedAtMs: null }],
      ["planDelta", "turn-1-plan", "- step one\n- st"],
      ["planDelta", "turn-1-plan", "ep two\n"],
      ["agentMessageDelta", "m1", "Done."],
      ["completed", { type: "plan", id: "turn-1-plan", text: "- step one\n- step two\n", startedAtMs: 1002, completedAtMs: 1003 }, []],
      ["completed", agentMessage("m1", "Here is the plan.\nDone.", null, 1001, 1004), [message("m1", full)]],
    ]);
  });

  /** Plan mode: what a message streamed as `deltas` yields, as `kind:text` lines (the shape of the reference captures below). */
  function planTrace(deltas: string[], doneText = deltas.join("")): { trace: string[]; log: Happening[] } {
    const { assembly, log } = assembler({ planItemId: "t-plan" });
    feed(assembly, [added({ type: "message", id: "m", role: "assistant", status: "in_progress", content: [] }), ...deltas.map((delta) => textDelta("m", delta)), done(message("m", doneText))]);
    const trace = log.map((entry) => {
      if (entry[0] === "started") return `started ${entry[1].type}`;
      if (entry[0] === "completed") return `completed ${entry[1].type}:${(entry[1] as { text: string }).text}`;
      if (entry[0] === "agentMessageDelta") return `message ${entry[2]}`;
      if (entry[0] === "planDelta") return `plan ${entry[2]}`;
      return entry[0];
    });
    return { trace, log };
  }

  // Captured from codex-cli 0.169.0 (app-server, Plan mode, a loopback Responses mock streaming these deltas).
  it.each([
    ["one delta per input piece, a tag split across pieces", ["Intro\n<prop", "osed_plan>\n# A\n- x", "\n- y\n</propo", "sed_plan>\nOut", "ro."],
      ["started agentMessage", "message Intro\n", "started plan", "plan # A\n- x", "plan \n- y\n", "message Out", "message ro.", "completed plan:# A\n- x\n- y\n", "completed agentMessage:Intro\nOutro."]],
    ["a tag inside a sentence is text", ["Intro <prop", "osed_plan>\n# A\n- x", "\n- y\n</proposed_plan>\nOut", "ro."],
      ["started agentMessage", "message Intro <prop", "message osed_plan>\n# A\n- x", "message \n- y\n</proposed_plan>\nOut", "message ro.", "completed agentMessage:Intro <proposed_plan>\n# A\n- x\n- y\n</proposed_plan>\nOutro."]],
    ["fences do not hide tags", ["```md\n<proposed_plan>\nfake\n</proposed_plan>\n```\n<proposed_plan>\nreal\n```rust\n</proposed_plan>\n```\n</proposed_plan>\nafter"],
      ["started agentMessage", "message ```md\n", "started plan", "plan fake\n", "message ```\n", "plan real\n```rust\n", "message ```\n</proposed_plan>\nafter", "completed plan:real\n```rust\n", "completed agentMessage:```md\n```\n```\n</proposed_plan>\nafter"]],
    ["a message that is only a plan has no message item", ["  <proposed_plan>  \n", "x\n", "</proposed_plan>"],
      ["started plan", "plan x\n", "completed plan:x\n"]],
    ["an unclosed plan ends with the message", ["<proposed_plan>\n- a\n"], ["started plan", "plan - a\n", "completed plan:- a\n"]],
    ["the last of two plans wins; the message starts with its first text", ["<proposed_plan>\nA\n</proposed_plan>\nmid\n<proposed_plan>\nB\n</proposed_plan>\n"],
      ["started plan", "plan A\n", "started agentMessage", "message mid\n", "plan B\n", "completed plan:B\n", "completed agentMessage:mid\n"]],
    ["one character at a time", ["a", "b", "\n", "<", "proposed_plan>", "\n", "p", "q\n", "</proposed_plan>", "\n", "z"],
      ["started agentMessage", "message a", "message b", "message \n", "started plan", "plan p", "plan q\n", "message z", "completed plan:pq\n", "completed agentMessage:ab\nz"]],
    ["blanks after the plan show no message", ["<proposed_plan>\nA\n</proposed_plan>\n", "  "], ["started plan", "plan A\n", "completed plan:A\n"]],
    ["held blanks go out with the first text", ["<proposed_plan>\nA\n</proposed_plan>\n", "\n", "hi"],
      ["started plan", "plan A\n", "started agentMessage", "message \nhi", "completed plan:A\n", "completed agentMessage:\nhi"]],
    ["blanks before any plan are held too", ["  ", "\n", "hi"], ["started agentMessage", "message   \nhi", "completed agentMessage:  \nhi"]],
  ])("in Plan mode streams as the reference does: %s", (_name, deltas, expected) => {
    expect(planTrace(deltas).trace).toEqual(expected);
  });

  it("in Plan mode a plan that arrives only in the done item starts and completes without deltas, before its message", () => {
    const full = "Intro\n<proposed_plan>\nK plan\n</proposed_plan>\nend";
    expect(planTrace([], full).trace).toEqual(["started plan", "completed plan:K plan\n", "started agentMessage", "completed agentMessage:Intro\nend"]);
  });

  it("in Plan mode a message without an item still reaches the model: with its plan, or on its own", () => {
    const onlyPlan = planTrace(["<proposed_plan>\nA\n</proposed_plan>\n"]).log;
    expect(onlyPlan.at(-1)).toEqual(["completed", expect.objectContaining({ type: "plan" }), [message("m", "<proposed_plan>\nA\n</proposed_plan>\n")]]);
    const blank = planTrace(["  \n"]).log;
    expect(blank).toEqual([["contextOnly", [message("m", "  \n")]]]);
  });

  it("outside Plan mode leaves <proposed_plan> text in the message", () => {
    const { assembly, log } = assembler();
    feed(assembly, [textDelta("m1", "<proposed_plan>\n- a\n</proposed_plan>\n"), done(message("m1", "<proposed_plan>\n- a\n</proposed_plan>\n"))]);
    expect(log.map((entry) => entry[0])).toEqual(["started", "agentMessageDelta", "completed"]);
  });
});

