/** Looking inside trained models: layer shapes, conv filters, feature maps. */
export { describeLayers, featureMaps, filterImages } from "./inspect";
export type { LayerInfo } from "./inspect";
