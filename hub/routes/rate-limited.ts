import type { FastifyRequest } from 'fastify';
import { HttpError } from '../errors';
import type { RateLimiter } from '../rate-limit';

/** An onRequest hook that spends one of the client address's tokens, or answers 429. */
export function rateLimited(limiter: RateLimiter, what: string) {
  return async (request: FastifyRequest): Promise<void> => {
    if (limiter.take(request.ip)) return;
    const seconds = Math.max(1, limiter.retryAfterSeconds(request.ip));
    throw new HttpError(429, `too many ${what} from this address; retry in ${seconds} s`, { 'retry-after': String(seconds) });
  };
}
