import { createHmac, randomUUID } from "node:crypto";

/** The Jupyter protocol version this kernel speaks. */
export const PROTOCOL_VERSION = "5.3";

/** A message header (Jupyter messaging spec, "General message format"). */
export interface Header {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

/** One Jupyter message, as the kernel reads and writes it. */
export interface Message {
  /** zeromq routing identities (ROUTER sockets) or the IOPub topic. */
  identities: Buffer[];
  header: Header;
  parent_header: Partial<Header>;
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
  buffers: Buffer[];
}

const DELIMITER = "<IDS|MSG>";

/** HMAC-SHA256 of the four JSON parts, hex; "" when the connection has no key. */
export function sign(key: string, parts: string[]): string {
  if (!key) return "";
  const hmac = createHmac("sha256", key);
  for (const part of parts) hmac.update(part);
  return hmac.digest("hex");
}

/** Parses the frames of a message; throws when the signature does not match the key. */
export function decode(frames: Buffer[], key: string): Message {
  const at = frames.findIndex((f) => f.toString() === DELIMITER);
  if (at < 0 || frames.length < at + 6) throw new Error(`malformed message: ${frames.length} frames, no delimiter`);
  const [signature, ...parts] = frames.slice(at + 1, at + 6).map((f) => f.toString());
  if (signature !== sign(key, parts)) throw new Error("message with an invalid signature ignored");
  const [header, parent_header, metadata, content] = parts.map((p) => JSON.parse(p));
  return { identities: frames.slice(0, at), header, parent_header, metadata, content, buffers: frames.slice(at + 6) };
}

/** The frames of a message, signed with `key`. */
export function encode(message: Message, key: string): Buffer[] {
  const { header, parent_header, metadata, content } = message;
  const parts = [header, parent_header, metadata, content].map((p) => JSON.stringify(p));
  return [
    ...message.identities,
    Buffer.from(DELIMITER),
    Buffer.from(sign(key, parts)),
    ...parts.map((p) => Buffer.from(p)),
    ...message.buffers,
  ];
}

/** A new message of `msgType` answering (or caused by) `parent`. */
export function reply(parent: Message | undefined, msgType: string, content: Record<string, unknown>): Message {
  const header: Header = {
    msg_id: randomUUID(),
    session: parent?.header.session ?? SESSION,
    username: parent?.header.username ?? "kernel",
    date: new Date().toISOString(),
    msg_type: msgType,
    version: PROTOCOL_VERSION,
  };
  return {
    identities: parent?.identities ?? [],
    header,
    parent_header: parent?.header ?? {},
    metadata: {},
    content,
    buffers: [],
  };
}

/** This kernel's session id (for messages no request caused). */
const SESSION = randomUUID();
