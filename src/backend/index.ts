/** The single TensorFlow.js instance every notebook and helper uses. */
import * as tf from "@tensorflow/tfjs";
export { tf };
export { BACKENDS, backendReport, parseChoice, setupBackend } from "./select";
export type { BackendChoice, BackendOptions, BackendReport } from "./select";
export { formatBackendReport } from "./format";
