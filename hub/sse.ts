/**
 * Server-Sent Events to teachers: one bus per hub, streams grouped by class. Events are small
 * notifications (see ClassEvent); a dashboard re-reads the views, where k-anonymity applies.
 */
import type { ServerResponse } from 'node:http';
import type { ClassEvent } from './contract';

export interface SseOptions {
  /** Comment lines keep proxies and idle timers from closing a quiet stream. */
  heartbeatMs?: number;
  maxStreamsPerClass?: number;
}

export class ClassEventBus {
  private readonly streams = new Map<string, Set<ServerResponse>>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly maxStreamsPerClass: number;
  private nextId = 1;

  constructor(options: SseOptions = {}) {
    this.maxStreamsPerClass = options.maxStreamsPerClass ?? 20;
    this.heartbeat = setInterval(() => this.writeToAll(': heartbeat\n\n'), options.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
  }

  hasRoomFor(classId: string): boolean {
    return (this.streams.get(classId)?.size ?? 0) < this.maxStreamsPerClass;
  }

  /** Takes over `response` (headers already written) until the client leaves or the class goes. */
  subscribe(classId: string, response: ServerResponse, first: ClassEvent): void {
    let streams = this.streams.get(classId);
    if (!streams) {
      streams = new Set();
      this.streams.set(classId, streams);
    }
    streams.add(response);
    response.on('close', () => this.unsubscribe(classId, response));
    // Tells EventSource how long to wait before reconnecting.
    response.write('retry: 3000\n\n');
    this.send(response, first);
  }

  publish(classId: string, event: ClassEvent): void {
    for (const response of this.streams.get(classId) ?? []) this.send(response, event);
  }

  /** Ends the class's streams (after a 'deleted' event, say). */
  endClass(classId: string): void {
    for (const response of this.streams.get(classId) ?? []) response.end();
    this.streams.delete(classId);
  }

  /** Ends every stream so that the server can close. */
  close(): void {
    clearInterval(this.heartbeat);
    for (const classId of [...this.streams.keys()]) this.endClass(classId);
  }

  private unsubscribe(classId: string, response: ServerResponse): void {
    const streams = this.streams.get(classId);
    streams?.delete(response);
    if (streams?.size === 0) this.streams.delete(classId);
  }

  private send(response: ServerResponse, event: ClassEvent): void {
    response.write(`id: ${this.nextId++}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  }

  private writeToAll(text: string): void {
    for (const streams of this.streams.values()) for (const response of streams) response.write(text);
  }
}
