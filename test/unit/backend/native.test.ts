import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadNative, restoreRemovedUtilChecks } from "../../../src/backend/native";
import { tf } from "../../../src";
import { tempDir } from "../../support/tmp";

/** Node's util module itself (what tfjs-node's `require("util")` gets), not an ES import's namespace. */
const utilRecord = createRequire(__filename)("node:util") as Record<string, unknown>;
const original = utilRecord.isNullOrUndefined;

/** This process as Node 23+ has it: util.isNullOrUndefined gone. */
function removeLikeNode23(): void {
  delete utilRecord.isNullOrUndefined;
}

/**
 * A stand-in for @tensorflow/tfjs-node 4.22 (which cannot install here): at load it calls util.isNullOrUndefined as
 * the real one does in its kernels; a `require` that resolves from its folder.
 */
function fakeTfjsNode(): (id: string) => unknown {
  const dir = tempDir("dlcourse-fake-tfjs-node-");
  const pkg = path.join(dir, "node_modules", "@tensorflow", "tfjs-node");
  fs.mkdirSync(pkg, { recursive: true });
  const meta = { name: "@tensorflow/tfjs-node", version: tf.version_core, main: "index.js" };
  fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify(meta));
  fs.writeFileSync(path.join(pkg, "index.js"), 'require("util").isNullOrUndefined(null);\n');
  return createRequire(path.join(dir, "index.js"));
}

afterEach(() => {
  utilRecord.isNullOrUndefined = original;
});

describe("tfjs-node 4.22 on Node >= 23 (tensorflow/tfjs#8609), without the real package", () => {
  it("puts back the util.is* checks Node 23 removed, with their documented meaning, and only those missing", () => {
    removeLikeNode23();
    expect(restoreRemovedUtilChecks()).toEqual(["isNullOrUndefined"]);
    const isNullOrUndefined = utilRecord.isNullOrUndefined as (v: unknown) => boolean;
    expect([null, undefined, 0, "", false].map(isNullOrUndefined)).toEqual([true, true, false, false, false]);
    expect(restoreRemovedUtilChecks()).toEqual([]);
  });

  it("loads a tfjs-node that calls util.isNullOrUndefined, and says the shim was applied", () => {
    removeLikeNode23();
    const attempt = loadNative("@tensorflow/tfjs-node", fakeTfjsNode());
    expect(attempt.reason).toContain(
      "loaded, with the util.is* checks Node 23 removed put back (tensorflow/tfjs#8609)",
    );
    expect(attempt.reason).not.toContain("failed to load");
  });

  it("without the shim the same package fails to load (what learners on Node 24 meet today)", () => {
    removeLikeNode23();
    const load = fakeTfjsNode();
    expect(() => load("@tensorflow/tfjs-node")).toThrow(/isNullOrUndefined is not a function/);
  });

  it("refuses a tfjs-node whose version does not match our tfjs, saying which to install", () => {
    const load = (id: string) =>
      id.endsWith("package.json") ? { name: "@tensorflow/tfjs-node", version: "4.0.0" } : undefined;
    const attempt = loadNative("@tensorflow/tfjs-node", load);
    expect(attempt).toMatchObject({ ok: false });
    expect(attempt.reason).toContain(`install @tensorflow/tfjs-node@${tf.version_core}`);
  });
});
