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

/** Experimental fields (name and schema) of each method's params object, computed once. */
const experimentalParamFields = new Map<string, ReadonlyArray<readonly [string, ZodTypeAny]>>();

function experimentalFieldsOf(method: string, spec: RequestSpec): ReadonlyArray<readonly [string, ZodTypeAny]> {
  let fields = experimentalParamFields.get(method);
  if (!fields) {
    fields = [];
    const params = spec.params;
    if (params instanceof ZodObject) {
      for (const [key, schema] of Object.entries(params.shape as Record<string, ZodTypeAny>)) {
        if (isExperimentalField(schema)) (fields as Array<readonly [string, ZodTypeAny]>).push([key, schema]);
      }
    }
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
function isUnusedField(schema: ZodTypeAny, value: unknown): boolean {
  if (value === undefined || value === null) return true;
  return !schema.safeParse(null).success && isDefaultValue(value);
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
  for (const [field, schema] of fields) {
    if (!isUnusedField(schema, (rawParams as Record<string, unknown>)[field])) {
      throw invalidRequest(`${parsed.method}.${field} requires experimentalApi capability`);
    }
  }
}
