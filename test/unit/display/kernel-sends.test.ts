import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { queueKernelSends } from "../../../src/display/kernel-sends";

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
    expect(refusedBefore, "zeromq no longer refuses sends in a burst: the workaround may be unnecessary").toBeGreaterThan(0);
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
