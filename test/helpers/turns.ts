/** Shared setup for the turn suites: a server pointed at the mock Responses API. */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ServerProcess, type WireMessage } from "./server-process.js";
import type { MockResponsesServer } from "./mock-responses.js";
import { spawnListening, type ListeningServer } from "./ws-client.js";

export const MODEL = "gpt-5.1-codex";

export interface TurnServerOptions {
  codexHome?: string;
  /** Extra `model_providers.mock.*` settings (e.g. `stream_max_retries`). */
  provider?: Record<string, string | number | boolean>;
  args?: string[];
  env?: Record<string, string | undefined>;
  /** Install the shipped system skills (off by default, see ServerProcess). */
  bundledSkills?: boolean;
  /** `initialize` capabilities (e.g. `{ experimentalApi: true }`); none by default. */
  capabilities?: Record<string, unknown> | null;
}

/** A server using `mock` as provider `mock` (`MOCK_API_KEY`), initialized. */
export async function startTurnServer(mock: MockResponsesServer, options: TurnServerOptions = {}): Promise<ServerProcess> {
  const provider = { request_max_retries: 0, stream_max_retries: 0, ...options.provider };
  const server = new ServerProcess({
    codexHome: options.codexHome,
    bundledSkills: options.bundledSkills,
    args: ["app-server", ...mock.configArgs("mock", provider), "-c", `model="${MODEL}"`, ...(options.args ?? [])],
    // A fresh HOME: commands run in a login shell, which must not pick up this machine's profile scripts.
    env: { MOCK_API_KEY: "mock-key", HOME: mkdtempSync(path.join(os.tmpdir(), "aas-home-")), ...options.env },
  });
  await server.initialize(options.capabilities ?? null);
  return server;
}

/** The same server listening on ws://127.0.0.1 (any free port) for WsClient connections; not initialized. */
export function listenTurnServer(mock: MockResponsesServer, codexHome?: string): Promise<ListeningServer> {
  const provider = { request_max_retries: 0, stream_max_retries: 0 };
  return spawnListening("ws://127.0.0.1:0", {
    codexHome,
    args: [...mock.configArgs("mock", provider), "-c", `model="${MODEL}"`],
    env: { MOCK_API_KEY: "mock-key" },
  });
}

export function workdir(): string {
  return mkdtempSync(path.join(os.tmpdir(), "aas-turn-cwd-"));
}

export async function startThread(server: ServerProcess, params: Record<string, unknown> = {}): Promise<string> {
  const result = await server.call("thread/start", { cwd: workdir(), ...params });
  return result.thread.id as string;
}

export function text(value: string) {
  return [{ type: "text", text: value }];
}

/** Starts a turn and resolves with its id (the turn/start result). */
export async function startTurn(server: ServerProcess, threadId: string, input: unknown = text("say hello"), extra: Record<string, unknown> = {}) {
  const result = await server.call("turn/start", { threadId, input, ...extra });
  return result.turn as { id: string; [key: string]: unknown };
}

export function turnCompleted(server: ServerProcess, turnId: string, timeoutMs?: number): Promise<any> {
  return server.waitForNotification("turn/completed", (p) => p.turn.id === turnId, timeoutMs);
}

/** Runs one turn to its end; resolves with the turn/completed params. */
export async function runTurn(server: ServerProcess, threadId: string, input: unknown = text("say hello"), extra: Record<string, unknown> = {}) {
  const turn = await startTurn(server, threadId, input, extra);
  return turnCompleted(server, turn.id);
}

/** Messages received after the request with `method` + matching params was sent, by position of its response. */
export function messagesFrom(server: ServerProcess, first: (m: WireMessage) => boolean): WireMessage[] {
  const all = server.received.map((r) => r.message);
  const start = all.findIndex(first);
  return start === -1 ? [] : all.slice(start);
}

/** `method` for notifications, `response:<requestMethod>` for responses. */
export function kinds(server: ServerProcess, messages: WireMessage[]): string[] {
  return messages.map((m) => {
    if (typeof m.method === "string") return m.method;
    const received = server.received.find((r) => r.message === m);
    return `response:${received?.requestMethod ?? "?"}`;
  });
}

/** Notifications about one turn (plus status changes of its thread and account updates). */
export function turnStream(server: ServerProcess, threadId: string, turnId: string): WireMessage[] {
  return server.received
    .map((r) => r.message)
    .filter((m) => {
      const p = m.params as Record<string, any> | undefined;
      if (typeof m.method !== "string" || !p) return false;
      if (m.method === "account/rateLimits/updated") return true;
      if (p.threadId !== threadId) return false;
      if (m.method === "thread/status/changed") return true;
      return p.turnId === turnId || p.turn?.id === turnId;
    });
}

const CONTEXT_PREFIXES = ["<environment_context>", "# AGENTS.md instructions for ", "The working directory has changed."];

/** Whether a request input item is one of the context messages (base instructions, permissions, AGENTS.md, environment). */
export function isContextItem(item: any): boolean {
  if (item?.type !== "message") return false;
  if (item.role === "developer") return true;
  const first = item.content?.[0]?.text;
  return item.role === "user" && typeof first === "string" && CONTEXT_PREFIXES.some((prefix) => first.startsWith(prefix));
}

/**
 * The conversation part of a request's input: context messages dropped, and
 * the replay details the golden request tests pin (ids, status, annotations)
 * left out, so flow tests compare only who said what.
 */
export function conversation(input: any[]): any[] {
  return input.filter((item) => !isContextItem(item)).map((item) => {
    const { id: _id, status: _status, ...rest } = item;
    if (rest.type !== "message") return rest;
    return { ...rest, content: rest.content.map(({ annotations: _a, ...part }: any) => part) };
  });
}
