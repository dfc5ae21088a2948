/**
 * Every error leaves the hub as `{ "error": "<what went wrong>" }` with a 4xx status that says
 * whose fault it is; 5xx answers say nothing about internals.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RateLimiter } from './rate-limit';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** "body/minutes/0/samples must be integer", naming unknown fields instead of Ajv's generic wording. */
export function describeValidationError(context: string, error: AjvError): string {
  const where = `${context}${error.instancePath}`;
  if (error.keyword === 'additionalProperties') {
    return `${where} has an unknown field "${String(error.params.additionalProperty)}"; only the documented fields are accepted`;
  }
  if (error.keyword === 'enum' && Array.isArray(error.params.allowedValues)) {
    return `${where} must be one of ${error.params.allowedValues.map((value) => JSON.stringify(value)).join(', ')}`;
  }
  return `${where} ${error.message ?? 'is invalid'}`;
}

function messageOf(error: FastifyError): string {
  const first = error.validation?.[0] as AjvError | undefined;
  if (first) return describeValidationError(error.validationContext ?? 'request', first);
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'request body is too large for the hub';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'send JSON with Content-Type: application/json';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'the JSON body is empty';
    default:
      return error.message;
  }
}

/** Answers that tell a guesser something: whether a class code exists, whether a secret is right. */
const FAILURE_STATUSES = new Set([401, 403, 404]);

/**
 * `failures` throttles those answers per client address: once an address has used up its
 * allowance, each further failure reads 429, whatever the reason, so guessing class codes or
 * secrets stops yielding information. Successful requests are never throttled by it, so one
 * student mistyping a code behind a school's NAT does not lock out the class.
 */
export function installErrorHandlers(app: FastifyInstance, failures: RateLimiter): void {
  const send = (request: FastifyRequest, reply: FastifyReply, status: number, message: string) => {
    if (FAILURE_STATUSES.has(status) && !failures.take(request.ip)) {
      const seconds = Math.max(1, failures.retryAfterSeconds(request.ip));
      reply.header('retry-after', String(seconds));
      return reply.status(429).send({ error: `too many failed requests from this address; retry in ${seconds} s` });
    }
    return reply.status(status).send({ error: message });
  };

  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'hub error');
      return reply.status(500).send({ error: 'internal error in the hub' });
    }
    if (error instanceof HttpError) reply.headers(error.headers);
    return send(request, reply, status, messageOf(error));
  });

  app.setNotFoundHandler((request, reply) => send(request, reply, 404, `no route ${request.method} ${request.url.split('?')[0]}`));
}
