/**
 * The program the isolate child process runs, passed to `node -e` as the
 * source text of `codeModeRunnerMain` (so it needs no file of its own, in
 * dist/src or in the bundle). It must stay self-contained: no imports, no
 * references to anything outside the function.
 *
 * Isolation, innermost first:
 * - the script runs as a `vm.SourceTextModule` in a fresh context whose
 *   only globals are the JavaScript builtins and the helpers defined below;
 *   there is no `require`, `process`, `console`, `fetch`, import or timer
 *   of Node's;
 * - no host object enters the context: the helpers are context functions
 *   that talk to the host through one captured bridge function, passing JSON
 *   strings only, and the host answers by calling context functions with
 *   strings, so no host-realm prototype (and so no host `Function`) is
 *   reachable from the script;
 * - should that ever fail, the host realm itself has its network and
 *   process globals deleted before the script starts, and the process runs
 *   under Node's permission model (no file system, child processes or
 *   workers) with its own heap limit, killed by the parent at its wall-clock
 *   limit.
 */
export function codeModeRunnerMain(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const vm = require("node:vm") as typeof import("node:vm");
  const proc = process;
  const send = (message: unknown) => {
    try {
      proc.send?.(message);
    } catch {
      // The parent is gone: nothing to report to.
    }
  };
  const hostTimers = { set: setTimeout, clear: clearTimeout };
  const realmEscapeTargets = [
    "fetch", "WebSocket", "EventSource", "Request", "Response", "Headers", "FormData", "Buffer", "process",
    "require", "module", "navigator", "BroadcastChannel", "MessageChannel", "MessagePort", "Worker", "SharedArrayBuffer",
    "Atomics", "WebAssembly", "setImmediate", "queueMicrotask", "structuredClone", "crypto", "performance",
  ];

  const EXIT_SENTINEL = "__codex_code_mode_exit__";

  /** Defines the script's globals inside the context; returns the context functions the host calls. */
  const PRELUDE = `(function (bridge, toolsJson, storedJson, exitSentinel) {
    "use strict";
    // V8 gives every context a \`console\` of its own (it writes to the inspector only): the script gets none.
    delete globalThis.console;
    const post = (op, payload) => { bridge(JSON.stringify([op, payload === undefined ? null : payload])); };
    const stored = new Map(Object.entries(JSON.parse(storedJson)));
    const pendingTools = new Map();
    const timers = new Map();
    let nextToolId = 1;
    let nextTimerId = 1;
    const define = (name, value) => Object.defineProperty(globalThis, name, { value, writable: false, enumerable: false, configurable: false });
    const outputText = (value) => {
      if (typeof value === "string") return value;
      if (value === undefined) return "undefined";
      try {
        const json = JSON.stringify(value);
        return json === undefined ? String(value) : json;
      } catch {
        return String(value);
      }
    };
    const toJson = (value, what) => {
      let json;
      try { json = JSON.stringify(value); } catch (error) { throw new TypeError(what + ": " + (error && error.message)); }
      return json;
    };
    define("text", (value) => { post("content", { type: "input_text", text: outputText(value) }); });
    const imageItem = (value, detail) => {
      let url;
      let ownDetail;
      if (typeof value === "string") url = value;
      else if (value && typeof value === "object" && typeof value.image_url === "string") { url = value.image_url; ownDetail = value.detail; }
      else if (value && typeof value === "object" && value.type === "image" && typeof value.data === "string" && typeof value.mimeType === "string") {
        url = "data:" + value.mimeType + ";base64," + value.data;
        ownDetail = value._meta && value._meta["codex/imageDetail"];
      } else throw new TypeError("image expects an image URL string, an { image_url, detail? } object or an MCP ImageContent block");
      if (detail !== undefined && detail !== null && typeof detail !== "string") throw new TypeError("image detail must be a string when provided");
      const chosen = typeof detail === "string" ? detail : ownDetail;
      const item = { type: "input_image", image_url: url };
      if (typeof chosen === "string") item.detail = chosen;
      return item;
    };
    define("image", (value, detail) => { post("content", imageItem(value, detail)); });
    define("store", (key, value) => {
      const name = String(key);
      const json = toJson(value, "store");
      if (json === undefined) throw new TypeError("Unable to store " + JSON.stringify(name) + ". Only plain serializable objects can be stored.");
      stored.set(name, JSON.parse(json));
    });
    define("load", (key) => {
      const name = String(key);
      return stored.has(name) ? JSON.parse(JSON.stringify(stored.get(name))) : undefined;
    });
    define("notify", (value) => {
      const text = outputText(value);
      if (text.trim() === "") throw new TypeError("notify expects non-empty text");
      post("notify", text);
    });
    define("yield_control", () => { post("yield"); });
    define("exit", () => { post("exit"); throw exitSentinel; });
    define("setTimeout", (callback, delayMs) => {
      if (typeof callback !== "function") throw new TypeError("setTimeout expects a function callback");
      const id = nextTimerId++;
      const delay = Number(delayMs);
      timers.set(id, callback);
      post("setTimeout", { id, ms: Number.isFinite(delay) && delay > 0 ? delay : 0 });
      return id;
    });
    define("clearTimeout", (id) => {
      if (id === undefined || id === null) return;
      if (timers.delete(Number(id))) post("clearTimeout", { id: Number(id) });
    });
    const tools = JSON.parse(toolsJson);
    define("ALL_TOOLS", Object.freeze(tools.map((tool) => Object.freeze({ name: tool.name, description: tool.description }))));
    const toolObject = {};
    for (const tool of tools) {
      toolObject[tool.global] = (...args) => new Promise((resolve, reject) => {
        const input = args.length === 0 ? undefined : args[0];
        const json = input === undefined ? undefined : toJson(input, "tool input");
        const id = "tool-" + nextToolId++;
        pendingTools.set(id, { resolve, reject });
        post("tool", { id, name: tool.name, input: json === undefined ? null : json });
      });
    }
    define("tools", Object.freeze(toolObject));
    const errorText = (error) => {
      if (error instanceof Error) {
        const stack = typeof error.stack === "string" ? error.stack : String(error);
        const lines = stack.split("\\n");
        const kept = [];
        let frames = false;
        for (const line of lines) {
          const isFrame = /^\\s+at /.test(line);
          if (isFrame) frames = true;
          if (isFrame && !line.includes("exec_main.mjs")) continue;
          if (!isFrame && frames) continue;
          kept.push(line);
        }
        return kept.join("\\n");
      }
      return outputText(error);
    };
    return {
      deliverTool(id, ok, json) {
        const pending = pendingTools.get(id);
        if (!pending) return;
        pendingTools.delete(id);
        if (ok) pending.resolve(JSON.parse(json));
        else pending.reject(JSON.parse(json));
      },
      fireTimer(id) {
        const callback = timers.get(id);
        if (!callback) return null;
        timers.delete(id);
        try { callback(); return null; } catch (error) { return error === exitSentinel ? null : errorText(error); }
      },
      storedJson() { return JSON.stringify(Object.fromEntries(stored)); },
      errorText,
      isExit(value) { return value === exitSentinel; },
    };
  })`;

  /** Host-realm errors (module compilation, linking) are read here; the script's own through the context. */
  const describeError = (error: unknown): string => {
    if (typeof error === "string") return error;
    if (error instanceof Error) {
      const lines = String(error.stack ?? error).split("\n");
      const firstFrame = lines.findIndex((line) => /^\s+at /.test(line));
      const head = firstFrame === -1 ? lines : lines.slice(0, firstFrame);
      return [...head, ...lines.filter((line) => /^\s+at /.test(line) && line.includes("exec_main.mjs"))].join("\n");
    }
    return api ? api.errorText(error) : String(error);
  };

  let started = false;
  let finished = false;
  let api:
    | {
        deliverTool(id: string, ok: boolean, json: string): void;
        fireTimer(id: number): string | null;
        storedJson(): string;
        errorText(error: unknown): string;
        isExit(value: unknown): boolean;
      }
    | undefined;
  const hostTimerHandles = new Map<number, ReturnType<typeof setTimeout>>();

  const finish = (error: string | null) => {
    if (finished) return;
    finished = true;
    let stored: unknown = {};
    try {
      stored = JSON.parse(api ? api.storedJson() : "{}");
    } catch {
      stored = {};
    }
    send({ op: "done", error, stored });
  };

  const bridge = (raw: unknown) => {
    if (finished) return undefined;
    try {
      const [op, payload] = JSON.parse(String(raw)) as [string, any];
      switch (op) {
        case "setTimeout": {
          const handle = hostTimers.set(() => {
            hostTimerHandles.delete(payload.id);
            if (finished || !api) return;
            const error = api.fireTimer(payload.id);
            if (error !== null) finish(error);
          }, Math.min(payload.ms, 2_147_483_647));
          hostTimerHandles.set(payload.id, handle);
          break;
        }
        case "clearTimeout": {
          const handle = hostTimerHandles.get(payload.id);
          if (handle) hostTimers.clear(handle);
          hostTimerHandles.delete(payload.id);
          break;
        }
        case "exit":
          finish(null);
          break;
        default:
          send({ op, payload });
      }
    } catch {
      // Malformed bridge traffic cannot come from the prelude; ignore it.
    }
    return undefined;
  };

  async function run(source: string, toolsJson: string, storedJson: string) {
    const context = vm.createContext(Object.create(null), { codeGeneration: { strings: true, wasm: false } });
    const prelude = vm.runInContext(PRELUDE, context, { filename: "exec_prelude.js" }) as (...args: unknown[]) => typeof api;
    // The sentinel is a context string: comparing it never touches a host object.
    api = prelude(bridge, toolsJson, storedJson, EXIT_SENTINEL);
    for (const name of realmEscapeTargets) {
      try {
        delete (globalThis as Record<string, unknown>)[name];
      } catch {
        // Non-configurable: left alone.
      }
    }
    const unsupported = (specifier: string) => `Unsupported import in exec: ${specifier}`;
    let module: import("node:vm").SourceTextModule;
    try {
      module = new vm.SourceTextModule(source, {
        context,
        identifier: "exec_main.mjs",
        importModuleDynamically: ((specifier: string) => {
          throw unsupported(specifier);
        }) as never,
      });
      await module.link((specifier: string) => {
        throw unsupported(specifier);
      });
    } catch (error) {
      finish(describeError(error));
      return;
    }
    send({ op: "started" });
    try {
      await module.evaluate();
      finish(null);
    } catch (error) {
      if (api!.isExit(error)) finish(null);
      else finish(describeError(error));
    }
  }

  proc.on("message", (message: any) => {
    if (!message || typeof message !== "object") return;
    if (message.op === "start" && !started) {
      started = true;
      void run(String(message.source), String(message.tools), String(message.stored));
    } else if (message.op === "toolResult" && api && !finished) {
      api.deliverTool(String(message.id), message.ok === true, String(message.json));
    }
  });
  proc.on("disconnect", () => proc.exit(0));
}
