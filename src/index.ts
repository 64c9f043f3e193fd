/**
 * dlcourse: the helper library of the TypeScript deep-learning course. Import it as `import { ... } from "dlcourse"`.
 */
import { installOnImport } from "./install";
export * from "./backend";
export * from "./data";
export * from "./display";
export * from "./exercises";
export * from "./metrics";
export * from "./models";
export * from "./plot";
export * from "./train";
export { setup } from "./setup";
export { LiveProgress, LiveTraining, liveTraining } from "./live";
export { GLOBAL_PATCHES, PRIVATE_INTERNALS } from "./install";
export type { GlobalPatch } from "./install";

// Every global change the library makes is listed, with its reason, in install.ts; the "import" ones apply here.
installOnImport();
