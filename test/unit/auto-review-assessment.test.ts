import { describe, expect, it } from "vitest";
import { AssessmentParseError, parseAssessment } from "../../src/core/auto-review/assessment.js";
import { selectReviewModel } from "../../src/core/auto-review/review-model.js";
import type { ModelInfo } from "../../src/model/catalog-entry.js";
import { bundledModelCatalog } from "../../src/model/catalog.js";
import { rustDebugString } from "../../src/util/rust-debug.js";

describe("parseAssessment", () => {
  it("a bare allow is low risk with the reference's default rationale", () => {
    expect(parseAssessment(' {"outcome":"allow"}')).toEqual({
      outcome: "allow",
      riskLevel: "low",
      userAuthorization: "unknown",
      rationale: "Auto-review returned a low-risk allow decision.",
    });
  });

  it("a bare deny is high risk; a blank rationale counts as none", () => {
    expect(parseAssessment('{"outcome":"deny","rationale":"  "}')).toMatchObject({
      riskLevel: "high",
      rationale: "Auto-review returned a deny decision without a rationale.",
    });
  });

  it("keeps every field the reviewer gave", () => {
    const full = { risk_level: "critical", user_authorization: "medium", outcome: "deny", rationale: "Wipes the disk." };
    expect(parseAssessment(JSON.stringify(full))).toEqual({ outcome: "deny", riskLevel: "critical", userAuthorization: "medium", rationale: "Wipes the disk." });
  });

  it.each([
    [undefined],
    ["sure, allow it"],
    ['```json\n{"outcome":"allow"}\n```'],
    ['{"outcome":"maybe"}'],
    ['{"outcome":"allow","confidence":1}'],
    ['{"outcome":"allow","risk_level":"none"}'],
    ['{"outcome":"allow"'],
  ])("refuses %j", (text) => {
    expect(() => parseAssessment(text)).toThrow(AssessmentParseError);
  });
});

describe("selectReviewModel", () => {
  const catalog = bundledModelCatalog();
  const parent = catalog.find((entry) => entry.slug !== "codex-auto-review")!;

  it("the catalogue's codex-auto-review at low effort", () => {
    expect(selectReviewModel(parent, "high", catalog)).toEqual({ model: "codex-auto-review", effort: "low" });
  });

  it("the parent's auto_review_model_override wins; unlisted, it runs at the parent's low effort", () => {
    const overriding: ModelInfo = { ...parent, auto_review_model_override: "reviewer-x" };
    expect(selectReviewModel(overriding, "high", catalog)).toEqual({ model: "reviewer-x", effort: "low" });
  });

  it("without the review model in the catalogue, the parent model reviews", () => {
    const withoutLow: ModelInfo = { ...parent, supported_reasoning_levels: [{ effort: "high", description: "" }] };
    const others = catalog.filter((entry) => entry.slug !== "codex-auto-review");
    expect(selectReviewModel(withoutLow, "high", others)).toEqual({ model: parent.slug, effort: "high" });
  });
});

describe("rustDebugString", () => {
  it("quotes and escapes as Rust's {:?} does", () => {
    expect(rustDebugString('a "b"\\c\nd\te\u0001')).toBe('"a \\"b\\"\\\\c\\nd\\te\\u{1}"');
  });
});
