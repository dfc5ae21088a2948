/**
 * createHub: the hub as a Fastify instance over any HubStore, for main.ts and for tests.
 * The caller owns the store (opens it before, closes it after app.close()).
 */
import cors from '@fastify/cors';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { installErrorHandlers } from './errors';
import { RateLimiter } from './rate-limit';
import { registerClassViewRoutes } from './routes/class-views';
import { registerClassRoutes } from './routes/classes';
import type { RouteContext } from './routes/context';
import { registerEventRoutes } from './routes/events';
import { registerHealthRoutes } from './routes/health';
import { registerStudentRoutes } from './routes/students';
import { ClassEventBus } from './sse';
import type { SseOptions } from './sse';
import type { HubStore } from './storage/types';

export interface HubOptions {
  store: HubStore;
  /** Pino level ('warn', 'info', …) or false for none. Query strings (tokens) are never logged. */
  logLevel?: string | false;
  /** Largest accepted request body; 120 minutes of aggregates take about 25 KB. */
  bodyLimitBytes?: number;
  /** Per client address. A classroom behind one NAT shares an address: keep this above a class size. */
  joinsPerMinute?: number;
  classCreationsPerMinute?: number;
  /** 401/403/404 answers per address before further failures read 429: what makes class codes hard to enumerate. */
  failuresPerMinute?: number;
  maxStudentsPerClass?: number;
  maxMinutesPerStudent?: number;
  /** Take the client address from X-Forwarded-For (only behind a reverse proxy you run). */
  trustProxy?: boolean;
  sse?: SseOptions;
  now?: () => number;
}

export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;

/** Extension pages only: Chromium extension ids are 32 letters a-p, Firefox's are UUIDs. */
const EXTENSION_ORIGINS = [/^chrome-extension:\/\/[a-p]{32}$/, /^moz-extension:\/\/[0-9a-f-]{36}$/];

function loggerOptions(level: string | false): FastifyServerOptions['logger'] {
  if (level === false) return false;
  return {
    level,
    serializers: {
      req: (request: { method: string; url: string; ip?: string }) => ({
        method: request.method,
        url: request.url.split('?')[0],
        remoteAddress: request.ip,
      }),
    },
  };
}

export async function createHub(options: HubOptions): Promise<FastifyInstance> {
  const now = options.now ?? Date.now;
  const app = Fastify({
    logger: loggerOptions(options.logLevel ?? false),
    bodyLimit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    trustProxy: options.trustProxy ?? false,
    exposeHeadRoutes: false,
    // Reject rather than repair: no silent removal of unknown fields, no "5" read as 5.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false } },
  });
  // JSON only: Fastify also parses text/plain by default, which would turn a wrong media type into a schema error.
  app.removeContentTypeParser('text/plain');
  app.decorateRequest('hubClass', null);
  app.decorateRequest('hubStudent', null);

  const events = new ClassEventBus(options.sse);
  const context: RouteContext = {
    store: options.store,
    events,
    now,
    limits: {
      joins: new RateLimiter({ perMinute: options.joinsPerMinute ?? 120, now }),
      classCreations: new RateLimiter({ perMinute: options.classCreationsPerMinute ?? 20, now }),
      maxStudentsPerClass: options.maxStudentsPerClass ?? 2000,
      maxMinutesPerStudent: options.maxMinutesPerStudent ?? 50_000,
    },
  };
  const failures = new RateLimiter({ perMinute: options.failuresPerMinute ?? 60, now });

  installErrorHandlers(app, failures);
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('cache-control', 'no-store');
    return payload;
  });
  // Without this, app.close() would wait for every open event stream.
  app.addHook('preClose', async () => events.close());

  // Only extension pages may read hub answers from a browser. Every route needs an
  // Authorization header or a JSON body, so browsers preflight, and a web page (the meeting
  // page included) fails that preflight. Requests without an Origin (curl, the loadtest) are
  // not affected: CORS is a browser rule, the tokens are what protect the data.
  await app.register(cors, {
    origin: EXTENSION_ORIGINS,
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type'],
    maxAge: 600,
  });

  registerHealthRoutes(app);
  registerClassRoutes(app, context);
  registerClassViewRoutes(app, context);
  registerStudentRoutes(app, context);
  registerEventRoutes(app, context);
  return app;
}
