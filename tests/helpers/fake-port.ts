import type { RequestPort } from '../../src/shared/request-port';

/**
 * A fake stand-in for one end of a runtime port, named as such: it records what is posted and
 * lets a test deliver messages and the disconnect by hand. `link` joins two of them.
 */
export class FakePort implements RequestPort {
  readonly posted: unknown[] = [];
  private readonly messageListeners: ((message: unknown) => void)[] = [];
  private readonly disconnectListeners: (() => void)[] = [];
  peer: FakePort | null = null;
  closed = false;
  onMessage = { addListener: (listener: (message: unknown) => void) => void this.messageListeners.push(listener) };
  onDisconnect = { addListener: (listener: () => void) => void this.disconnectListeners.push(listener) };

  postMessage(message: unknown): void {
    if (this.closed) throw new Error('Attempting to use a disconnected port object');
    this.posted.push(message);
    if (this.peer) queueMicrotask(() => this.peer?.deliver(structuredClone(message)));
  }

  deliver(message: unknown): void {
    for (const listener of this.messageListeners) listener(message);
  }

  /** The other end went away (a worker stopped, a document closed). */
  disconnectFromOtherEnd(): void {
    this.closed = true;
    for (const listener of this.disconnectListeners) listener();
  }

  static link(): [FakePort, FakePort] {
    const a = new FakePort();
    const b = new FakePort();
    a.peer = b;
    b.peer = a;
    return [a, b];
  }
}
