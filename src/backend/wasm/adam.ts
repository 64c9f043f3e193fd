import * as tf from "@tensorflow/tfjs";
import { heapOffset, CompiledKernel, compiledKernel } from "./modules";
import type { WasmBackend } from "./types";

/** The fields of tfjs-core's AdamOptimizer that a step reads and updates (the same ones its applyGradients uses). */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
  incrementIterations(): void;
}

type VariableGradients = tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[];

let patched = false;

/**
 * Makes Adam on wasm one SIMD pass per variable instead of ~15 tensor ops (each with tfjs's per-op cost):
 * same float32 arithmetic in the same order, so the same weights. Other backends, non-float32 variables and a
 * wasm memory our module cannot use keep tfjs's own step.
 */
export function installFusedAdam(): void {
  if (patched) return;
  patched = true;
  const prototype = tf.AdamOptimizer.prototype as unknown as { applyGradients(g: VariableGradients): void };
  const original = prototype.applyGradients;
  prototype.applyGradients = function fusedApplyGradients(variableGradients: VariableGradients): void {
    const backend = tf.getBackend() === "wasm" ? (tf.backend() as unknown as WasmBackend) : undefined;
    const kernel = backend && compiledKernel(backend, "adam", "adam"); // one SIMD pass per variable (adam.wat)
    if (!backend || !kernel || !fusedAdamStep(this as unknown as AdamState, variableGradients, kernel, backend))
      original.call(this, variableGradients);
  };
}

/**
 * One Adam step over all variables with the fused kernel; false (nothing changed) when a variable or gradient is not
 * float32.
 */
function fusedAdamStep(
  adam: AdamState,
  variableGradients: VariableGradients,
  kernel: CompiledKernel,
  backend: WasmBackend,
): boolean {
  const named = Array.isArray(variableGradients)
    ? variableGradients
    : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
  const values = named.map(({ name }) => tf.engine().registeredVariables[name]);
  if ([...values, ...named.map((g) => g.tensor)].some((t) => t && t.dtype !== "float32")) return false;
  const [c1, c2] = [adam.accBeta1, adam.accBeta2].map((acc) => Math.fround(1 - backend.typedArrayFromHeap(acc)[0]));
  const constants = [adam.beta1, 1 - adam.beta1, adam.beta2, 1 - adam.beta2, c1, c2, adam.epsilon, -adam.learningRate];
  named.forEach(({ name, tensor: gradient }, i) => {
    const value = values[i];
    adam.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: zerosVariable(value) };
    adam.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: zerosVariable(value) };
    if (gradient == null) return;
    const [m, v] = [adam.accumulatedFirstMoment[i].variable, adam.accumulatedSecondMoment[i].variable];
    const targets = [writeTarget(value, backend, false), writeTarget(m, backend, true), writeTarget(v, backend, true)];
    kernel(
      ...[value, gradient, m, v].map((t) => heapOffset(t, backend)),
      ...targets.map((t) => t.offset),
      value.size,
      ...constants,
    );
    targets.forEach((t) => t.commit());
  });
  tf.tidy(() => {
    adam.accBeta1.assign(tf.mul(adam.accBeta1, adam.beta1));
    adam.accBeta2.assign(tf.mul(adam.accBeta2, adam.beta2));
  });
  adam.incrementIterations();
  return true;
}

/** A non-trainable variable of zeros shaped like `like` (a moment accumulator, as tfjs creates it). */
function zerosVariable(like: tf.Tensor): tf.Variable {
  return tf.tidy(() => tf.zerosLike(like).variable(false));
}

/**
 * Where a variable's new values go: a fresh buffer that `commit` assigns to it, so a tensor sharing the old data
 * (a clone, a reshape) keeps the old values. In place only for the moments (`inPlace`) when nothing shares them:
 * never for weights, because wasm caches XNNPACK's packed copy of a matmul/conv weight under its data id.
 */
function writeTarget(
  variable: tf.Variable,
  backend: WasmBackend,
  inPlace: boolean,
): { offset: number; commit: () => void } {
  if (inPlace && backend.dataIdMap.get(variable.dataId)?.refCount === 1)
    return { offset: heapOffset(variable, backend), commit: () => undefined };
  const out = backend.makeOutput(variable.shape, "float32");
  const commit = () => {
    const fresh = tf.engine().makeTensorFromTensorInfo(out);
    variable.assign(fresh);
    fresh.dispose();
  };
  return { offset: heapOffset(out, backend), commit };
}
