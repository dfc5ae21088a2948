/** Reads Server-Sent Events from a fetch response body until a wanted event or a timeout. */
export interface SseEvent {
  event: string;
  data: unknown;
}

export class SseReader {
  private buffer = '';
  private readonly decoder = new TextDecoder();
  readonly events: SseEvent[] = [];

  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  static async open(url: string, headers: Record<string, string> = {}): Promise<{ reader: SseReader; response: Response; abort: () => void }> {
    const controller = new AbortController();
    const response = await fetch(url, { headers, signal: controller.signal });
    if (!response.body) throw new Error('event stream without a body');
    return { reader: new SseReader(response.body.getReader()), response, abort: () => controller.abort() };
  }

  async waitFor(type: string, timeoutMs = 5000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find((event) => event.event === type);
      if (found) {
        this.events.splice(this.events.indexOf(found), 1);
        return found;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no "${type}" event within ${timeoutMs} ms (got ${this.events.map((e) => e.event).join(', ') || 'none'})`);
      let timer: NodeJS.Timeout | undefined;
      const chunk = await Promise.race([
        this.reader.read(),
        new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), left))),
      ]);
      clearTimeout(timer);
      if (chunk === null) continue;
      if (chunk.done) throw new Error(`stream ended before a "${type}" event`);
      this.buffer += this.decoder.decode(chunk.value, { stream: true });
      this.parse();
    }
  }

  private parse(): void {
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = 'message';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data += line.slice(6);
      }
      if (data) this.events.push({ event, data: JSON.parse(data) });
    }
  }
}
