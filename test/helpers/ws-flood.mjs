// Floods a --listen ws:// server from a separate process (so the flood's own
// client-side work does not skew latency measured by the test process).
// Usage: node ws-flood.mjs URL COUNT
// Prints one JSON line on stdout: counts, timings and one sample of each kind
// of answer (the test checks those against the reference schema).
import WebSocket from "ws";

const [url, countText] = process.argv.slice(2);
const count = Number(countText);
const ws = new WebSocket(url, { perMessageDeflate: false });
const counts = { results: 0, overloaded: 0, other: 0 };
const samples = {};
let startedAt = 0;
let sentAt = 0;

ws.on("open", () => {
  ws.send(JSON.stringify({ id: "init", method: "initialize", params: { clientInfo: { name: "flood", version: "1" }, capabilities: { experimentalApi: true } } }));
});

ws.on("message", (data) => {
  const m = JSON.parse(String(data));
  if (m.id === "init") {
    ws.send(JSON.stringify({ method: "initialized" }));
    flood();
    return;
  }
  if (m.method !== undefined) return; // notifications (configWarning)
  if (m.error?.code === -32001) {
    counts.overloaded++;
    samples.overloaded ??= m;
  } else if ("result" in m) {
    counts.results++;
    samples.result ??= m;
  } else {
    counts.other++;
    samples.other ??= m;
  }
  if (counts.results + counts.overloaded + counts.other === count) {
    process.stdout.write(`${JSON.stringify({ ...counts, sendMs: sentAt - startedAt, totalMs: Date.now() - startedAt, samples })}\n`);
    ws.close();
  }
});

ws.on("close", () => process.exit(0));
ws.on("error", (error) => {
  process.stderr.write(`flood client error: ${error.message}\n`);
  process.exit(1);
});

function flood() {
  startedAt = Date.now();
  let i = 0;
  const batch = () => {
    const end = Math.min(i + 2_000, count);
    for (; i < end; i++) ws.send(`{"id":${i},"method":"mock/experimentalMethod","params":{"value":"v${i}"}}`);
    if (i < count) setImmediate(batch);
    else sentAt = Date.now();
  };
  batch();
}
