/**
 * A CDP session to a target that has no Page of its own (the offscreen document, the service
 * worker), reached through a page's session: `Target.attachToTarget` (not flattened), then
 * `Target.sendMessageToTarget`; playwright's CDPSession cannot address a child session id itself.
 */
import type { CDPSession } from 'playwright-core';

type Reply = { result?: unknown; error?: { message: string } };

/** Raut's offscreen document among CDP targets. */
export const isOffscreenDocument = (type: string, url: string): boolean =>
  type === 'background_page' && url.includes('/src/offscreen/offscreen.html');

export class TargetSession {
  private nextId = 1;
  private readonly pending = new Map<number, (reply: Reply) => void>();

  private constructor(
    private readonly cdp: CDPSession,
    private readonly sessionId: string,
  ) {
    cdp.on('Target.receivedMessageFromTarget', (event) => {
      if (event.sessionId !== this.sessionId) return;
      const message = JSON.parse(event.message) as Reply & { id?: number };
      if (message.id === undefined) return;
      this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
    });
  }

  static async attach(cdp: CDPSession, match: (type: string, url: string) => boolean, what: string): Promise<TargetSession> {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const target = targetInfos.find((t) => match(t.type, t.url));
    if (!target) throw new Error(`no ${what} target among ${targetInfos.map((t) => `${t.type} ${t.url}`).join(', ')}`);
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
    return new TargetSession(cdp, sessionId);
  }

  async send<T>(method: string, params: object = {}): Promise<T> {
    const id = this.nextId++;
    const reply = new Promise<Reply>((resolve) => this.pending.set(id, resolve));
    await this.cdp.send('Target.sendMessageToTarget', { sessionId: this.sessionId, message: JSON.stringify({ id, method, params }) });
    const answer = await reply;
    if (answer.error) throw new Error(`${method}: ${answer.error.message}`);
    return answer.result as T;
  }

  async detach(): Promise<void> {
    await this.cdp.send('Target.detachFromTarget', { sessionId: this.sessionId }).catch(() => undefined);
  }
}
