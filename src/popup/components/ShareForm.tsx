import type { TargetedSubmitEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { normaliseClassCode, type SharePreview as Preview, type ShareStatusEntry } from '../../shared/sharing';
import { useAction } from '../hooks/useAction';
import { describeError } from '../../shared/i18n';
import { useLocalizer } from '../localizer';
import {
  DEFAULT_HUB_URL,
  MAX_DISPLAY_NAME,
  canStartSharing,
  formProblems,
  hasProblems,
  joinRequest,
  tidyClassCode,
  type ShareForm as Form,
} from '../lib/share';
import { joinClass, requestSharePreview } from '../lib/share-client';
import { ErrorMessage } from './ErrorMessage';
import { SharePreview } from './SharePreview';

interface ShareFormProps {
  onJoined: (consent: ShareStatusEntry) => void;
  /** A remembered class the student chose to join again: fills hub, code and name (a new object each time). */
  prefill?: Form | null;
}

/** Join a class: hub, code, name, the preview of what is sent, the consent box, then "Start sharing". */
export function ShareForm({ onJoined, prefill = null }: ShareFormProps) {
  const [form, setForm] = useState<Form>({ hubUrl: DEFAULT_HUB_URL, classCode: '', displayName: '' });
  const [consented, setConsented] = useState(false);
  const [showProblems, setShowProblems] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewBusy, setPreviewBusy] = useState(false);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const join = useAction();
  const { t } = useLocalizer();
  const codeInput = useRef<HTMLInputElement>(null);
  const nameInput = useRef<HTMLInputElement>(null);

  const problems = formProblems(form, t);
  const code = normaliseClassCode(tidyClassCode(form.classCode));

  const loadPreview = async () => {
    setPreviewBusy(true);
    setPreviewError(null);
    try {
      setPreview(await requestSharePreview(code ?? undefined));
    } catch (failure) {
      setPreviewError(t('shareForm_previewFailed', { reason: describeError(failure, t) }));
    } finally {
      setPreviewBusy(false);
    }
  };

  useEffect(() => {
    void loadPreview();
    // Once when the tab opens; "Refresh" asks again.
  }, []);

  useEffect(() => {
    if (!prefill) return;
    setForm(prefill);
    setConsented(false); // the consent is always the student's own click
    setShowProblems(false);
  }, [prefill]);

  const edit = (patch: Partial<Form>) => {
    setForm((current) => ({ ...current, ...patch }));
    // An old refusal no longer describes what is typed now; the typing itself is kept.
    if (join.error) join.setError(null);
  };

  const submit = (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!canStartSharing({ previewShown: preview !== null, consented, busy: join.busy })) return;
    if (hasProblems(problems)) {
      setShowProblems(true);
      (problems.classCode ? codeInput : nameInput).current?.focus();
      return;
    }
    setShowProblems(false);
    void join.run(async () => {
      const consent = await joinClass(joinRequest(form));
      // The hub and the name are kept for the next class; the code and the consent are per class.
      setForm((current) => ({ ...current, classCode: '' }));
      setConsented(false);
      onJoined(consent);
    });
  };

  const hub = form.hubUrl.trim().replace(/\/+$/, '') || DEFAULT_HUB_URL;
  const target = `PUT ${hub}/classes/${code ?? ':code'}/students/me/minutes`;
  const codeProblem = showProblems ? problems.classCode : null;
  const nameProblem = showProblems ? problems.displayName : null;

  return (
    <form class="share-form field" onSubmit={submit} noValidate aria-labelledby="share-join-title">
      <h3 id="share-join-title" class="section-title">
        {t('shareForm_title')}
      </h3>
      <div class="share-form__row">
        <label class="field__label" for="share-hub">
          {t('shareForm_hubLabel')}
        </label>
        <input
          id="share-hub"
          class="input"
          type="url"
          inputMode="url"
          autoComplete="off"
          spellcheck={false}
          data-testid="share-hub"
          value={form.hubUrl}
          aria-describedby="share-hub-hint"
          onInput={(event) => edit({ hubUrl: event.currentTarget.value })}
        />
        <p id="share-hub-hint" class="field__hint">
          {t('shareForm_hubHint')}
        </p>
      </div>
      <div class="share-form__row">
        <label class="field__label" for="share-code">
          {t('common_classCode')}
        </label>
        <input
          ref={codeInput}
          id="share-code"
          class="input share-form__code"
          type="text"
          autoComplete="off"
          autoCapitalize="characters"
          spellcheck={false}
          maxLength={32}
          placeholder="ABCDEF2345"
          data-testid="share-code"
          value={form.classCode}
          aria-invalid={codeProblem !== null}
          aria-describedby="share-code-hint"
          onInput={(event) => {
            const next = event.currentTarget.value;
            // The consent is for one class: a different code asks for it again.
            if (tidyClassCode(next) !== tidyClassCode(form.classCode)) setConsented(false);
            edit({ classCode: next });
          }}
          onBlur={() => edit({ classCode: tidyClassCode(form.classCode) })}
        />
        <p id="share-code-hint" class={codeProblem ? 'field__hint share-form__problem' : 'field__hint'}>
          {codeProblem ?? t('shareForm_codeHint')}
        </p>
      </div>
      <div class="share-form__row">
        <label class="field__label" for="share-name">
          {t('shareForm_nameLabel')}
        </label>
        <input
          ref={nameInput}
          id="share-name"
          class="input"
          type="text"
          autoComplete="off"
          maxLength={MAX_DISPLAY_NAME}
          data-testid="share-name"
          value={form.displayName}
          aria-invalid={nameProblem !== null}
          aria-describedby="share-name-hint"
          onInput={(event) => edit({ displayName: event.currentTarget.value })}
        />
        <p id="share-name-hint" class={nameProblem ? 'field__hint share-form__problem' : 'field__hint'}>
          {nameProblem ?? t('shareForm_nameHint')}
        </p>
      </div>

      <SharePreview preview={preview} target={target} loading={previewBusy} error={previewError} onRefresh={() => void loadPreview()} />

      <label class="checkbox share-form__consent">
        <input
          type="checkbox"
          data-testid="share-consent"
          checked={consented}
          disabled={preview === null}
          aria-describedby="share-consent-hint"
          onChange={(event) => setConsented(event.currentTarget.checked)}
        />
        <span>{t('shareForm_consent')}</span>
      </label>
      <p id="share-consent-hint" class="field__hint">
        {t('shareForm_consentHint')}
      </p>
      <ErrorMessage message={join.error} />
      <button
        type="submit"
        class="button button--primary button--wide"
        data-testid="share-start"
        disabled={!canStartSharing({ previewShown: preview !== null, consented, busy: join.busy })}
        aria-busy={join.busy}
      >
        {join.busy ? t('shareForm_joining') : t('shareForm_start')}
      </button>
    </form>
  );
}
