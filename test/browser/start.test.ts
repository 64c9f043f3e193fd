import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RunningServer, startServer } from "../support/server";

describe("npm start", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(18_890);
  }, 90_000);
  afterAll(async () => server?.stop());

  it("binds to 127.0.0.1 and prints a URL with a token", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/(tree|lab)\?token=[0-9a-f]{48}$/);
  });

  it("keeps token auth on", async () => {
    expect((await fetch(`${server.base}/api/kernelspecs`)).status).toBe(403);
  });

  it("offers our TypeScript kernel", async () => {
    const specs = await (await fetch(`${server.base}/api/kernelspecs?token=${server.token}`)).json();
    expect(specs.kernelspecs.tslab.spec.display_name).toBe("TypeScript (tslab, dlcourse)");
  });

  it("serves plotly.js for offline plots", async () => {
    const res = await fetch(`${server.base}/nbextensions/dlcourse/plotly.min.js?token=${server.token}`);
    expect(res.status).toBe(200);
    expect((await res.text()).length).toBeGreaterThan(1_000_000);
  });
});
