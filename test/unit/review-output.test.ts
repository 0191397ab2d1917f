import { describe, expect, it } from "vitest";
import { parseReviewOutput, renderReview, REVIEW_FALLBACK_MESSAGE, reviewResultsText } from "../../src/core/review/review-output.js";
import { cleanTarget, reviewHint } from "../../src/core/review/review-target.js";

const finding = (title: string, file: string, start: number, end: number, body: string) => ({
  title,
  body,
  confidence_score: 0.5,
  priority: 2,
  code_location: { absolute_file_path: file, line_range: { start, end } },
});

describe("the reviewer's answer", () => {
  const output = {
    findings: [finding("Off by one", "/src/a.ts", 3, 4, "Loop ends early."), finding("Leak", "/src/b.ts", 10, 12, "Handle never closed.\nSee open().")],
    overall_correctness: "patch is incorrect",
    overall_explanation: "  Two problems.  ",
    overall_confidence_score: 0.6,
  };

  it("is read as JSON, as JSON inside other text, or else as the explanation", () => {
    expect(parseReviewOutput(JSON.stringify(output))).toEqual(output);
    expect(parseReviewOutput("```json\n" + JSON.stringify(output) + "\n```")).toEqual(output);
    expect(parseReviewOutput("All good, nothing to add.")).toEqual({
      findings: [],
      overall_correctness: "",
      overall_explanation: "All good, nothing to add.",
      overall_confidence_score: 0,
    });
    // Missing optional parts default; a finding without a title makes the JSON unusable as a review.
    expect(parseReviewOutput('{"findings":[{"title":"T","body":"B"}]}').findings[0]).toEqual({
      title: "T",
      body: "B",
      confidence_score: 0,
      priority: null,
      code_location: { absolute_file_path: "", line_range: { start: 0, end: 0 } },
    });
    expect(parseReviewOutput('{"findings":[{"body":"B"}]}').overall_explanation).toBe('{"findings":[{"body":"B"}]}');
  });

  it("is rendered as the explanation, then the findings with their locations and indented bodies", () => {
    expect(renderReview(output)).toBe(
      [
        "Two problems.",
        "",
        "Full review comments:",
        "",
        "- Off by one — /src/a.ts:3-4",
        "  Loop ends early.",
        "",
        "- Leak — /src/b.ts:10-12",
        "  Handle never closed.",
        "  See open().",
      ].join("\n"),
    );
    expect(renderReview({ ...output, findings: [] })).toBe("Two problems.");
    expect(renderReview({ ...output, findings: [], overall_explanation: " " })).toBe(REVIEW_FALLBACK_MESSAGE);
    expect(reviewResultsText({ ...output, findings: [output.findings[0]!] })).toBe(
      "Two problems.\nReview comment:\n\n- Off by one — /src/a.ts:3-4\n  Loop ends early.",
    );
  });
});

describe("review targets", () => {
  it("are trimmed and labelled as the reference labels them", () => {
    expect(reviewHint(cleanTarget({ type: "uncommittedChanges" }))).toBe("current changes");
    expect(reviewHint(cleanTarget({ type: "baseBranch", branch: " main " }))).toBe("changes against 'main'");
    expect(reviewHint(cleanTarget({ type: "commit", sha: "0123456789abcdef", title: "  " }))).toBe("commit 0123456");
    expect(reviewHint(cleanTarget({ type: "commit", sha: "0123456789abcdef", title: " Fix it " }))).toBe("commit 0123456: Fix it");
    expect(reviewHint(cleanTarget({ type: "custom", instructions: "\n Look at auth.\n" }))).toBe("Look at auth.");
    expect(() => cleanTarget({ type: "commit", sha: " " })).toThrow("sha must not be empty");
  });
});
