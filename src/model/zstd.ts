/**
 * zstd compression of model request bodies (the reference sends
 * `content-encoding: zstd` to the ChatGPT responses endpoint). Node 20's zlib
 * has no zstd; @bokuweb/zstd-wasm is the zstd C library compiled to
 * WebAssembly: no native build, no download at install, same output format.
 * Loaded on first use.
 */

type ZstdModule = typeof import("@bokuweb/zstd-wasm");

let zstd: Promise<ZstdModule> | undefined;

function loadZstd(): Promise<ZstdModule> {
  zstd ??= import("@bokuweb/zstd-wasm").then(async (module) => {
    // The CommonJS build exposes its functions on `default` when imported from ESM.
    const api = ((module as { default?: ZstdModule }).default ?? module) as ZstdModule;
    await api.init();
    return api;
  });
  return zstd;
}

/** The level the reference's client uses for request bodies (zstd's default). */
const LEVEL = 3;

export async function zstdCompress(data: Uint8Array): Promise<Uint8Array> {
  const api = await loadZstd();
  return api.compress(data, LEVEL);
}

export async function zstdDecompress(data: Uint8Array): Promise<Uint8Array> {
  const api = await loadZstd();
  return api.decompress(data);
}

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Wraps `fetch` so that request bodies go out zstd-compressed with `content-encoding: zstd`. */
export function withZstdBodies(fetch: Fetch): Fetch {
  return async (input, init) => {
    const body = init?.body;
    if (typeof body !== "string" && !(body instanceof Uint8Array)) return fetch(input, init);
    const raw = typeof body === "string" ? new TextEncoder().encode(body) : body;
    const headers = new Headers(init?.headers);
    headers.set("content-encoding", "zstd");
    headers.delete("content-length");
    return fetch(input, { ...init, headers, body: await zstdCompress(raw) });
  };
}
