import { z } from "zod";
import { describe, expect, it } from "vitest";
import { experimental, named } from "../../src/protocol/schema-meta.js";
import { JsonSchemaConverter } from "../../src/schema-gen/json-schema.js";
import { TsEmitter } from "../../src/schema-gen/ts-emitter.js";

enum Color {
  Red = "red",
  Blue = "blue",
}
enum Level {
  Low,
  High,
}

const Inner = named("SchemaGenTestInner", z.object({ x: z.number().int() }).describe("An inner type."));
const Tree: z.ZodType<unknown> = named(
  "SchemaGenTestTree",
  z.lazy(() => z.object({ children: z.array(Tree) })),
);
const Everything = named(
  "SchemaGenTestEverything",
  z.object({
    str: z.string(),
    int: z.number().int(),
    flag: z.boolean(),
    lit: z.literal("x"),
    en: z.enum(["a", "b"]),
    native: z.nativeEnum(Color),
    numeric: z.nativeEnum(Level),
    un: z.union([z.string(), Inner]),
    disc: z.discriminatedUnion("type", [z.object({ type: z.literal("a") }), z.object({ type: z.literal("b"), n: z.number() })]),
    arr: z.array(z.union([z.string(), z.number()])),
    rec: z.record(Inner),
    keyed: z.record(z.enum(["k1", "k2"]), z.string()),
    nullable: Inner.nullable(),
    optional: z.string().optional(),
    nullish: Inner.nullish(),
    defaulted: z.boolean().default(false),
    refined: z.string().refine((s) => s.length > 0),
    anything: z.unknown(),
    any: z.any(),
    tuple: z.tuple([z.string(), z.number()]),
    both: z.intersection(z.object({ a: z.string() }), z.union([z.object({ b: z.string() }), z.object({ c: z.string() })])),
    "kebab-key": z.string().describe("Documented."),
    tree: Tree,
    hidden: experimental(z.string().nullish()),
  }),
);

describe("zod → TypeScript", () => {
  it("follows the reference field forms and handles every kind", () => {
    const emitter = new TsEmitter(true, Everything);
    expect(emitter.emit(Everything)).toBe(
      [
        "{",
        "  str: string;",
        "  int: number;",
        "  flag: boolean;",
        '  lit: "x";',
        '  en: "a" | "b";',
        '  native: "red" | "blue";',
        "  numeric: 0 | 1;",
        "  un: string | SchemaGenTestInner;",
        "  disc: {",
        '    type: "a";',
        "  } | {",
        '    type: "b";',
        "    n: number;",
        "  };",
        "  arr: Array<string | number>;",
        "  rec: { [key: string]: SchemaGenTestInner };",
        '  keyed: { [key in "k1" | "k2"]?: string };',
        "  nullable: SchemaGenTestInner | null;",
        "  optional?: string;",
        "  nullish?: SchemaGenTestInner | null;",
        "  defaulted?: boolean;",
        "  refined: string;",
        "  anything?: unknown;",
        "  any?: any;",
        "  tuple: [string, number];",
        "  both: {",
        "    a: string;",
        "  } & ({",
        "    b: string;",
        "  } | {",
        "    c: string;",
        "  });",
        "  /**",
        "   * Documented.",
        "   */",
        '  "kebab-key": string;',
        "  tree: SchemaGenTestTree;",
        "  hidden?: string | null;",
        "}",
      ].join("\n"),
    );
    expect([...emitter.imports].sort()).toEqual(["SchemaGenTestInner", "SchemaGenTestTree"]);
  });

  it("leaves experimental fields out of the stable surface", () => {
    expect(new TsEmitter(false, Everything).emit(Everything)).not.toContain("hidden");
  });

  it("references a recursive named type by its own name", () => {
    const emitter = new TsEmitter(true, Tree);
    expect(emitter.emit(Tree)).toBe("{\n  children: Array<SchemaGenTestTree>;\n}");
    expect(emitter.imports.size).toBe(0);
  });

  it("rejects unnamed recursion", () => {
    const Loop: z.ZodType<unknown> = z.lazy(() => z.array(Loop));
    expect(() => new TsEmitter(true).use(Loop)).toThrow(/recursive zod schema without a name/);
  });
});

describe("zod → JSON Schema", () => {
  it("uses $ref for named types, inlines the rest and strips experimental fields when stable", () => {
    const full = new JsonSchemaConverter(true).body("SchemaGenTestEverything") as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(full.properties.un).toEqual({ anyOf: [{ type: "string" }, { $ref: "#/definitions/SchemaGenTestInner" }] });
    expect(full.properties.nullable).toEqual({ anyOf: [{ $ref: "#/definitions/SchemaGenTestInner" }, { type: "null" }] });
    expect(full.properties.nullish).toEqual({ anyOf: [{ $ref: "#/definitions/SchemaGenTestInner" }, { type: "null" }] });
    expect(full.properties.optional).toEqual({ type: "string" });
    expect(full.properties.hidden).toEqual({ type: ["string", "null"] });
    expect(full.required).toContain("nullable");
    expect(full.required).not.toContain("nullish");
    expect(full.required).not.toContain("optional");
    expect(full).not.toHaveProperty("additionalProperties");

    const stable = new JsonSchemaConverter(false).body("SchemaGenTestEverything") as { properties: Record<string, unknown> };
    expect(stable.properties).not.toHaveProperty("hidden");
    expect(Object.keys(stable.properties)).toHaveLength(Object.keys(full.properties).length - 1);

    expect(new JsonSchemaConverter(true).body("SchemaGenTestInner")).toEqual({
      description: "An inner type.",
      properties: { x: { type: "integer" } },
      required: ["x"],
      type: "object",
    });
    expect(new JsonSchemaConverter(true).body("SchemaGenTestTree")).toEqual({
      properties: { children: { items: { $ref: "#/definitions/SchemaGenTestTree" }, type: "array" } },
      required: ["children"],
      type: "object",
    });
  });
});
