/** Validates the background's `get-status` reply before the popup shows it. */
import { isDisplayText } from '../../shared/i18n';
import { EXPRESSION_COUNT, isExpression } from '../../shared/taxonomy';
import { BACKENDS, DETECTOR_DELEGATES, PLATFORMS, UNKNOWN_REASONS, type LiveStatus } from '../../shared/types';
import { isFiniteNumber, isOneOf, isRecord } from '../../shared/validate';

const CAMERA_STATES = ['none', 'live', 'off', 'ended', 'denied', 'error'] as const;
const ENGINE_STATES = ['idle', 'loading', 'ready', 'error'] as const;

function isNullOr<T>(guard: (value: unknown) => value is T) {
  return (value: unknown): value is T | null => value === null || guard(value);
}
const isString = (value: unknown): value is string => typeof value === 'string';

/** Checks the fields the popup reads; a reply that fails is not shown. */
export function isLiveStatus(value: unknown): value is LiveStatus {
  if (!isRecord(value) || !isRecord(value.engine)) return false;
  const { engine, lastAnalysis } = value;
  const analysisOk =
    lastAnalysis === null ||
    (isRecord(lastAnalysis) &&
      typeof lastAnalysis.faceFound === 'boolean' &&
      isFiniteNumber(lastAnalysis.faceCount) &&
      isFiniteNumber(lastAnalysis.brightness) &&
      (lastAnalysis.probabilities === null ||
        (Array.isArray(lastAnalysis.probabilities) &&
          lastAnalysis.probabilities.length === EXPRESSION_COUNT &&
          lastAnalysis.probabilities.every(isFiniteNumber))) &&
      (lastAnalysis.top === null || isExpression(lastAnalysis.top)) &&
      isNullOr(isOneOf(UNKNOWN_REASONS))(lastAnalysis.unknownReason));
  return (
    analysisOk &&
    typeof value.analysing === 'boolean' &&
    typeof value.paused === 'boolean' &&
    isOneOf(CAMERA_STATES)(value.camera) &&
    isNullOr(isString)(value.sessionId) &&
    isNullOr(isFiniteNumber)(value.tabId) &&
    isNullOr(isOneOf(PLATFORMS))(value.platform) &&
    isNullOr(isFiniteNumber)(value.secondsWithoutFace) &&
    isOneOf(ENGINE_STATES)(engine.state) &&
    isNullOr(isOneOf(BACKENDS))(engine.backend) &&
    isNullOr(isOneOf(DETECTOR_DELEGATES))(engine.detector) &&
    isNullOr(isDisplayText)(engine.message) &&
    isRecord(value.policy) &&
    ['disableSharing', 'disableTeacherMode', 'attentionOnly'].every((key) => typeof (value.policy as Record<string, unknown>)[key] === 'boolean') &&
    typeof value.attentionOnly === 'boolean' &&
    Array.isArray(value.policyProblems) &&
    value.policyProblems.every(isDisplayText)
  );
}
