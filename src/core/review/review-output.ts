/** One finding of the reviewer's structured answer (snake_case, as the model writes it). */
export interface ReviewFinding {
  title: string;
  body: string;
  confidence_score: number;
  priority: number | null;
  code_location: { absolute_file_path: string; line_range: { start: number; end: number } };
}

export interface ReviewOutput {
  findings: ReviewFinding[];
  overall_correctness: string;
  overall_explanation: string;
  overall_confidence_score: number;
}

/** Shown when the reviewer's answer has neither an explanation nor findings (the reference's text). */
export const REVIEW_FALLBACK_MESSAGE = "Reviewer failed to output a response.";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function lineNumber(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? Math.max(0, Math.trunc(value)) : 0;
}

function finding(value: unknown): ReviewFinding | null {
  if (!isRecord(value) || typeof value.title !== "string" || typeof value.body !== "string") return null;
  const location = isRecord(value.code_location) ? value.code_location : {};
  const range = isRecord(location.line_range) ? location.line_range : {};
  return {
    title: value.title,
    body: value.body,
    confidence_score: typeof value.confidence_score === "number" ? value.confidence_score : 0,
    priority: typeof value.priority === "number" ? value.priority : null,
    code_location: {
      absolute_file_path: typeof location.absolute_file_path === "string" ? location.absolute_file_path : "",
      line_range: { start: lineNumber(range.start), end: lineNumber(range.end) },
    },
  };
}

function outputOf(value: unknown): ReviewOutput | null {
  if (!isRecord(value)) return null;
  const findings = Array.isArray(value.findings) ? value.findings.map(finding) : [];
  if (findings.some((f) => f === null)) return null;
  return {
    findings: findings as ReviewFinding[],
    overall_correctness: typeof value.overall_correctness === "string" ? value.overall_correctness : "",
    overall_explanation: typeof value.overall_explanation === "string" ? value.overall_explanation : "",
    overall_confidence_score: typeof value.overall_confidence_score === "number" ? value.overall_confidence_score : 0,
  };
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The reviewer's final message as structured output: the whole text as JSON,
 * else the span from its first `{` to its last `}` (models sometimes wrap
 * it), else the text itself as the explanation, as the reference does.
 */
export function parseReviewOutput(text: string): ReviewOutput {
  const whole = outputOf(parsed(text));
  if (whole) return whole;
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start !== -1 && start < end) {
    const inner = outputOf(parsed(text.slice(start, end + 1)));
    if (inner) return inner;
  }
  return { findings: [], overall_correctness: "", overall_explanation: text, overall_confidence_score: 0 };
}

/** The findings as plain text: a header, then each title with its location and the body indented. */
export function formatFindings(findings: readonly ReviewFinding[]): string {
  const lines = [findings.length > 1 ? "Full review comments:" : "Review comment:"];
  for (const item of findings) {
    const { absolute_file_path: file, line_range: range } = item.code_location;
    lines.push("", `- ${item.title} — ${file}:${range.start}-${range.end}`);
    for (const line of item.body.split("\n")) lines.push(`  ${line}`);
  }
  return lines.join("\n");
}

/** `exitedReviewMode.review` and the closing agent message: explanation, then the findings. */
export function renderReview(output: ReviewOutput): string {
  const sections: string[] = [];
  const explanation = output.overall_explanation.trim();
  if (explanation !== "") sections.push(explanation);
  if (output.findings.length > 0) sections.push(formatFindings(output.findings).trim());
  return sections.length > 0 ? sections.join("\n\n") : REVIEW_FALLBACK_MESSAGE;
}

/** What the reviewed thread's history keeps of the review (inside the results message). */
export function reviewResultsText(output: ReviewOutput): string {
  let text = output.overall_explanation.trim();
  if (output.findings.length > 0) text += `\n${formatFindings(output.findings)}`;
  return text;
}
