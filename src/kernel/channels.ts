import * as fs from "node:fs";
import * as zmq from "zeromq";
import { kernelLog } from "./output";
import { decode, encode, Message } from "./wire";

/** The connection file Jupyter writes for a kernel (its ports and signing key). */
export interface ConnectionInfo {
  transport: string;
  ip: string;
  shell_port: number;
  control_port: number;
  stdin_port: number;
  iopub_port: number;
  hb_port: number;
  key: string;
  signature_scheme: string;
}

/** Reads and checks a connection file. */
export function readConnectionFile(file: string): ConnectionInfo {
  const info = JSON.parse(fs.readFileSync(file, "utf8")) as ConnectionInfo;
  if (info.key && info.signature_scheme !== "hmac-sha256")
    throw new Error(`${file}: signature_scheme '${info.signature_scheme}' unsupported; expected hmac-sha256`);
  return info;
}

/**
 * The kernel's five zeromq sockets. Sends on each socket go out one after another (zeromq refuses a send while the
 * previous one is pending); IOPub never drops messages (high-water mark 0: unlimited).
 */
export class Channels {
  readonly shell = new zmq.Router();
  readonly control = new zmq.Router();
  readonly stdin = new zmq.Router();
  readonly iopub = new zmq.Publisher({ sendHighWaterMark: 0 });
  readonly heartbeat = new zmq.Reply();
  private readonly pending = new Map<zmq.Socket, Promise<void>>();

  constructor(private readonly info: ConnectionInfo) {}

  /** Binds every socket to its port and starts answering heartbeats. */
  async bind(): Promise<void> {
    const address = (port: number) => `${this.info.transport}://${this.info.ip}:${port}`;
    const { shell_port, control_port, stdin_port, iopub_port, hb_port } = this.info;
    await this.shell.bind(address(shell_port));
    await this.control.bind(address(control_port));
    await this.stdin.bind(address(stdin_port));
    await this.iopub.bind(address(iopub_port));
    await this.heartbeat.bind(address(hb_port));
    void this.echoHeartbeats();
  }

  /** Sends a message on `socket`, after every message sent on it before. */
  send(socket: zmq.Router | zmq.Publisher, message: Message): Promise<void> {
    const frames = encode(message, this.info.key);
    const previous = this.pending.get(socket) ?? Promise.resolve();
    const next = previous.then(() => socket.send(frames)).catch((e) => kernelLog("send failed", e));
    this.pending.set(socket, next);
    return next;
  }

  /** Every valid message arriving on `socket` (badly signed ones are logged and skipped). */
  async *receive(socket: zmq.Router): AsyncGenerator<Message> {
    for await (const frames of socket) {
      try {
        yield decode(frames, this.info.key);
      } catch (e) {
        kernelLog("ignored a message", e);
      }
    }
  }

  /** Closes every socket. */
  close(): void {
    for (const socket of [this.shell, this.control, this.stdin, this.iopub, this.heartbeat]) socket.close();
  }

  /** Answers each heartbeat with the same bytes, until the socket closes. */
  private async echoHeartbeats(): Promise<void> {
    try {
      for await (const frames of this.heartbeat) await this.heartbeat.send(frames);
    } catch {
      // closed
    }
  }
}
