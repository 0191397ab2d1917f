import { describe, expect, it } from "vitest";
import { DenialBreaker } from "../../src/core/auto-review/denial-breaker.js";

function record(breaker: DenialBreaker, outcomes: string): (string | null)[] {
  return [...outcomes].map((outcome) => breaker.record(outcome === "D"));
}

describe("DenialBreaker", () => {
  it("trips on the third denial in a row, once", () => {
    const results = record(new DenialBreaker(() => null), "DDDD");
    expect(results.slice(0, 2)).toEqual([null, null]);
    expect(results[2]).toBe(
      "Automatic approval review rejected too many approval requests for this turn (3 consecutive, 3 in the last 50 reviews); interrupting the turn.",
    );
    expect(results[3]).toBeNull();
  });

  it("an approval breaks the run; ten denials among the last fifty trip it", () => {
    const breaker = new DenialBreaker(() => null);
    const results = record(breaker, "DDA".repeat(4) + "DD");
    expect(results.slice(0, -1).every((r) => r === null)).toBe(true);
    expect(results.at(-1)).toMatch(/\(2 consecutive, 10 in the last 50 reviews\)/);
  });

  it("old reviews leave the window", () => {
    const breaker = new DenialBreaker(() => null);
    const results = record(breaker, "DDA".repeat(4) + "A".repeat(45) + "DD");
    expect(results.every((r) => r === null)).toBe(true);
  });

  it("a cyber-specialty model trips on the first denial", () => {
    expect(record(new DenialBreaker(() => "cyber"), "AD")[1]).toMatch(/\(1 consecutive, 1 in the last 50 reviews\)/);
  });
});
