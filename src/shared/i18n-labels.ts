/** The message keys of Raut's identifiers (one map per kind), and the product names that are never translated. */
import type { ConcentrationLevel, InterestLabel } from './engagement';
import type { MessageKey } from './i18n';
import type { Expression, ValenceGroup } from './taxonomy';
import type { Backend, BackendPreference, Platform, UnknownReason } from './types';

/** Product names: the same in every language. */
export const BACKEND_LABELS: Record<Backend, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly',
  cpu: 'CPU',
};

export const BACKEND_PREFERENCE_KEYS: Record<Exclude<BackendPreference, Backend>, MessageKey> = { auto: 'backend_auto' };

export const EXPRESSION_KEYS: Record<Expression, MessageKey> = {
  angry: 'expression_angry',
  disgust: 'expression_disgust',
  fear: 'expression_fear',
  happy: 'expression_happy',
  sad: 'expression_sad',
  surprise: 'expression_surprise',
  neutral: 'expression_neutral',
};

export const VALENCE_KEYS: Record<ValenceGroup, MessageKey> = {
  positive: 'group_positive',
  neutral: 'group_neutral',
  negative: 'group_negative',
};

export const PLATFORM_KEYS: Record<Platform, MessageKey> = {
  meet: 'platform_meet',
  zoom: 'platform_zoom',
  bbb: 'platform_bbb',
  demo: 'platform_demo',
};

/** Short names of the quality gates (the text export's frame table). */
export const UNKNOWN_REASON_KEYS: Record<UnknownReason, MessageKey> = {
  'too-dark': 'reason_tooDark',
  overexposed: 'reason_overexposed',
  'too-blurred': 'reason_tooBlurred',
  'face-too-small': 'reason_faceTooSmall',
  'face-cut': 'reason_faceCut',
};

/** The groups a frame is counted in (timelines, tables): the valence groups, then frames without a class. */
export const FRAME_GROUP_KEYS: Record<ValenceGroup | 'notDetected' | 'unknown', MessageKey> = {
  ...VALENCE_KEYS,
  notDetected: 'common_notDetected',
  unknown: 'group_unknown',
};

/** The classroom study's labels (and Raut's unknown), in the research terms of each language. */
export const INTEREST_KEYS: Record<InterestLabel, MessageKey> = {
  interested: 'interest_interested',
  'not-interested': 'interest_notInterested',
  'not-detected': 'common_notDetected',
  unknown: 'interest_unknown',
};

/** Sharma et al.'s three concentration levels. */
export const LEVEL_KEYS: Record<ConcentrationLevel, MessageKey> = {
  'highly-engaged': 'level_highlyEngaged',
  'nominally-engaged': 'level_nominallyEngaged',
  'not-engaged': 'level_notEngaged',
};
