import { describe, expect, it } from "vitest";

import { encodeMessage, encodeResponse } from "../../src/transport/jsonl-codec.js";
import { base64JsonString, placeholder, RawItemRun, RawJson, splicedUtf8, stringifyWithRaw } from "../../src/util/raw-json.js";

describe("RawJson", () => {
  it("is spliced verbatim into a response, keeping the text byte for byte", () => {
    const stored = '{"type":"agentMessage","id":"m1","text":"a \\"quoted\\" line\\nnext","phase":null}';
    const line = encodeMessage({ id: 7, result: { items: [new RawJson(stored), { type: "plain" }] } });
    expect(line).toBe(`{"id":7,"result":{"items":[${stored},{"type":"plain"}]}}\n`);
    expect(JSON.parse(line).result.items[0].text).toBe('a "quoted" line\nnext');
  });

  it("serializes as its parsed value anywhere else (notifications, plain JSON.stringify)", () => {
    const raw = new RawJson('{"a":[1,2,{"b":null}]}');
    expect(JSON.stringify({ x: raw })).toBe('{"x":{"a":[1,2,{"b":null}]}}');
    const notification = encodeMessage({ method: "thread/started", params: { raw } });
    expect(JSON.parse(notification).params.raw).toEqual({ a: [1, 2, { b: null }] });
  });

  it("writes a base64 string verbatim as a JSON string, in pieces apart from the envelope", () => {
    const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 37) % 256));
    const base64 = bytes.toString("base64");
    const pieces = encodeResponse(3, { dataBase64: base64JsonString(base64) });
    expect(typeof pieces).not.toBe("string");
    const line = [...(pieces as Iterable<string>)].join("");
    expect(line).toBe(`{"id":3,"result":{"dataBase64":"${base64}"}}\n`);
    expect(Buffer.from(JSON.parse(line).result.dataBase64, "base64").equals(bytes)).toBe(true);
    expect(JSON.parse(JSON.stringify({ d: base64JsonString("AAE=") }))).toEqual({ d: "AAE=" });
  });

  it("a string in the data that looks like a placeholder stays a string", () => {
    const tricky = "\u0000raw:0000000000000000:0";
    const out = stringifyWithRaw({ s: tricky, r: new RawJson("[1]") });
    expect(JSON.parse(out)).toEqual({ s: tricky, r: [1] });
  });

  it("nested calls keep their own placeholders", () => {
    const inner = new RawJson('{"inner":true}');
    const outer = {
      toJSON: () => JSON.parse(stringifyWithRaw({ inner })),
    };
    expect(JSON.parse(stringifyWithRaw({ outer, raw: new RawJson("2") }))).toEqual({ outer: { inner: { inner: true } }, raw: 2 });
  });

  it("a deferred text is read only when the encoder reaches it, and as often as it is serialized", () => {
    let reads = 0;
    const lazy = new RawJson(() => (reads++, '{"n":1}'));
    expect(reads).toBe(0);
    expect(stringifyWithRaw({ lazy })).toBe('{"lazy":{"n":1}}');
    expect(JSON.stringify({ lazy })).toBe('{"lazy":{"n":1}}');
    expect(reads).toBe(2);
  });
});

describe("RawItemRun in a request body", () => {
  it("splicedUtf8 writes the runs' parts joined by commas where their placeholders stand, as UTF-8 bytes", () => {
    const run = new RawItemRun(['{"a":"é"}', '{"b":"…"},{"c":"😀"}']);
    const body = JSON.stringify({ model: "m", input: [{ first: "ü" }, placeholder("run", "k1"), { last: true }], other: placeholder("run", "unknown") });
    const bytes = splicedUtf8(body, "run", (key) => (key === "k1" ? run.parts : undefined));
    const expected = `{"model":"m","input":[{"first":"ü"},${run.text},{"last":true}],"other":${JSON.stringify(placeholder("run", "unknown"))}}`;
    expect(bytes.toString("utf8")).toBe(expected);
    expect(bytes.length).toBe(Buffer.byteLength(expected));
    expect(JSON.parse(bytes.toString("utf8")).input).toEqual([{ first: "ü" }, { a: "é" }, { b: "…" }, { c: "😀" }, { last: true }]);
  });

  it("splicedUtf8 writes a part longer than a chunk on its own, with the text around it in order", () => {
    const long = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ n: i, s: "ä…😀" })).join(",");
    const run = new RawItemRun(['{"head":1}', long, '{"tail":"é"}']);
    const body = JSON.stringify({ before: "ß".repeat(70_000), input: [placeholder("run", "k"), { after: true }] });
    const bytes = splicedUtf8(body, "run", (key) => (key === "k" ? run.parts : undefined));
    const parsed = JSON.parse(bytes.toString("utf8"));
    expect(parsed.before).toBe("ß".repeat(70_000));
    expect(parsed.input).toHaveLength(20_003);
    expect(parsed.input[0]).toEqual({ head: 1 });
    expect(parsed.input[20_000]).toEqual({ n: 19_999, s: "ä…😀" });
    expect(parsed.input.slice(-2)).toEqual([{ tail: "é" }, { after: true }]);
  });

  it("itemTexts splits the parts into each item's text without parsing, strings with commas, brackets and escapes included", () => {
    const items = [{ a: "x,y" }, [1, { b: "]}" }], "q\"uo,te\\", 3, null, { c: { d: [",", "\\\""] } }];
    const texts = items.map((item) => JSON.stringify(item));
    const run = new RawItemRun([texts.slice(0, 2).join(","), texts.slice(2).join(",")]);
    expect(run.itemTexts()).toEqual(texts);
    expect(run.itemTexts().map((t) => JSON.parse(t))).toEqual(items);
  });
});
