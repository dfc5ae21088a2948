/**
 * Checks on an upload that JSON Schema cannot express: the counts add up to the samples, the
 * interest counts come together and fit in the frames with a face, no minute appears twice, none
 * lies in the future. Returns the first problem, or null.
 */
import { COUNT_FIELDS, INTEREST_FIELDS, MAX_CLOCK_SKEW_MS } from './contract';
import type { MinuteAggregate } from './contract';

export function findMinuteProblem(minutes: readonly MinuteAggregate[], now: number): string | null {
  const seen = new Set<number>();
  for (const [index, minute] of minutes.entries()) {
    const where = `body/minutes/${index}`;
    const counted = COUNT_FIELDS.reduce((sum, field) => sum + minute[field], 0);
    if (counted !== minute.samples) {
      return `${where}: positive + neutral + negative + notDetected + unknown is ${counted}, but samples is ${minute.samples}; they must be equal`;
    }
    const interestProblem = findInterestProblem(minute);
    if (interestProblem !== null) return `${where}: ${interestProblem}`;
    if (minute.topExpression !== null && minute.positive + minute.neutral + minute.negative === 0) {
      return `${where}: topExpression must be null in a minute without classified frames`;
    }
    if (minute.minute > now + MAX_CLOCK_SKEW_MS) {
      return `${where}: minute ${new Date(minute.minute).toISOString()} lies in the future`;
    }
    if (seen.has(minute.minute)) return `${where}: minute ${minute.minute} appears twice in one upload`;
    seen.add(minute.minute);
  }
  return null;
}

function findInterestProblem(minute: MinuteAggregate): string | null {
  const present = INTEREST_FIELDS.filter((field) => minute[field] !== undefined);
  if (present.length === 0) return null;
  if (present.length < INTEREST_FIELDS.length) return 'interested and notInterested come together: send both or neither';
  const labelled = (minute.interested ?? 0) + (minute.notInterested ?? 0);
  const withFace = minute.samples - minute.notDetected;
  if (labelled > withFace) {
    return `interested + notInterested is ${labelled}, more than the ${withFace} frames with a face (samples - notDetected)`;
  }
  return null;
}
