import { tf } from "../backend";

/**
 * Disposes an optimizer and all its state. Works around tfjs 4.22's MomentumOptimizer.dispose(),
 * which forgets the learning-rate scalar it inherits from SGD (one leaked tensor per optimizer).
 */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  const learningRate = (optimizer as unknown as { c?: tf.Tensor }).c;
  if (optimizer instanceof tf.MomentumOptimizer && learningRate && !learningRate.isDisposed) learningRate.dispose();
}
