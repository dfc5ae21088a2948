import { describe, expect, it } from 'vitest';
import { ENGINE_SOURCE, isEngineToBackground, type ClassInfo, type EngineToBackground } from '../../src/shared/messages';
import { answerRequests, PortClosedError } from '../../src/shared/request-port';
import { WorkerLink } from '../../src/offscreen/worker-link';
import { FakePort } from '../helpers/fake-port';

const info: ClassInfo = { platform: 'meet', title: 'Maths 7B', url: 'https://meet.google.com/abc' };
const admit = (tabId: number): EngineToBackground => ({ source: ENGINE_SOURCE, type: 'frame-admit', tabId, info });

/** A link whose runtime messages are recorded, and a worker end answering on a linked port. */
function setUp() {
  const byMessage: EngineToBackground[] = [];
  const link = new WorkerLink(async (message) => {
    byMessage.push(message);
    return { analyse: false, via: 'message' };
  });
  const [workerEnd, documentEnd] = FakePort.link();
  const onPort: EngineToBackground[] = [];
  answerRequests(
    workerEnd,
    isEngineToBackground,
    async (question) => {
      onPort.push(question);
      return { analyse: false, via: 'port' };
    },
    () => {},
  );
  return { link, byMessage, onPort, documentEnd };
}

describe('WorkerLink (the engine document asking the worker)', () => {
  it('asks by runtime message until the worker has opened its port, then on the port', async () => {
    const { link, byMessage, onPort, documentEnd } = setUp();
    expect(await link.ask(admit(1))).toEqual({ analyse: false, via: 'message' });
    link.accept(documentEnd);
    expect(await link.ask(admit(2))).toEqual({ analyse: false, via: 'port' });
    expect(await link.ask(admit(3))).toEqual({ analyse: false, via: 'port' });
    expect(byMessage.map((m) => (m as { tabId: number }).tabId)).toEqual([1]);
    expect(onPort.map((m) => (m as { tabId: number }).tabId)).toEqual([2, 3]);
  });

  it('goes back to runtime messages once the worker stopped and its port closed', async () => {
    const { link, byMessage, documentEnd } = setUp();
    link.accept(documentEnd);
    documentEnd.disconnectFromOtherEnd();
    expect(await link.ask(admit(4))).toEqual({ analyse: false, via: 'message' });
    expect(byMessage).toHaveLength(1);
  });

  it('fails a question the closing port left unanswered, rather than asking twice', async () => {
    const { link, byMessage } = setUp();
    const silentWorker = new FakePort(); // takes the question, never answers
    link.accept(silentWorker);
    const pending = link.ask(admit(5));
    silentWorker.disconnectFromOtherEnd();
    await expect(pending).rejects.toBeInstanceOf(PortClosedError);
    expect(byMessage).toHaveLength(0);
  });
});
