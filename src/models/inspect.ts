import { tf } from "../backend";

/** One row of a model's layer list: what the layer is, what it outputs (batch axis dropped) and its weights. */
export interface LayerInfo {
  name: string;
  type: string;
  outputShape: number[];
  params: number;
}

/** The layers of a sequential-style model with their output shapes (without the batch axis) and parameter counts. */
export function describeLayers(model: tf.LayersModel): LayerInfo[] {
  return model.layers.map((layer) => {
    const shape = layer.outputShape;
    if (Array.isArray(shape[0]))
      throw new Error(`describeLayers: layer '${layer.name}' has several outputs; expected one`);
    return {
      name: layer.name,
      type: layer.getClassName(),
      outputShape: (shape as (number | null)[]).slice(1) as number[],
      params: layer.countParams(),
    };
  });
}

/** A conv layer's filters as images [filters, h, w, 1] for one input channel (default 0). */
export function filterImages(layer: tf.layers.Layer, channel = 0): tf.Tensor4D {
  const [kernel] = layer.getWeights();
  if (!kernel || kernel.rank !== 4) {
    throw new Error(
      `filterImages: layer '${layer.name}' (${layer.getClassName()}) has no 4-D conv kernel; ` +
        `its first weight has shape [${kernel?.shape.join(", ") ?? ""}]`,
    );
  }
  if (channel < 0 || channel >= kernel.shape[2]!)
    throw new Error(
      `filterImages: channel ${channel} out of range, layer '${layer.name}' has ${kernel.shape[2]} input channels`,
    );
  return tf.tidy(
    () => tf.transpose(tf.slice(kernel, [0, 0, channel, 0], [-1, -1, 1, -1]), [3, 0, 1, 2]) as tf.Tensor4D,
  );
}

/** What layer `layerName` outputs for ONE input image, as images [channels, h, w, 1] (one per feature map). */
export function featureMaps(model: tf.LayersModel, layerName: string, image: tf.Tensor): tf.Tensor4D {
  const expected = (model.inputs[0].shape as (number | null)[]).slice(1) as number[];
  const given = image.shape.length === expected.length + 1 && image.shape[0] === 1 ? image.shape.slice(1) : image.shape;
  if (given.join() !== expected.join())
    throw new Error(
      `featureMaps: expected one image of shape [${expected.join(", ")}], found [${image.shape.join(", ")}]`,
    );
  const output = model.getLayer(layerName).output as tf.SymbolicTensor;
  if (output.shape.length !== 4)
    throw new Error(
      `featureMaps: layer '${layerName}' outputs shape ${JSON.stringify(output.shape)}; ` +
        "expected [batch, h, w, channels]",
    );
  const probe = tf.model({ inputs: model.inputs, outputs: output });
  return tf.tidy(() => tf.transpose(probe.predict(tf.reshape(image, [1, ...expected])) as tf.Tensor4D, [3, 1, 2, 0]));
}
