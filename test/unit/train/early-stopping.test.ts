import { describe, expect, it } from "vitest";
import { earlyStopping, tf } from "../../../src";

describe("earlyStopping with restored weights", () => {
  it("stops after `patience` epochs without improvement and restores the best epoch's weights", async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [1], units: 1, useBias: false })] });
    model.compile({ optimizer: "sgd", loss: "meanSquaredError" });
    const weightsSeen: number[] = [];
    const record = new tf.CustomCallback({
      onEpochEnd: async () => void weightsSeen.push(model.getWeights()[0].dataSync()[0]),
    });
    const losses = [5, 3, 2, 2.5, 2.2, 2.1, 4, 1];
    const fake = new tf.CustomCallback({ onEpochEnd: async (epoch, logs) => void (logs!.val_loss = losses[epoch]) });
    const stopper = earlyStopping({ patience: 3 });
    const X = tf.tensor2d([[1], [2]]);
    const y = tf.tensor2d([[2], [4]]);
    await model.fit(X, y, { epochs: 8, callbacks: [record, fake, stopper], verbose: 0 });
    expect(stopper.bestEpoch).toBe(3);
    expect(stopper.stoppedEpoch).toBe(6);
    expect(model.getWeights()[0].dataSync()[0]).toBe(weightsSeen[2]);
    tf.dispose([X, y]);
    model.dispose();
  });

  it("names a metric the logs do not have", async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [1], units: 1 })] });
    model.compile({ optimizer: "sgd", loss: "meanSquaredError" });
    const fit = model.fit(tf.ones([2, 1]), tf.ones([2, 1]), { epochs: 1, callbacks: [earlyStopping()], verbose: 0 });
    await expect(fit).rejects.toThrow("earlyStopping: expected metric 'val_loss' in the epoch logs, found [loss]");
  });
});
