import * as crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { queueKernelSends } from "../../../src/display/kernel-sends";

const DELIMITER = "<IDS|MSG>";
const PARENT = JSON.stringify({ msg_id: "request-1", msg_type: "execute_request" });

/** HMAC-SHA256 of a message's JSON parts, as the Jupyter kernel protocol defines it. */
function signature(key: string, bodies: string[]): string {
  const hmac = crypto.createHmac("sha256", key);
  bodies.forEach((body) => hmac.update(body));
  return hmac.digest("hex");
}

/** The frames of a Jupyter IOPub message signed with `key`, laid out the way tslab sends them. */
function jupyterMessage(key: string, msgType: string, content: object): string[] {
  const bodies = [
    JSON.stringify({ msg_id: crypto.randomUUID(), msg_type: msgType }),
    PARENT,
    "{}",
    JSON.stringify(content),
  ];
  return ["kernel-identity", DELIMITER, signature(key, bodies), ...bodies];
}

/** A received Jupyter message: its type, content, and whether its signature matches `key`. */
function decode(
  frames: Buffer[],
  key: string,
): { type: string; content: { name?: string; text?: string; data?: { "text/plain"?: string } }; signed: boolean } {
  const parts = frames.map(String);
  const at = parts.indexOf(DELIMITER);
  const bodies = parts.slice(at + 2);
  return {
    type: JSON.parse(bodies[0]).msg_type,
    content: JSON.parse(bodies[3]),
    signed: parts[at + 1] === signature(key, bodies),
  };
}

/** A publisher and a subscriber connected over inproc, with no high-water mark dropping messages. */
async function connectedPair(endpoint: string): Promise<{ publisher: zmq.Publisher; subscriber: zmq.Subscriber }> {
  const publisher = new zmq.Publisher({ sendHighWaterMark: 0 });
  const subscriber = new zmq.Subscriber({ receiveHighWaterMark: 0 });
  await publisher.bind(endpoint);
  subscriber.connect(endpoint);
  subscriber.subscribe();
  await new Promise((r) => setTimeout(r, 100)); // let the subscription reach the publisher
  return { publisher, subscriber };
}

/** Sends `count` messages in one tick the way tslab does (never awaiting send); returns how many sends threw. */
function burst(publisher: zmq.Publisher, count: number): number {
  let refused = 0;
  for (let i = 0; i < count; i++) {
    try {
      void publisher.send(`message ${i}`);
    } catch {
      refused++;
    }
  }
  return refused;
}

/** The next `count` messages the subscriber receives, as strings. */
async function receive(subscriber: zmq.Subscriber, count: number): Promise<string[]> {
  const got: string[] = [];
  while (got.length < count) got.push(String((await subscriber.receive())[0]));
  return got;
}

describe("queueKernelSends", () => {
  it("zeromq alone refuses sends in a burst (the bug), queued sends all arrive in order (the fix)", async () => {
    const { publisher, subscriber } = await connectedPair("inproc://kernel-sends-test");
    const refusedBefore = burst(publisher, 1500);
    expect(
      refusedBefore,
      "zeromq no longer refuses sends in a burst: the workaround may be unnecessary",
    ).toBeGreaterThan(0);
    await receive(subscriber, 1500 - refusedBefore);

    expect(queueKernelSends()).toBeGreaterThanOrEqual(1);
    expect(queueKernelSends(), "patching twice is harmless").toBeGreaterThanOrEqual(1);
    const refusedAfter = burst(publisher, 1500);
    expect(refusedAfter).toBe(0);
    const received = await receive(subscriber, 1500);
    expect(received).toEqual(Array.from({ length: 1500 }, (_, i) => `message ${i}`));
    publisher.close();
    subscriber.close();
  });
});

describe("queueKernelSends with the kernel's signing key", () => {
  it("sends printed text as few signed messages in order, and only a display's newest waiting update", async () => {
    const key = "test-signing-key";
    const { publisher, subscriber } = await connectedPair("inproc://kernel-sends-merge-test");
    queueKernelSends(key);
    const lines = (name: string, from: number, count: number) =>
      Array.from({ length: count }, (_, i) => `${name} ${from + i}\n`);
    const printed = [...lines("stdout", 0, 5000), ...lines("stderr", 0, 3), ...lines("stdout", 5000, 2)];
    for (const text of printed) void publisher.send(jupyterMessage(key, "stream", { name: text.split(" ")[0], text }));
    for (const text of ["foreign 0\n", "foreign 1\n"])
      void publisher.send(jupyterMessage("another-key", "stream", { name: "stdout", text }));
    for (let i = 0; i < 1000; i++) {
      void publisher.send(
        jupyterMessage(key, "update_display_data", {
          data: { "text/plain": `update ${i}` },
          metadata: {},
          transient: { display_id: "chart" },
        }),
      );
    }
    void publisher.send(jupyterMessage(key, "status", { execution_state: "idle" }));

    const received = [];
    for (let done = false; !done;) {
      const message = decode(await subscriber.receive(), key);
      received.push(message);
      done = message.type === "status";
    }
    const streams = received.filter((m) => m.type === "stream");
    expect(streams.map((m) => [m.content.name, m.signed])).toEqual([
      ["stdout", true],
      ["stderr", true],
      ["stdout", true],
      ["stdout", false],
      ["stdout", false],
    ]);
    expect(
      streams
        .slice(0, 3)
        .map((m) => m.content.text)
        .join(""),
    ).toBe(printed.join(""));
    expect(streams.slice(3).map((m) => m.content.text)).toEqual(["foreign 0\n", "foreign 1\n"]);

    const updates = received
      .filter((m) => m.type === "update_display_data")
      .map((m) => Number(m.content.data?.["text/plain"]?.split(" ")[1]));
    expect(updates.length, "updates waiting behind a refused send are replaced by the newest").toBeLessThan(1000);
    expect(updates.at(-1)).toBe(999);
    expect(updates).toEqual([...updates].sort((a, b) => a - b));
    expect(received.every((m) => m.signed || m.content.text?.startsWith("foreign"))).toBe(true);
    publisher.close();
    subscriber.close();
  });
});
