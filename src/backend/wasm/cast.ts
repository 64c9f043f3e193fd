import * as tf from "@tensorflow/tfjs";
import { heapOffset, compiledKernel } from "./modules";
import type { WasmBackend } from "./types";

/** What Cast receives. */
interface CastArgs {
  inputs: { x: tf.TensorInfo };
  attrs: { dtype: tf.DataType };
  backend: WasmBackend;
}

/**
 * Cast to bool as tfjs defines it (x ≠ 0: 1 for 3, −1, 0.5 and NaN; 0 for 0 and −0), from int32 and float32
 * (cast.wat, 16 values per step); other casts stay stock. The stock kernel copies the values with a typed-array `set`,
 * which keeps 3 as 3, wraps 256 to 0 and −1 to 255, and truncates 0.5 to 0.
 */
export function castToBoolAsNonZero(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const {
      inputs: { x },
      attrs: { dtype },
      backend,
    } = args as unknown as CastArgs;
    if (dtype !== "bool" || (x.dtype !== "int32" && x.dtype !== "float32")) return original(args);
    const out = backend.makeOutput(x.shape, "bool");
    const kernel = compiledKernel(backend, "cast", x.dtype === "float32" ? "float32ToBool" : "int32ToBool");
    const count = tf.util.sizeFromShape(x.shape);
    if (kernel) kernel(heapOffset(x, backend), heapOffset(out, backend), count);
    else {
      const [from, to] = [backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(out)];
      for (let i = 0; i < count; i++) to[i] = from[i] !== 0 ? 1 : 0;
    }
    return out;
  };
}
