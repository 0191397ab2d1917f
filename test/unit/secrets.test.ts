/**
 * The secret redactor on its own: known secrets in every spelling, the
 * credential patterns, overlapping spans, the minimum length, and the
 * logger and upstream-error edges that use it.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { httpStatusError } from "../../src/backend/errors.js";
import { createLogger, drainLogs, flushLogs } from "../../src/logging/logger.js";
import { ModelError } from "../../src/model/errors.js";
import { MIN_SECRET_LENGTH, patternRedactor, REDACTED, redactStrings, SecretRedactor } from "../../src/util/secrets.js";

function redactorWith(...secrets: string[]): SecretRedactor {
  const redactor = new SecretRedactor();
  redactor.remember(...secrets);
  return redactor;
}

describe("known secrets", () => {
  it("replaces every occurrence and leaves the rest of the text alone", () => {
    const redactor = redactorWith("opaque-access-token-1");
    expect(redactor.redact("a opaque-access-token-1 b opaque-access-token-1")).toBe(`a ${REDACTED} b ${REDACTED}`);
    expect(redactor.redact("nothing here")).toBe("nothing here");
  });

  it("returns the very same string when nothing matched", () => {
    const text = "plain text ".repeat(100);
    expect(redactorWith("opaque-access-token-1").redact(text)).toBe(text);
  });

  it("merges overlapping and nested secrets so no fragment survives", () => {
    const redactor = redactorWith("AAAAbbbbCCCC1111", "CCCC1111ddddEEEE", "bbbbCCCC");
    expect(redactor.redact("x AAAAbbbbCCCC1111ddddEEEE y")).toBe(`x ${REDACTED} y`);
    expect(redactor.redact("x bbbbCCCC y")).toBe(`x ${REDACTED} y`);
    // Adjacent secrets become one marker.
    expect(redactor.redact("AAAAbbbbCCCC1111CCCC1111ddddEEEE")).toBe(REDACTED);
  });

  it("finds secrets JSON-escaped, escaped twice, with escaped slashes, \\u-escaped and URL-encoded", () => {
    const secret = 'tok/en"with\\odd<chars>é';
    const redactor = redactorWith(secret);
    const once = JSON.stringify({ message: `echo ${secret}` });
    const twice = JSON.stringify({ msg: once });
    for (const text of [
      secret,
      once,
      twice,
      once.replaceAll("/", "\\/"),
      JSON.stringify(secret).replace(/[<>é]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
      `https://x.test/?t=${encodeURIComponent(secret)}`,
    ]) {
      const redacted = redactor.redact(text);
      expect(redacted).toContain(REDACTED);
      expect(redacted).not.toContain("with\\");
      expect(redacted).not.toContain("tok/en");
      expect(redacted).not.toContain("tok\\/en");
      expect(redacted).not.toContain("tok%2Fen");
    }
    // Redacting a JSON document keeps it JSON.
    expect(JSON.parse(redactor.redact(once))).toEqual({ message: `echo ${REDACTED}` });
    expect(JSON.parse(JSON.parse(redactor.redact(twice)).msg)).toEqual({ message: `echo ${REDACTED}` });
  });

  it(`ignores values shorter than ${MIN_SECRET_LENGTH} characters, empty and missing ones`, () => {
    const redactor = redactorWith("abc", "", "  ", "1234567");
    redactor.remember(null, undefined);
    expect(redactor.redact("abc 1234567 fabcd")).toBe("abc 1234567 fabcd");
    redactor.remember("12345678");
    expect(redactor.redact("x 12345678 y")).toBe(`x ${REDACTED} y`);
  });

  it("trims what it is given (tokens read from files or the environment)", () => {
    expect(redactorWith("  padded-token-1\n").redact("padded-token-1")).toBe(REDACTED);
  });

  it("forgets the oldest secrets once many were registered, keeping recently used ones", () => {
    const redactor = redactorWith("first-secret-000");
    for (let i = 0; i < 100; i++) redactor.remember(`rotating-secret-${String(i).padStart(3, "0")}`);
    expect(redactor.redact("first-secret-000")).toBe("first-secret-000");
    expect(redactor.redact("rotating-secret-099")).toBe(REDACTED);
  });
});

describe("credential patterns (no registration needed)", () => {
  it("redacts whatever follows `Bearer `, in any case, keeping the scheme", () => {
    expect(patternRedactor.redact("Authorization: Bearer abc.def-ghi")).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(patternRedactor.redact("authorization: bearer x")).toBe(`authorization: bearer ${REDACTED}`);
    expect(patternRedactor.redact("BEARER    tok_123=")).toBe(`BEARER    ${REDACTED}`);
    expect(patternRedactor.redact("Bearer%20urlencoded")).toBe(`Bearer%20${REDACTED}`);
    // A word merely ending in "bearer" is not a scheme.
    expect(patternRedactor.redact("the torchbearer ran")).toBe("the torchbearer ran");
  });

  it("keeps JSON valid around a redacted bearer token, also JSON inside JSON", () => {
    const echoed = JSON.stringify({ headers: { authorization: "Bearer tok-1" } });
    expect(JSON.parse(patternRedactor.redact(echoed))).toEqual({ headers: { authorization: `Bearer ${REDACTED}` } });
    const nested = JSON.stringify({ msg: `upstream said: ${echoed}\nBearer tok-2` });
    const parsed = JSON.parse(patternRedactor.redact(nested)) as { msg: string };
    expect(parsed.msg).toBe(`upstream said: {"headers":{"authorization":"Bearer ${REDACTED}"}}\nBearer ${REDACTED}`);
  });

  it("redacts sk- keys and JWTs, but not short look-alikes", () => {
    const key = "sk-proj-abcdefghijklmnopqrstuvwxyz012345";
    expect(patternRedactor.redact(`key=${key};`)).toBe(`key=${REDACTED};`);
    expect(patternRedactor.redact("task-abcdefghijklmnopqrstuvwxyz")).toBe("task-abcdefghijklmnopqrstuvwxyz");
    expect(patternRedactor.redact("sk-short")).toBe("sk-short");
    const jwt = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJl";
    expect(patternRedactor.redact(`id_token ${jwt} end`)).toBe(`id_token ${REDACTED} end`);
  });

  it("is idempotent", () => {
    const once = redactorWith("opaque-access-token-1").redact("Bearer opaque-access-token-1 and sk-abcdefghijklmnopqrstuvwxyz");
    expect(redactorWith("opaque-access-token-1").redact(once)).toBe(once);
  });
});

describe("redactStrings", () => {
  it("redacts every string value in JSON data and returns untouched data as is", () => {
    const redactor = redactorWith("opaque-access-token-1");
    const error = { message: "401: opaque-access-token-1", codexErrorInfo: "unauthorized", additionalDetails: null, list: ["Bearer x"] };
    expect(redactStrings(error, redactor)).toEqual({
      message: `401: ${REDACTED}`,
      codexErrorInfo: "unauthorized",
      additionalDetails: null,
      list: [`Bearer ${REDACTED}`],
    });
    const clean = { message: "fine", nested: [{ a: 1 }] };
    expect(redactStrings(clean, redactor)).toBe(clean);
  });
});

describe("edges", () => {
  it("ModelError.redacted scrubs the message and the additional details", () => {
    const redactor = redactorWith("opaque-access-token-1");
    const error = new ModelError("unexpected status 401: opaque-access-token-1", "unauthorized", true, "Bearer opaque-access-token-1");
    const redacted = error.redacted(redactor);
    expect(redacted.message).toBe(`unexpected status 401: ${REDACTED}`);
    expect(redacted.additionalDetails).toBe(`Bearer ${REDACTED}`);
    expect(redacted.info).toBe("unauthorized");
    expect(redacted.retryableStream).toBe(true);
    const clean = new ModelError("fine", "other");
    expect(clean.redacted(redactor)).toBe(clean);
  });

  it("a backend error body is scrubbed before it is cut, so no prefix of a secret is left at the cut", () => {
    const secret = "opaque-access-token-".padEnd(60, "z");
    const redactor = redactorWith(secret);
    // The secret straddles the 2,000-character excerpt limit.
    const body = `${"x".repeat(1_980)}${secret}${"y".repeat(100)}`;
    const error = httpStatusError("GET", "http://127.0.0.1/x", 500, "text/plain", body, undefined, redactor);
    expect(error.message).not.toContain("opaque-access");
    expect(error.message).toContain(REDACTED);
  });

  it("the logger scrubs every line it writes, whatever field or message carries the secret", async () => {
    const secret = "opaque-access-token-for-logs";
    const redactor = redactorWith(secret);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "aas-secrets-log-")), "server.log");
    const logger = createLogger({ file, level: "trace", redactor });
    logger.trace({ body: `{"error":"echo ${secret}"}` }, "raw upstream body");
    logger.debug(`message quoting ${secret}`);
    logger.child({ component: "x" }).warn({ err: new Error(`failed with ${secret}`) }, "error object");
    logger.info({ headers: { "x-echo": "Bearer short" } }, "a bearer in an unlisted field");
    logger.info("last line");
    await drainLogs();
    flushLogs();
    const deadline = Date.now() + 5_000;
    let log = "";
    while (!log.includes("last line") && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      log = readFileSync(file, "utf8");
    }
    const lines = log.trim().split("\n");
    expect(lines).toHaveLength(5);
    for (const line of lines) JSON.parse(line);
    expect(log).not.toContain(secret);
    expect(log).not.toContain("Bearer short");
    expect(log).toContain(REDACTED);
  });
});
