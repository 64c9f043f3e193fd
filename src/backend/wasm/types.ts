import type * as tf from "@tensorflow/tfjs";

/** The parts of the wasm backend our kernels use. */
export interface WasmBackend {
  typedArrayFromHeap(t: tf.TensorInfo): tf.TypedArray;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  disposeData(dataId: tf.DataId): boolean;
  /** One more owner of `dataId`'s memory (freed when the last owner disposes it). */
  incRef(dataId: tf.DataId): void;
  readSync(dataId: tf.DataId): tf.BackendValues;
  /** Where each tensor's data lives in wasm memory (byte offset) and how many tensors share it. */
  dataIdMap: { get(dataId: tf.DataId): { memoryOffset: number; refCount: number } | undefined };
  /** The Emscripten module: the memory all tensors live in (not exported by the threaded build), its allocator. */
  wasm: { asm?: { memory?: WebAssembly.Memory }; _malloc(bytes: number): number; _free(offset: number): void };
}
