/**
 * Request and answer over a long-lived runtime port. runtime.sendMessage opens a channel per
 * message and reaches every extension context that listens; a port is opened once and reaches
 * only the context at its other end (see the note on ports in ./messages.ts).
 */
import { isPortReply, isPortRequest, type PortReply, type PortRequest } from './messages';
import type { Guard } from './validate';

/** The part of runtime.Port used here: webextension-polyfill's and chrome's ports both fit. */
export interface RequestPort {
  postMessage(message: unknown): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

export class PortClosedError extends Error {
  constructor() {
    super('the port closed before the answer came');
  }
}

/** The asking end of one port: answers are matched to requests by id, in any order. */
export class PortRequester<Request> {
  private nextId = 0;
  private open = true;
  private readonly pending = new Map<number, { resolve(reply: unknown): void; reject(error: Error): void }>();

  constructor(private readonly port: RequestPort) {
    port.onMessage.addListener((message) => {
      if (!isPortReply(message)) return;
      this.pending.get(message.id)?.resolve(message.reply);
      this.pending.delete(message.id);
    });
    port.onDisconnect.addListener(() => this.close());
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** Resolves to the other end's answer (its channel says which type); rejects if the port closes first. */
  request(request: Request): Promise<unknown> {
    if (!this.open) return Promise.reject(new PortClosedError());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        this.port.postMessage({ id, request } satisfies PortRequest<Request>);
      } catch {
        this.close(); // the other end is gone, its disconnect not yet delivered
      }
    });
  }

  private close(): void {
    if (!this.open) return;
    this.open = false;
    for (const { reject } of this.pending.values()) reject(new PortClosedError());
    this.pending.clear();
  }
}

/** A requester on a port opened on first use, and opened anew once it closed (a restarted worker, say). */
export function reopeningRequester<Request>(connect: () => RequestPort): () => PortRequester<Request> {
  let current: PortRequester<Request> | null = null;
  return () => {
    if (!current?.isOpen) current = new PortRequester<Request>(connect());
    return current;
  };
}

/**
 * The answering end: every request is checked with `isRequest` and answered on the same port.
 * A malformed one is counted by `drop`; if it carries an id it is answered with undefined, so the
 * asker never waits for an answer that will not come.
 */
export function answerRequests<Request>(
  port: RequestPort,
  isRequest: Guard<Request>,
  answer: (request: Request) => Promise<unknown>,
  drop: () => void,
): void {
  port.onMessage.addListener((message) => {
    if (!isPortRequest(message)) return drop();
    const reply = (value: unknown) => {
      try {
        port.postMessage({ id: message.id, reply: value } satisfies PortReply);
      } catch {
        // The asker went away meanwhile (its tab closed, say): nobody is left to answer.
      }
    };
    if (!isRequest(message.request)) {
      drop();
      return reply(undefined);
    }
    answer(message.request).then(reply, () => reply(undefined));
  });
}

/** A worker being restarted refuses the first attempt; one more after a short pause gets through. */
export async function retryOnce<T>(attempt: () => Promise<T>, pauseMs: number): Promise<T> {
  try {
    return await attempt();
  } catch {
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    return attempt();
  }
}
