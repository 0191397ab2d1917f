import type { ZodTypeAny } from "zod";
import { envelopeTypeNames } from "../protocol/envelope.js";
import { clientNotifications, clientRequests, serverNotifications, serverRequests } from "../protocol/registry.js";
import { namedSchemas } from "../protocol/schema-meta.js";

/**
 * The protocol as the generators see it: the four message unions built from
 * the registry tables, filtered to the requested API surface. Importing this
 * module loads every protocol module the registry (and the envelope) use, so
 * `namedSchemas()` is complete afterwards.
 */

/** `none`: the method takes no params; `optional`: params may be omitted or null. */
export type ParamsMode = "required" | "optional" | "none";

export interface MethodEntry {
  readonly method: string;
  readonly params: ZodTypeAny | null;
  readonly paramsMode: ParamsMode;
  /** Requests only. */
  readonly result: ZodTypeAny | null;
  readonly experimental: boolean;
}

export type UnionName = "ClientRequest" | "ClientNotification" | "ServerNotification" | "ServerRequest";

export interface MessageUnion {
  readonly name: UnionName;
  readonly kind: "request" | "notification";
  readonly description: string | undefined;
  readonly entries: readonly MethodEntry[];
}

interface TableSpec {
  readonly params: ZodTypeAny | null;
  readonly paramsOptional?: boolean;
  readonly result?: ZodTypeAny;
  readonly experimental?: boolean;
}

function entriesOf(table: Readonly<Record<string, TableSpec>>): MethodEntry[] {
  return Object.entries(table).map(([method, spec]) => ({
    method,
    params: spec.params,
    paramsMode: spec.params === null ? "none" : spec.paramsOptional ? "optional" : "required",
    result: spec.result ?? null,
    experimental: spec.experimental === true,
  }));
}

/** All four unions, in the registry's declaration order. */
export function messageUnions(experimental: boolean): MessageUnion[] {
  const unions: MessageUnion[] = [
    { name: "ClientRequest", kind: "request", description: "Request from the client to the server.", entries: entriesOf(clientRequests) },
    { name: "ClientNotification", kind: "notification", description: undefined, entries: entriesOf(clientNotifications) },
    { name: "ServerNotification", kind: "notification", description: "Notification sent from the server to the client.", entries: entriesOf(serverNotifications) },
    { name: "ServerRequest", kind: "request", description: "Request initiated from the server and sent to the client.", entries: entriesOf(serverRequests) },
  ];
  return unions.map((u) => ({ ...u, entries: u.entries.filter((e) => experimental || !e.experimental) }));
}

/** The params and result schemas of the given unions (the roots of the published type graph). */
export function rootSchemas(unions: readonly MessageUnion[]): ZodTypeAny[] {
  const roots: ZodTypeAny[] = [];
  for (const union of unions) {
    for (const entry of union.entries) {
      if (entry.params) roots.push(entry.params);
      if (entry.result) roots.push(entry.result);
    }
  }
  return roots;
}

/** `thread/start` → `Thread/start`, as the reference titles its union members. */
export function capitalizedMethod(method: string): string {
  return method.charAt(0).toUpperCase() + method.slice(1);
}

export function envelopeNames(): readonly string[] {
  return envelopeTypeNames;
}

export function namedSchema(name: string): ZodTypeAny {
  const schema = namedSchemas().get(name);
  if (!schema) throw new Error(`no protocol type named ${name}`);
  return schema;
}

export function allTypeNames(): string[] {
  return [...namedSchemas().keys()].sort();
}
