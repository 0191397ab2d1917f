import net from "node:net";
import { describe, expect, it } from "vitest";
import { NodeHttpFetch } from "../../src/model/http.js";

describe("NodeHttpFetch.warmUp", () => {
  it("runs a request through node:http over an in-memory connection, never a socket", async () => {
    // A port that refuses connections: reaching it would fail the request.
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const body = "event: ping\ndata: {}\n\n";
    const response = `HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
    const answer = await new NodeHttpFetch().warmUp(
      `http://127.0.0.1:${port}/v1/responses`,
      { method: "POST", headers: { "content-type": "application/json" }, body: "{}" },
      response,
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("text/event-stream");
    expect(await answer.text()).toBe(body);
  });
});
