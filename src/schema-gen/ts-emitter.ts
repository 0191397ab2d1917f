import type { ZodObjectDef, ZodTypeAny, ZodTypeDef } from "zod";
import { schemaName } from "../protocol/schema-meta.js";
import { ownDescription } from "./descriptions.js";
import { hidesFields, visibleShape } from "./strip.js";

/**
 * zod (v3) → TypeScript type expressions, following the reference's field forms
 * (protocol.md §2.1): optional field → `name?: T`, nullable → `T | null`,
 * nullish → `name?: T | null`. Named schemas other than the one being defined
 * are referenced by name and recorded in `imports`.
 */

/** How tightly an expression binds, to parenthesise union operands of `&`. */
type Precedence = "union" | "intersection" | "atom";

interface Expr {
  readonly text: string;
  readonly precedence: Precedence;
}

interface Def extends ZodTypeDef {
  readonly typeName?: string;
  readonly [key: string]: unknown;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function propertyKey(key: string): string {
  return IDENTIFIER.test(key) ? key : JSON.stringify(key);
}

/** A JSDoc block for `description`, indented by `indent`, or "" when there is none. */
export function docComment(description: string | undefined, indent: string): string {
  if (!description) return "";
  const lines = description.replace(/\*\//g, "*\\/").split("\n");
  return `${indent}/**\n${lines.map((line) => `${indent} *${line ? ` ${line}` : ""}`).join("\n")}\n${indent} */\n`;
}

export class TsEmitter {
  readonly imports = new Set<string>();
  private readonly inProgress = new Set<ZodTypeDef>();

  /** @param self the named type being defined (emitted in full, referenced by name when recursive). */
  constructor(
    private readonly experimental: boolean,
    private readonly self?: ZodTypeAny,
  ) {}

  /** The full expression of `schema` (for the definition of `self`). */
  emit(schema: ZodTypeAny, indent = ""): string {
    return this.body(schema, indent).text;
  }

  /** `schema` as used in place: its name when it is named, else its full expression. */
  use(schema: ZodTypeAny, indent = ""): string {
    return this.ref(schema, indent).text;
  }

  private ref(schema: ZodTypeAny, indent: string): Expr {
    const name = schemaName(schema);
    if (name !== undefined) {
      if (schema !== this.self) this.imports.add(name);
      return { text: name, precedence: "atom" };
    }
    return this.body(schema, indent);
  }

  private body(schema: ZodTypeAny, indent: string): Expr {
    const def = schema._def as Def;
    if (this.inProgress.has(def)) {
      throw new Error(`recursive zod schema without a name (wrap it in named()): ${def.typeName}`);
    }
    this.inProgress.add(def);
    try {
      return this.kind(def, indent);
    } finally {
      this.inProgress.delete(def);
    }
  }

  private kind(def: Def, indent: string): Expr {
    const inner = (key: string) => this.ref(def[key] as ZodTypeAny, indent);
    const atom = (text: string): Expr => ({ text, precedence: "atom" });
    switch (def.typeName) {
      case "ZodString":
      case "ZodDate":
        return atom("string");
      case "ZodNumber":
      case "ZodNaN":
        return atom("number");
      case "ZodBigInt":
        return atom("bigint");
      case "ZodBoolean":
        return atom("boolean");
      case "ZodNull":
        return atom("null");
      case "ZodUndefined":
      case "ZodVoid":
        return atom("undefined");
      case "ZodAny":
        return atom("any");
      case "ZodUnknown":
        return atom("unknown");
      case "ZodNever":
        return atom("never");
      case "ZodLiteral":
        return atom(literal(def.value));
      case "ZodEnum":
        return union((def.values as readonly string[]).map((v) => atom(literal(v))));
      case "ZodNativeEnum":
        return union(nativeEnumValues(def.values as Record<string, string | number>).map((v) => atom(literal(v))));
      case "ZodUnion":
      case "ZodDiscriminatedUnion": {
        const options = def.options as readonly ZodTypeAny[] | Map<unknown, ZodTypeAny>;
        return union([...(options instanceof Map ? options.values() : options)].map((o) => this.ref(o, indent)));
      }
      case "ZodIntersection":
        return intersection([inner("left"), inner("right")]);
      case "ZodNullable":
        return union([inner("innerType"), atom("null")]);
      case "ZodOptional":
        return union([inner("innerType"), atom("undefined")]);
      case "ZodDefault":
      case "ZodCatch":
      case "ZodReadonly":
        return inner("innerType");
      case "ZodBranded":
        return inner("type");
      case "ZodEffects":
        return inner("schema");
      case "ZodPipeline":
        return inner("in");
      case "ZodLazy":
        return this.ref((def.getter as () => ZodTypeAny)(), indent);
      case "ZodArray":
      case "ZodSet":
        return atom(`Array<${this.ref((def.type ?? def.valueType) as ZodTypeAny, indent).text}>`);
      case "ZodMap":
        return atom(`Array<[${inner("keyType").text}, ${inner("valueType").text}]>`);
      case "ZodTuple": {
        const items = (def.items as readonly ZodTypeAny[]).map((item) => this.ref(item, indent).text);
        if (def.rest) items.push(`...Array<${inner("rest").text}>`);
        return atom(`[${items.join(", ")}]`);
      }
      case "ZodRecord": {
        const key = def.keyType as ZodTypeAny;
        const value = inner("valueType").text;
        if ((key._def as Def).typeName === "ZodString") return atom(`{ [key: string]: ${value} }`);
        return atom(`{ [key in ${this.ref(key, indent).text}]?: ${value} }`);
      }
      case "ZodObject":
        return this.object(def as unknown as ZodObjectDef, indent);
      default:
        throw new Error(`cannot express zod type ${def.typeName ?? "(unknown)"} in TypeScript`);
    }
  }

  private object(def: ZodObjectDef, indent: string): Expr {
    const shape = def.shape();
    const fields = Object.entries(hidesFields(shape, this.experimental) ? visibleShape(shape, this.experimental) : shape);
    const inner = `${indent}  `;
    const members = fields.map(([key, field]) => this.field(key, field, inner));
    const catchall = def.catchall as ZodTypeAny;
    const extra =
      (catchall._def as Def).typeName !== "ZodNever"
        ? this.ref(catchall, indent).text
        : def.unknownKeys === "passthrough"
          ? "unknown"
          : undefined;
    const base = members.length > 0 ? `{\n${members.join("")}${indent}}` : extra === undefined ? "Record<string, never>" : undefined;
    const index = extra === undefined ? undefined : `{ [key: string]: ${extra} }`;
    if (base !== undefined && index !== undefined) return { text: `${base} & ${index}`, precedence: "intersection" };
    return { text: (base ?? index)!, precedence: "atom" };
  }

  private field(key: string, field: ZodTypeAny, indent: string): string {
    const optional = safeIsOptional(field);
    let description: string | undefined;
    let nullable = false;
    let schema = field;
    // Peel the unnamed optional/default/nullable wrappers into `?:` and `| null`;
    // a named type's own description stays on its definition.
    while (schemaName(schema) === undefined) {
      const def = schema._def as Def;
      description ??= ownDescription(schema);
      if (def.typeName === "ZodOptional" || def.typeName === "ZodDefault") {
        schema = def.innerType as ZodTypeAny;
      } else if (def.typeName === "ZodNullable") {
        nullable = true;
        schema = def.innerType as ZodTypeAny;
      } else {
        break;
      }
    }
    const type = union([this.ref(schema, indent), ...(nullable ? [{ text: "null", precedence: "atom" as const }] : [])]);
    return `${docComment(description, indent)}${indent}${propertyKey(key)}${optional ? "?" : ""}: ${type.text};\n`;
  }
}

function union(members: readonly Expr[]): Expr {
  const texts = [...new Set(members.map((m) => m.text))];
  if (texts.length === 0) return { text: "never", precedence: "atom" };
  if (texts.length === 1) return members.find((m) => m.text === texts[0])!;
  return { text: texts.join(" | "), precedence: "union" };
}

function intersection(members: readonly Expr[]): Expr {
  return { text: members.map((m) => (m.precedence === "union" ? `(${m.text})` : m.text)).join(" & "), precedence: "intersection" };
}

function literal(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  if (value === undefined) return "undefined";
  return JSON.stringify(value);
}

/** The runtime values of a TS enum object, without numeric enums' reverse mappings (as zod does). */
function nativeEnumValues(values: Record<string, string | number>): Array<string | number> {
  return Object.keys(values)
    .filter((key) => typeof values[values[key] as string] !== "number")
    .map((key) => values[key]!);
}

function safeIsOptional(schema: ZodTypeAny): boolean {
  try {
    return schema.isOptional();
  } catch {
    return true;
  }
}
