import { v5 } from "uuid";
import { describe, expect, it } from "vitest";
import { BASE_INSTRUCTIONS_ID_NAMESPACE } from "../../src/core/context/message-items.js";
import { uuidV5 } from "../../src/util/uuid.js";

describe("uuidV5", () => {
  it("gives the uuid package's v5 for ASCII, multi-byte and long names", () => {
    const names = ["", "a", "You are Codex.", "naïve — 日本語 😀", "x".repeat(20_000), `line\n`.repeat(3000)];
    for (const name of names) {
      expect(uuidV5(name, BASE_INSTRUCTIONS_ID_NAMESPACE)).toBe(v5(name, BASE_INSTRUCTIONS_ID_NAMESPACE));
      expect(uuidV5(name, v5.URL)).toBe(v5(name, v5.URL));
    }
  });
});
