import type { EngagementCues } from '../../shared/engagement';
import { concentrationText, eyesText, gazeText, headText, interestText } from '../lib/live-state';
import { useLocalizer } from '../localizer';

interface EngagementFactsProps {
  cues: EngagementCues | null;
  /** Attention-only mode: no expression model, so no concentration index to show. */
  attentionOnly: boolean;
}

/** Rows of the live facts list: the latest frame's interest label, concentration level, head, eyes and gaze. */
export function EngagementFacts({ cues, attentionOnly }: EngagementFactsProps) {
  const { t, format } = useLocalizer();
  return (
    <>
      <div class="facts__row">
        <dt>{t('live_interest')}</dt>
        <dd data-testid="live-interest">{interestText(cues, t)}</dd>
      </div>
      {!attentionOnly && (
        <div class="facts__row">
          <dt>{t('live_concentration')}</dt>
          <dd data-testid="live-concentration">{concentrationText(cues, t, format)}</dd>
        </div>
      )}
      <div class="facts__row">
        <dt>{t('live_head')}</dt>
        <dd data-testid="live-head">{headText(cues, t)}</dd>
      </div>
      <div class="facts__row">
        <dt>{t('live_eyes')}</dt>
        <dd data-testid="live-eyes">{eyesText(cues, t)}</dd>
      </div>
      <div class="facts__row">
        <dt>{t('live_gaze')}</dt>
        <dd data-testid="live-gaze">{gazeText(cues, t)}</dd>
      </div>
    </>
  );
}
