import { ZodObject, type ZodTypeAny } from "zod";
import { clientRequests, isClientMethod, type ClientMethod, type RequestSpec } from "../protocol/registry.js";
import { isExperimentalField } from "../protocol/schema-meta.js";
import { formatZodError, invalidRequest } from "../protocol/errors.js";

const ALL_METHODS = Object.keys(clientRequests);

export function unknownMethodError(method: string) {
  return invalidRequest(
    `Invalid request: unknown variant \`${method}\`, expected one of ${ALL_METHODS.map((m) => `\`${m}\``).join(", ")}`,
  );
}

/** An experimental field of a method's params, and whether its schema accepts null (an `Option` in the reference). */
interface ExperimentalField {
  name: string;
  nullable: boolean;
}

/** Experimental fields of each method's params object, computed once. */
const experimentalParamFields = new Map<string, readonly ExperimentalField[]>();

function experimentalFieldsOf(method: string, spec: RequestSpec): readonly ExperimentalField[] {
  let fields = experimentalParamFields.get(method);
  if (!fields) {
    const found: ExperimentalField[] = [];
    const params = spec.params;
    if (params instanceof ZodObject) {
      for (const [name, schema] of Object.entries(params.shape as Record<string, ZodTypeAny>)) {
        if (isExperimentalField(schema)) found.push({ name, nullable: schema.safeParse(null).success });
      }
    }
    fields = found;
    experimentalParamFields.set(method, fields);
  }
  return fields;
}

function isDefaultValue(value: unknown): boolean {
  return value === undefined || value === null || value === false || (Array.isArray(value) && value.length === 0);
}

/**
 * Whether an experimental field counts as unused. A nullable field (an
 * `Option` in the reference) is used by any value but null, `[]` and `false`
 * included (observed on codex 0.169.0: `thread/start` with `dynamicTools: []`
 * is refused); other fields also leave `false` and `[]` unused.
 */
function isUnusedField(field: ExperimentalField, value: unknown): boolean {
  if (value === undefined || value === null) return true;
  return !field.nullable && isDefaultValue(value);
}

export interface ParsedRequest {
  method: ClientMethod;
  spec: RequestSpec;
  params: unknown;
}

/** Looks the method up and validates its params; throws the reference's -32600 errors. */
export function parseRequest(method: string, rawParams: unknown): ParsedRequest {
  if (!isClientMethod(method)) throw unknownMethodError(method);
  const spec: RequestSpec = clientRequests[method];
  if (spec.params === null) {
    return { method, spec, params: undefined };
  }
  let input = rawParams;
  if (input === undefined || input === null) {
    if (!spec.paramsOptional) throw invalidRequest("Invalid request: missing field `params`");
    input = {};
  }
  const result = spec.params.safeParse(input);
  if (!result.success) {
    throw invalidRequest(`Invalid request: ${formatZodError(result.error, input)}`);
  }
  return { method, spec, params: result.data };
}

/** Rejects experimental methods and fields for connections that did not opt in. */
export function checkExperimental(parsed: ParsedRequest, rawParams: unknown, experimentalApi: boolean): void {
  if (experimentalApi) return;
  if (parsed.spec.experimental) {
    throw invalidRequest(`${parsed.method} requires experimentalApi capability`);
  }
  const fields = experimentalFieldsOf(parsed.method, parsed.spec);
  if (fields.length === 0 || rawParams === null || typeof rawParams !== "object") return;
  for (const field of fields) {
    if (!isUnusedField(field, (rawParams as Record<string, unknown>)[field.name])) {
      throw invalidRequest(`${parsed.method}.${field.name} requires experimentalApi capability`);
    }
  }
}
