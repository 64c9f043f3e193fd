import * as fs from "node:fs";
import * as path from "node:path";
import { tf } from "../backend";

const SCHEME = "file://";

/**
 * The folder a `file://` URL names (relative paths resolve against the working directory, i.e. the notebook's folder).
 */
function folderOf(url: string): string {
  return path.resolve(url.slice(SCHEME.length));
}

/** Weight data as one ArrayBuffer (tfjs may hand over several). */
function oneBuffer(data: tf.io.WeightData): ArrayBuffer {
  return Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data;
}

/**
 * Saves model.json + weights.bin into a folder, like tfjs-node's `file://` handler (written to temp files, then
 * renamed).
 */
export function fileSaveHandler(url: string): tf.io.IOHandler {
  const dir = folderOf(url);
  return {
    save: async (artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> => {
      if (!artifacts.weightData || !artifacts.weightSpecs)
        throw new Error(`${url}: expected a model with weights, found none`);
      fs.mkdirSync(dir, { recursive: true });
      const json = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        trainingConfig: artifacts.trainingConfig,
        weightsManifest: [{ paths: ["./weights.bin"], weights: artifacts.weightSpecs }],
      };
      const weights = Buffer.from(oneBuffer(artifacts.weightData));
      for (const [name, content] of [
        ["weights.bin", weights],
        ["model.json", JSON.stringify(json)],
      ] as const) {
        fs.writeFileSync(path.join(dir, `${name}.tmp`), content);
        fs.renameSync(path.join(dir, `${name}.tmp`), path.join(dir, name));
      }
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}

/** Loads a model saved by `fileSaveHandler` (or tfjs-node) from `file://folder` or `file://folder/model.json`. */
export function fileLoadHandler(url: string): tf.io.IOHandler {
  const target = folderOf(url);
  const jsonPath = target.endsWith(".json") ? target : path.join(target, "model.json");
  return {
    load: async (): Promise<tf.io.ModelArtifacts> => {
      if (!fs.existsSync(jsonPath))
        throw new Error(`${jsonPath}: expected a saved model (model.json), found no such file`);
      const json = JSON.parse(fs.readFileSync(jsonPath, "utf8")) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        const buffers = manifest.flatMap((group) =>
          group.paths.map((p) => fs.readFileSync(path.join(path.dirname(jsonPath), p))),
        );
        return [
          specs,
          tf.io.concatenateArrayBuffers(buffers.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength))),
        ];
      });
    },
  };
}

let registered = false;

/**
 * Makes `model.save("file://dir")` and `tf.loadLayersModel("file://dir")` work without tfjs-node (which brings its
 * own).
 */
export function registerFileRouter(): void {
  if (registered) return;
  registered = true;
  const route = (make: (url: string) => tf.io.IOHandler) => (url: string | string[]) =>
    typeof url === "string" && url.startsWith(SCHEME) && !tf.findBackend("tensorflow")
      ? make(url)
      : (null as unknown as tf.io.IOHandler); // tfjs routers return null for "not mine"
  tf.io.registerSaveRouter(route(fileSaveHandler));
  tf.io.registerLoadRouter(route(fileLoadHandler));
}
