import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** A new empty temp folder for one test's files. */
export function tempDir(prefix = "dlcourse-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes a file into a folder and returns its path. */
export function writeFile(dir: string, name: string, content: string | Uint8Array): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}
