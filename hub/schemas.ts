/**
 * JSON Schemas for every route. Requests: closed objects (additionalProperties: false) with
 * bounded strings and numbers. Responses: also declared, so the serializer drops any field
 * not listed here and a store row can never leak a hash or an internal column.
 */
import { EXPRESSIONS } from '../src/shared/taxonomy';
import { CLASS_CODE_PATTERN } from './auth/class-code';
import { MAX_MINUTES_PER_UPLOAD, MAX_SAMPLES_PER_MINUTE, MINUTE_MS } from './contract';

/** Visible text: at least one non-space character, no control characters. */
const text = (maxLength: number) =>
  ({ type: 'string', minLength: 1, maxLength, pattern: '^(?=.*\\S)[^\\u0000-\\u001F\\u007F]*$' }) as const;

const closedObject = <P extends Record<string, unknown>>(properties: P, required: readonly (keyof P & string)[]) =>
  ({ type: 'object', additionalProperties: false, properties, required }) as const;

const count = { type: 'integer', minimum: 0, maximum: MAX_SAMPLES_PER_MINUTE } as const;
const epochMs = { type: 'integer' } as const;
const nullableEpochMs = { type: ['integer', 'null'] } as const;

export const noQuery = { type: 'object', additionalProperties: false, properties: {} } as const;

export const classParams = closedObject({ code: { type: 'string', pattern: CLASS_CODE_PATTERN } }, ['code']);

export const eventsQuery = closedObject({ token: { type: 'string', minLength: 1, maxLength: 200 } }, []);

export const createClassBody = closedObject(
  {
    name: text(100),
    meetingLink: {
      anyOf: [{ type: 'string', maxLength: 2000, pattern: '^https?://[^\\s]+$' }, { type: 'null' }],
    },
  },
  ['name'],
);

export const joinBody = closedObject({ displayName: text(40) }, ['displayName']);

export const minuteAggregate = closedObject(
  {
    minute: { type: 'integer', minimum: 0, maximum: 8.64e15, multipleOf: MINUTE_MS },
    samples: { type: 'integer', minimum: 1, maximum: MAX_SAMPLES_PER_MINUTE },
    positive: count,
    neutral: count,
    negative: count,
    notDetected: count,
    unknown: count,
    meanEngagement: { type: ['number', 'null'], minimum: 0, maximum: 1 },
    topExpression: { enum: [...EXPRESSIONS, null] },
    // Optional: extensions from before the engagement layer do not send them (minute-checks: both or neither).
    interested: count,
    notInterested: count,
  },
  ['minute', 'samples', 'positive', 'neutral', 'negative', 'notDetected', 'unknown', 'meanEngagement', 'topExpression'],
);

export const uploadMinutesBody = closedObject(
  { minutes: { type: 'array', minItems: 1, maxItems: MAX_MINUTES_PER_UPLOAD, items: minuteAggregate } },
  ['minutes'],
);

// ---- responses ----

const errorResponse = closedObject({ error: { type: 'string' } }, ['error']);

const withheldFields = {
  withheld: { type: 'boolean' },
  reason: { type: 'string' },
  students: { type: 'integer' },
  required: { type: 'integer' },
} as const;

const groupCounts = closedObject(
  {
    samples: { type: 'integer' },
    positive: { type: 'integer' },
    neutral: { type: 'integer' },
    negative: { type: 'integer' },
    notDetected: { type: 'integer' },
    unknown: { type: 'integer' },
  },
  ['samples', 'positive', 'neutral', 'negative', 'notDetected', 'unknown'],
);

const groupPercents = closedObject(
  {
    positive: { type: 'number' },
    neutral: { type: 'number' },
    negative: { type: 'number' },
    notDetected: { type: 'number' },
    unknown: { type: 'number' },
  },
  ['positive', 'neutral', 'negative', 'notDetected', 'unknown'],
);

const countAndPercent = closedObject({ count: { type: 'integer' }, percent: { type: 'number' } }, ['count', 'percent']);

/** The classroom study's table (src/shared/summary.ts InterestTable): every sample in one row, % of all samples. */
const interestTable = closedObject(
  {
    samples: { type: 'integer' },
    interested: countAndPercent,
    notInterested: countAndPercent,
    notDetected: countAndPercent,
    unknown: countAndPercent,
  },
  ['samples', 'interested', 'notInterested', 'notDetected', 'unknown'],
);

const groupSummaryFields = {
  totals: groupCounts,
  percent: groupPercents,
  interest: interestTable,
  meanEngagement: { type: ['number', 'null'] },
  impression: { type: ['string', 'null'] },
} as const;

/** Every status a route can answer with an error body. */
const errors = { '4xx': errorResponse, '5xx': errorResponse } as const;

export const healthResponse = { 200: closedObject({ ok: { type: 'boolean' } }, ['ok']), ...errors };

export const createClassResponse = {
  201: closedObject(
    { classId: { type: 'string' }, code: { type: 'string' }, teacherSecret: { type: 'string' } },
    ['classId', 'code', 'teacherSecret'],
  ),
  ...errors,
};

export const classInfoResponse = {
  200: closedObject(
    {
      classId: { type: 'string' },
      code: { type: 'string' },
      name: { type: 'string' },
      meetingLink: { type: ['string', 'null'] },
      createdAt: epochMs,
      closedAt: nullableEpochMs,
      participants: { type: 'integer' },
      sharing: { type: 'integer' },
      summary: closedObject({ ...withheldFields, studentMinutes: { type: 'integer' }, ...groupSummaryFields }, ['withheld', 'students']),
    },
    ['classId', 'code', 'name', 'meetingLink', 'createdAt', 'closedAt', 'participants', 'sharing', 'summary'],
  ),
  ...errors,
};

const participant = closedObject(
  {
    studentId: { type: 'string' },
    displayName: { type: 'string' },
    joinedAt: epochMs,
    lastSeenAt: epochMs,
    minutesShared: { type: 'integer' },
    firstMinute: nullableEpochMs,
    lastMinute: nullableEpochMs,
    topExpression: { type: ['string', 'null'] },
    ...groupSummaryFields,
  },
  ['studentId', 'displayName', 'joinedAt', 'lastSeenAt', 'minutesShared', 'firstMinute', 'lastMinute', 'topExpression', 'totals', 'percent', 'interest', 'meanEngagement', 'impression'],
);

export const participantsResponse = {
  200: closedObject({ participants: { type: 'array', items: participant } }, ['participants']),
  ...errors,
};

const timelineMinute = closedObject(
  { minute: epochMs, students: { type: 'integer' }, withheld: { type: 'boolean' }, ...groupSummaryFields },
  ['minute', 'students', 'withheld'],
);

export const timelineResponse = {
  200: closedObject({ ...withheldFields, minutes: { type: 'array', items: timelineMinute } }, ['withheld', 'students', 'required']),
  ...errors,
};

export const closeClassResponse = { 200: closedObject({ closedAt: epochMs }, ['closedAt']), ...errors };

export const deletedResponse = {
  200: closedObject({ deleted: { type: 'boolean' }, minutesDeleted: { type: 'integer' } }, ['deleted']),
  ...errors,
};

export const joinResponse = {
  201: closedObject(
    {
      studentId: { type: 'string' },
      studentToken: { type: 'string' },
      className: { type: 'string' },
      meetingLink: { type: ['string', 'null'] },
    },
    ['studentId', 'studentToken', 'className', 'meetingLink'],
  ),
  ...errors,
};

export const uploadMinutesResponse = {
  200: closedObject(
    {
      inserted: { type: 'integer' },
      replaced: { type: 'integer' },
      unchanged: { type: 'integer' },
      ignoredAfterClose: { type: 'integer' },
    },
    ['inserted', 'replaced', 'unchanged', 'ignoredAfterClose'],
  ),
  ...errors,
};

const storedMinute = closedObject(
  { ...minuteAggregate.properties, receivedAt: epochMs },
  [...minuteAggregate.required, 'receivedAt'],
);

export const myDataResponse = {
  200: closedObject(
    {
      studentId: { type: 'string' },
      displayName: { type: 'string' },
      joinedAt: epochMs,
      minutes: { type: 'array', items: storedMinute },
    },
    ['studentId', 'displayName', 'joinedAt', 'minutes'],
  ),
  ...errors,
};
