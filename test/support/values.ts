import { allOutputs, Notebook, VALUES_MIME } from "./notebook";

/** All values a notebook recorded with `showValues`, merged (a later record of a name wins). */
export function notebookValues(notebook: Notebook): Record<string, unknown> {
  const records = allOutputs(notebook)
    .map((o) => o.data?.[VALUES_MIME])
    .filter((v): v is Record<string, unknown> => typeof v === "object" && v !== null);
  return Object.assign({}, ...records);
}

/** One recorded number, with an error naming the notebook's missing or non-numeric value. */
export function numberValue(values: Record<string, unknown>, name: string): number {
  const value = values[name];
  if (typeof value !== "number")
    throw new Error(`notebook value '${name}': expected a number, found ${JSON.stringify(value)}`);
  return value;
}
