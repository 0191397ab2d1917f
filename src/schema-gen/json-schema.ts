import type { ZodObjectDef, ZodNullableDef, ZodTypeAny, ZodTypeDef, ZodUnionDef, ZodDiscriminatedUnionDef } from "zod";
import { ignoreOverride, parseDef, parseObjectDef, zodToJsonSchema, type Refs } from "zod-to-json-schema";
import { namedSchemas } from "../protocol/schema-meta.js";
import { describesNamedInner } from "./descriptions.js";
import { hidesFields, visibleShape } from "./strip.js";

/** A JSON Schema (draft-07) node, as plain JSON. */
export type JsonSchema = { [key: string]: unknown };

export const DRAFT_07 = "http://json-schema.org/draft-07/schema#";

export function definitionRef(name: string): JsonSchema {
  return { $ref: `#/definitions/${name}` };
}

/**
 * zod → JSON Schema via zod-to-json-schema. Every named schema other than the
 * one being defined becomes `{"$ref": "#/definitions/Name"}`; unnamed schemas
 * are inlined wherever they are used. For the stable surface, objects lose
 * their experimental fields (a stripped copy of the def is converted).
 */
export class JsonSchemaConverter {
  private readonly nameByDef = new Map<ZodTypeDef, string>();
  private readonly bodies = new Map<string, JsonSchema>();

  constructor(private readonly experimental: boolean) {
    for (const [name, schema] of namedSchemas()) this.nameByDef.set(schema._def, name);
  }

  /** The definition body of the named type `name` (no `$schema`, no `title`). */
  body(name: string): JsonSchema {
    let body = this.bodies.get(name);
    if (!body) {
      const schema = namedSchemas().get(name);
      if (!schema) throw new Error(`no protocol type named ${name}`);
      body = this.convert(schema, schema._def);
      this.bodies.set(name, body);
    }
    return body;
  }

  /** `schema` as used in place: a `$ref` when it is named, else inlined. */
  inline(schema: ZodTypeAny): JsonSchema {
    const name = this.nameByDef.get(schema._def);
    return name ? definitionRef(name) : this.convert(schema, undefined);
  }

  private convert(schema: ZodTypeAny, rootDef: ZodTypeDef | undefined): JsonSchema {
    const result = zodToJsonSchema(schema, {
      target: "jsonSchema7",
      $refStrategy: "none",
      effectStrategy: "input",
      pipeStrategy: "input",
      // strip objects (zod's default) accept and drop unknown keys: say nothing.
      removeAdditionalStrategy: "strict",
      allowedAdditionalProperties: undefined,
      rejectedAdditionalProperties: false,
      override: (def, refs) => this.override(def, refs, rootDef),
      postProcess: (jsonSchema, def) => (describesNamedInner(def) ? withoutDescription(jsonSchema) : jsonSchema),
    }) as JsonSchema;
    delete result.$schema;
    return result;
  }

  private override(def: ZodTypeDef, refs: Refs, rootDef: ZodTypeDef | undefined): ReturnType<typeof parseDef> | typeof ignoreOverride {
    const atRoot = def === rootDef && refs.currentPath.length === refs.basePath.length;
    const name = this.nameByDef.get(def);
    if (name !== undefined && !atRoot) return definitionRef(name);

    const typeName = (def as { typeName?: string }).typeName;
    if (typeName === "ZodObject") {
      const objectDef = def as ZodObjectDef;
      const shape = objectDef.shape();
      if (hidesFields(shape, this.experimental)) {
        const stripped: ZodObjectDef = { ...objectDef, shape: () => visibleShape(shape, this.experimental) };
        return withDescription(parseObjectDef(stripped, refs), def);
      }
    }
    // zod-to-json-schema squashes unions of primitives / nullable primitives into
    // `type` arrays by peeking at the options; keep `$ref`s for named options.
    if (typeName === "ZodUnion" || typeName === "ZodDiscriminatedUnion") {
      const options = unionOptions(def as ZodUnionDef | ZodDiscriminatedUnionDef<string>);
      if (options.some((o) => this.nameByDef.has(o._def))) {
        const anyOf = options.map((o, i) => parseDef(o._def, { ...refs, currentPath: [...refs.currentPath, "anyOf", `${i}`] }));
        return withDescription({ anyOf: anyOf.filter((x) => x !== undefined) }, def);
      }
    }
    if (typeName === "ZodNullable") {
      const inner = (def as ZodNullableDef).innerType;
      if (this.nameByDef.has(inner._def)) {
        const schema = { anyOf: [definitionRef(this.nameByDef.get(inner._def)!), { type: "null" }] };
        return describesNamedInner(def) ? schema : withDescription(schema, def);
      }
    }
    return ignoreOverride;
  }
}

function unionOptions(def: ZodUnionDef | ZodDiscriminatedUnionDef<string>): ZodTypeAny[] {
  const options = def.options as readonly ZodTypeAny[] | Map<unknown, ZodTypeAny>;
  return options instanceof Map ? [...options.values()] : [...options];
}

function withDescription<T extends object>(schema: T, def: ZodTypeDef): T {
  return def.description === undefined ? schema : { ...schema, description: def.description };
}

function withoutDescription<T>(schema: T): T {
  if (schema === null || typeof schema !== "object" || !("description" in schema)) return schema;
  const { description: _dropped, ...rest } = schema as { description?: unknown };
  return rest as T;
}

/** Names of all `#/definitions/X` references anywhere inside `schema`. */
export function collectRefs(schema: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(schema)) {
    for (const item of schema) collectRefs(item, into);
  } else if (schema !== null && typeof schema === "object") {
    for (const [key, value] of Object.entries(schema)) {
      if (key === "$ref" && typeof value === "string" && value.startsWith("#/definitions/")) {
        into.add(value.slice("#/definitions/".length));
      } else {
        collectRefs(value, into);
      }
    }
  }
  return into;
}
