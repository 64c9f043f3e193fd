/** Models: the course's reusable model, predicting classes, sampling, looking inside trained models, freeing them. */
export { disposeAll } from "./dispose";
export type { Disposable } from "./dispose";
export { describeLayers, featureMaps, filterImages } from "./inspect";
export type { LayerInfo } from "./inspect";
export { mnistMlp } from "./mnist-mlp";
export { predictClasses } from "./predict";
export { lossPerChar, sampleWords } from "./language";
export type { SampleWordsOptions } from "./language";
export { sampleWithTemperature, softmaxWithTemperature } from "./sample";
