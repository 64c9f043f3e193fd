/** Throws an Error whose message names the subject (file or argument) and says what was expected and found. */
export function fail(subject: string, expected: string, found: string): never {
  throw new Error(`${subject}: expected ${expected}, found ${found}`);
}
