import { describe, expect, it } from "vitest";
import { describeLayers, featureMaps, filterImages, tf } from "../../../src";

/** A small conv net: conv 4 filters 3×3 on 8×8×2 → pool → flatten → dense 3. */
function smallConvNet(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 2], filters: 4, kernelSize: 3, name: "conv" }),
      tf.layers.maxPooling2d({ poolSize: 2, name: "pool" }),
      tf.layers.flatten({ name: "flat" }),
      tf.layers.dense({ units: 3, name: "out" }),
    ],
  });
}

describe("describeLayers", () => {
  it("lists each layer's type, output shape without the batch axis and parameter count", () => {
    const model = smallConvNet();
    expect(describeLayers(model)).toEqual([
      { name: "conv", type: "Conv2D", outputShape: [6, 6, 4], params: 3 * 3 * 2 * 4 + 4 },
      { name: "pool", type: "MaxPooling2D", outputShape: [3, 3, 4], params: 0 },
      { name: "flat", type: "Flatten", outputShape: [36], params: 0 },
      { name: "out", type: "Dense", outputShape: [3], params: 36 * 3 + 3 },
    ]);
    model.dispose();
  });
});

describe("filterImages", () => {
  it("returns one image per filter holding that filter's weights for the chosen input channel", () => {
    const model = smallConvNet();
    const kernel = model.getLayer("conv").getWeights()[0].arraySync() as number[][][][];
    const images = filterImages(model.getLayer("conv"), 1);
    expect(images.shape).toEqual([4, 3, 3, 1]);
    const values = images.arraySync() as number[][][][];
    expect(values[2][1][0][0]).toBeCloseTo(kernel[1][0][1][2], 6);
    images.dispose();
    model.dispose();
  });

  it("names the layer when it has no conv kernel, or the channel is out of range", () => {
    const model = smallConvNet();
    expect(() => filterImages(model.getLayer("out"))).toThrow(
      /layer 'out' \(Dense\) has no 4-D conv kernel; its first weight has shape \[36, 3\]/,
    );
    expect(() => filterImages(model.getLayer("conv"), 2)).toThrow(
      /channel 2 out of range, layer 'conv' has 2 input channels/,
    );
    model.dispose();
  });
});

describe("featureMaps", () => {
  it("returns the layer's activations for one image, one image per channel, and leaks nothing", () => {
    const model = smallConvNet();
    const image = tf.randomUniform([8, 8, 2], 0, 1, "float32", 3);
    const before = tf.memory().numTensors;
    const maps = featureMaps(model, "pool", image);
    const direct = tf.tidy(() =>
      tf.maxPool(
        tf.add(
          tf.conv2d(
            image.expandDims(0) as tf.Tensor4D,
            model.getLayer("conv").getWeights()[0] as tf.Tensor4D,
            1,
            "valid",
          ),
          model.getLayer("conv").getWeights()[1],
        ) as tf.Tensor4D,
        2,
        2,
        "valid",
      ),
    );
    expect(maps.shape).toEqual([4, 3, 3, 1]);
    const [m, d] = [maps.arraySync() as number[][][][], direct.arraySync() as number[][][][]];
    expect(m[3][2][1][0]).toBeCloseTo(d[0][2][1][3], 5);
    tf.dispose([maps, direct]);
    expect(tf.memory().numTensors).toBe(before);
    image.dispose();
    model.dispose();
  });

  it("says which image shape it expected", () => {
    const model = smallConvNet();
    const wrong = tf.zeros([28, 28, 1]);
    expect(() => featureMaps(model, "conv", wrong)).toThrow(
      "featureMaps: expected one image of shape [8, 8, 2], found [28, 28, 1]",
    );
    expect(() => featureMaps(model, "flat", tf.zeros([1, 8, 8, 2]))).toThrow(/layer 'flat' outputs shape \[null,36\]/);
    wrong.dispose();
    model.dispose();
  });
});
