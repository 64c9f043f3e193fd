import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { tf } from "../../../src";
import { tempDir } from "../../support/tmp";

describe("file:// model saving without tfjs-node", () => {
  it("saves and loads a model that predicts exactly the same", async () => {
    const dir = path.join(tempDir(), "model");
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [3], units: 4, activation: "relu" }),
        tf.layers.dense({ units: 2, activation: "softmax" }),
      ],
    });
    const result = await model.save(`file://${dir}`);
    expect(fs.readdirSync(dir).sort()).toEqual(["model.json", "weights.bin"]);
    expect(result.modelArtifactsInfo.weightDataBytes).toBe((3 * 4 + 4 + 4 * 2 + 2) * 4);
    const loaded = await tf.loadLayersModel(`file://${dir}/model.json`);
    const X = tf.randomNormal([5, 3]);
    expect(Array.from((loaded.predict(X) as tf.Tensor).dataSync())).toEqual(
      Array.from((model.predict(X) as tf.Tensor).dataSync()),
    );
    const fromFolder = await tf.loadLayersModel(`file://${dir}`);
    expect(fromFolder.layers).toHaveLength(2);
  });

  it("names a missing model file", async () => {
    const dir = tempDir();
    await expect(tf.loadLayersModel(`file://${dir}/none`)).rejects.toThrow(
      `${dir}/none/model.json: expected a saved model (model.json), found no such file`,
    );
  });
});
