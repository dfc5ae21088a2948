import type { RateLimiter } from '../rate-limit';
import type { ClassEventBus } from '../sse';
import type { HubStore } from '../storage/types';

/** What every route module gets from createHub. */
export interface RouteContext {
  store: HubStore;
  events: ClassEventBus;
  now: () => number;
  limits: {
    joins: RateLimiter;
    classCreations: RateLimiter;
    maxStudentsPerClass: number;
    maxMinutesPerStudent: number;
  };
}
