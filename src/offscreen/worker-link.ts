/**
 * The engine document's questions to the service worker, per frame (EngineToBackground). The first
 * goes by runtime message, which wakes a stopped worker; answering it, the worker opens a port to
 * this document (WORKER_PORT), and the next questions go on that port until it closes (the worker
 * stopped). A runtime message opens a channel each time; a port message is far cheaper.
 */
import type { EngineToBackground } from '../shared/messages';
import { PortRequester, type RequestPort } from '../shared/request-port';

export class WorkerLink {
  private port: PortRequester<EngineToBackground> | null = null;

  constructor(private readonly sendMessage: (message: EngineToBackground) => Promise<unknown>) {}

  /** The worker's port to this document: from now on the questions go on it. */
  accept(port: RequestPort): void {
    this.port = new PortRequester<EngineToBackground>(port);
  }

  /**
   * The worker's answer. A port that closes while a question is on it rejects that question (the
   * frame is reported as failed, not stored twice); the next one goes by message again.
   */
  ask(message: EngineToBackground): Promise<unknown> {
    return this.port?.isOpen ? this.port.request(message) : this.sendMessage(message);
  }
}
