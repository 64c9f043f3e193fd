/**
 * dlcourse: the helper library of the TypeScript deep-learning course. Import it as `import { ... } from "dlcourse"`.
 */
export * from "./backend";
export * from "./data";
export * from "./display";
export * from "./metrics";
export * from "./models";
export * from "./plot";
export * from "./train";
export { setup } from "./setup";
