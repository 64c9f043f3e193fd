import * as fs from "node:fs";
import * as dfd from "danfojs-node";
import { fail } from "./errors";
import { irisRecords } from "./iris";

/** Reads a CSV file into a danfo DataFrame (for exploration: head, describe, valueCounts). */
export async function readCsvFrame(file: string): Promise<dfd.DataFrame> {
  if (!fs.existsSync(file)) fail(file, "a CSV file", "no such file");
  return (await dfd.readCSV(file)) as dfd.DataFrame;
}

/** The iris data as a danfo DataFrame with a `species` column. */
export function irisFrame(): dfd.DataFrame {
  return new dfd.DataFrame(irisRecords());
}
