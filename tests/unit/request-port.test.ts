import { afterEach, describe, expect, it, vi } from 'vitest';
import { isRecord } from '../../src/shared/validate';
import {
  PortClosedError,
  PortRequester,
  answerRequests,
  reopeningRequester,
  retryOnce,
} from '../../src/shared/request-port';
import { FakePort } from '../helpers/fake-port';

const isNumberRequest = (value: unknown): value is { n: number } => isRecord(value) && typeof value.n === 'number';
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('PortRequester', () => {
  it('matches each answer to its request by id, in whatever order they come', async () => {
    const port = new FakePort();
    const requester = new PortRequester<string>(port);
    const first = requester.request('a');
    const second = requester.request('b');
    expect(port.posted).toEqual([
      { id: 0, request: 'a' },
      { id: 1, request: 'b' },
    ]);
    port.deliver({ id: 1, reply: 'B' });
    port.deliver({ id: 0, reply: 'A' });
    await expect(first).resolves.toBe('A');
    await expect(second).resolves.toBe('B');
  });

  it('ignores answers with an unknown id or no id, and a second answer to the same request', async () => {
    const port = new FakePort();
    const requester = new PortRequester<string>(port);
    const pending = requester.request('a');
    port.deliver({ id: 5, reply: 'stray' });
    port.deliver({ reply: 'no id' });
    port.deliver('garbage');
    port.deliver({ id: 0, reply: 'A' });
    port.deliver({ id: 0, reply: 'again' });
    await expect(pending).resolves.toBe('A');
  });

  it('rejects every pending request when the port disconnects, and refuses new ones', async () => {
    const port = new FakePort();
    const requester = new PortRequester<string>(port);
    const pending = [requester.request('a'), requester.request('b')];
    port.disconnectFromOtherEnd();
    for (const request of pending) await expect(request).rejects.toBeInstanceOf(PortClosedError);
    expect(requester.isOpen).toBe(false);
    await expect(requester.request('c')).rejects.toBeInstanceOf(PortClosedError);
  });

  it('closes when a post fails (the other end is gone before its disconnect arrives)', async () => {
    const port = new FakePort();
    const requester = new PortRequester<string>(port);
    const earlier = requester.request('a');
    port.closed = true;
    await expect(requester.request('b')).rejects.toBeInstanceOf(PortClosedError);
    await expect(earlier).rejects.toBeInstanceOf(PortClosedError);
    expect(requester.isOpen).toBe(false);
  });
});

describe('reopeningRequester', () => {
  it('opens the port on first use only, and a new one after it closed', async () => {
    const ports: FakePort[] = [];
    const requester = reopeningRequester<string>(() => {
      ports.push(new FakePort());
      return ports[ports.length - 1] as FakePort;
    });
    expect(ports).toHaveLength(0);
    const first = requester();
    expect(requester()).toBe(first);
    expect(ports).toHaveLength(1);
    ports[0]?.disconnectFromOtherEnd();
    const second = requester();
    expect(second).not.toBe(first);
    expect(ports).toHaveLength(2);
    const pending = second.request('a');
    expect(ports[1]?.posted).toEqual([{ id: 0, request: 'a' }]);
    ports[1]?.deliver({ id: 0, reply: 'A' });
    await expect(pending).resolves.toBe('A');
  });
});

describe('answerRequests', () => {
  it('answers each valid request on the same port, with its id', async () => {
    const [asker, answerer] = FakePort.link();
    const drop = vi.fn();
    answerRequests(answerer, isNumberRequest, async ({ n }) => n * 2, drop);
    const requester = new PortRequester<{ n: number }>(asker);
    await expect(Promise.all([requester.request({ n: 1 }), requester.request({ n: 21 })])).resolves.toEqual([2, 42]);
    expect(drop).not.toHaveBeenCalled();
  });

  it('counts a malformed request and answers it with undefined, so the asker does not wait forever', async () => {
    const [asker, answerer] = FakePort.link();
    const drop = vi.fn();
    const answer = vi.fn(async () => 'never');
    answerRequests(answerer, isNumberRequest, answer, drop);
    const requester = new PortRequester<unknown>(asker);
    await expect(requester.request({ n: 'one' })).resolves.toBeUndefined();
    expect(answer).not.toHaveBeenCalled();
    expect(drop).toHaveBeenCalledTimes(1);
  });

  it('counts, and does not answer, a message without an id', async () => {
    const port = new FakePort();
    const drop = vi.fn();
    answerRequests(port, isNumberRequest, async () => 'x', drop);
    port.deliver({ request: { n: 1 } });
    port.deliver('garbage');
    await flush();
    expect(drop).toHaveBeenCalledTimes(2);
    expect(port.posted).toEqual([]);
  });

  it('answers undefined when answering fails, and survives an asker that went away', async () => {
    const port = new FakePort();
    answerRequests(port, isNumberRequest, async ({ n }) => (n === 0 ? Promise.reject(new Error('boom')) : n), vi.fn());
    port.deliver({ id: 3, request: { n: 0 } });
    await flush();
    expect(port.posted).toEqual([{ id: 3, reply: undefined }]);
    port.closed = true;
    port.deliver({ id: 4, request: { n: 1 } });
    await flush(); // the failed post is swallowed: nothing left to answer
    expect(port.posted).toHaveLength(1);
  });
});

describe('retryOnce', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('does not retry a first attempt that succeeds', async () => {
    const attempt = vi.fn(async () => 'ok');
    await expect(retryOnce(attempt, 500)).resolves.toBe('ok');
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('tries once more after the pause, and gives the second outcome', async () => {
    vi.useFakeTimers();
    const attempt = vi.fn().mockRejectedValueOnce(new Error('worker restarting')).mockResolvedValueOnce('ok');
    const result = retryOnce(attempt, 500);
    await vi.advanceTimersByTimeAsync(499);
    expect(attempt).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toBe('ok');
    expect(attempt).toHaveBeenCalledTimes(2);
  });

  it('gives up after the second failure, also when an attempt throws instead of rejecting', async () => {
    const attempt = vi.fn(() => {
      throw new Error('Extension context invalidated.');
    });
    await expect(retryOnce(attempt, 1)).rejects.toThrow('Extension context invalidated.');
    expect(attempt).toHaveBeenCalledTimes(2);
  });

  it('with a reopening requester: a port closed mid-request is retried on a new port', async () => {
    const ports: FakePort[] = [];
    const requester = reopeningRequester<string>(() => {
      const [asker, answerer] = FakePort.link();
      ports.push(asker);
      if (ports.length > 1) answerRequests(answerer, (value): value is string => typeof value === 'string', async (s) => s.toUpperCase(), vi.fn());
      return asker;
    });
    const result = retryOnce(() => requester().request('frame'), 1);
    ports[0]?.disconnectFromOtherEnd(); // the first worker stops before answering
    await expect(result).resolves.toBe('FRAME');
    expect(ports).toHaveLength(2);
  });
});
