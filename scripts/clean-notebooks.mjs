#!/usr/bin/env node
// `npm run clean-notebooks [files...]`: strips outputs and execution counts so notebooks are committed clean.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const dir = join(dirname(fileURLToPath(import.meta.url)), "..", "notebooks");
const all = () =>
  readdirSync(dir, { recursive: true, encoding: "utf8" }).filter(
    (f) => f.endsWith(".ipynb") && !f.includes(".ipynb_checkpoints"),
  );
const files = process.argv.length > 2 ? process.argv.slice(2) : all().map((f) => join(dir, f));

for (const file of files) {
  const nb = JSON.parse(readFileSync(file, "utf8"));
  for (const cell of nb.cells) {
    if (cell.cell_type === "code") Object.assign(cell, { outputs: [], execution_count: null });
    delete cell.metadata.execution;
    delete cell.metadata.collapsed;
    delete cell.metadata.scrolled;
  }
  nb.metadata.kernelspec = { display_name: "TypeScript (tslab, dlcourse)", language: "typescript", name: "tslab" };
  writeFileSync(file, JSON.stringify(nb, null, 1) + "\n");
  console.log(`cleaned ${file}`);
}
