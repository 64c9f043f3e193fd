import type * as tf from "@tensorflow/tfjs";

/** The parts of the wasm backend our kernels use. */
export interface WasmBackend {
  typedArrayFromHeap(t: tf.TensorInfo): tf.TypedArray;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  disposeData(dataId: tf.DataId): boolean;
  /** One more owner of `dataId`'s memory (freed when the last owner disposes it). */
  incRef(dataId: tf.DataId): void;
  readSync(dataId: tf.DataId): tf.BackendValues;
}
