import type http from "node:http";
import { Duplex, Readable } from "node:stream";

interface Transport {
  request: typeof http.request;
  agent: http.Agent | undefined;
  /** The connection to use instead of the agent's (`warmUp`'s in-memory exchange). */
  createConnection?: () => Duplex;
}

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

function requestUrl(input: string | URL | Request): URL {
  if (typeof input === "string") return new URL(input);
  if (input instanceof URL) return input;
  return new URL(input.url);
}

function requestBody(body: RequestInit["body"]): string | Uint8Array | undefined {
  if (body === null || body === undefined) return undefined;
  if (typeof body === "string" || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (body instanceof URLSearchParams) return body.toString();
  throw new TypeError("unsupported request body type");
}

/**
 * A `fetch` for the openai SDK built on node:http / node:https, with its own
 * keep-alive connection pools.
 *
 * Node's built-in fetch (undici) costs tens of megabytes of peak memory on a
 * long Server-Sent Events body (its HTTP parser and per-chunk web-stream
 * machinery); node:http streams the same body in a fraction of that, which
 * keeps a 20,000-delta turn inside the server's memory budget. Only what the
 * SDK uses is supported: string / byte bodies, headers, `signal`.
 */
export class NodeHttpFetch {
  private readonly transports = new Map<string, Promise<Transport>>();

  /** node:http / node:https and a keep-alive agent, loaded on first use (TLS is slow to load). */
  private transportFor(protocol: "http:" | "https:"): Promise<Transport> {
    let transport = this.transports.get(protocol);
    if (!transport) {
      transport = (protocol === "https:" ? import("node:https") : import("node:http")).then((module) => ({
        request: module.request as typeof http.request,
        agent: new module.Agent({ keepAlive: true }),
      }));
      this.transports.set(protocol, transport);
    }
    return transport;
  }

  /** Loads the HTTP(S) client modules, and Node's stream-to-web adapters every response body goes through, ahead of the first request. */
  async preload(): Promise<void> {
    await Promise.all([this.transportFor("http:"), this.transportFor("https:")]);
    void Readable.toWeb(Readable.from([])).cancel();
  }

  /**
   * Sends a request over an in-memory connection answered with `response`
   * (the bytes of a whole HTTP/1.1 response): the request and response code
   * paths run once, on no socket.
   */
  async warmUp(input: string, init: RequestInit, response: string): Promise<Response> {
    const { request } = await this.transportFor("http:");
    return send({ request, agent: undefined, createConnection: () => cannedExchange(response) }, requestUrl(input), init);
  }

  async fetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    const url = requestUrl(input);
    if (url.protocol !== "http:" && url.protocol !== "https:") return fetch(input, init);
    const transport = await this.transportFor(url.protocol);
    return send(transport, url, init);
  }
}

/** A connection that answers the first bytes written to it with `response`, then ends. */
function cannedExchange(response: string): Duplex {
  let answered = false;
  const connection = new Duplex({
    read() {},
    write(_chunk, _encoding, done) {
      if (!answered) {
        answered = true;
        setImmediate(() => {
          connection.push(response);
          connection.push(null);
        });
      }
      done();
    },
  });
  return connection;
}

function send({ request, agent, createConnection }: Transport, url: URL, init: RequestInit): Promise<Response> {
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, key) => {
    headers[key] = value;
  });
  const body = requestBody(init.body);
  const signal = init.signal ?? undefined;
  return new Promise<Response>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason ?? new DOMException("This operation was aborted", "AbortError"));
      return;
    }
    const options: http.RequestOptions = { method: init.method ?? "GET", headers, agent, signal };
    if (createConnection) options.createConnection = createConnection as unknown as http.RequestOptions["createConnection"];
    const outgoing = request(url, options, (incoming) => {
      const responseHeaders = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (value === undefined) continue;
        if (Array.isArray(value)) for (const item of value) responseHeaders.append(name, item);
        else responseHeaders.set(name, value);
      }
      const status = incoming.statusCode ?? 0;
      const stream = NULL_BODY_STATUS.has(status) ? null : (Readable.toWeb(incoming) as ReadableStream<Uint8Array>);
      if (!stream) incoming.resume();
      resolve(new Response(stream, { status, statusText: incoming.statusMessage ?? "", headers: responseHeaders }));
    });
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}
