/**
 * Every word a student or teacher reads in the popup, the dashboard and the teacher views comes
 * from _locales (issue 8): a literal user-facing string in a component fails this test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLiterals, type Literal } from '../helpers/ui-literals';

const ROOT = resolve(import.meta.dirname, '../..');
const SCANNED = ['src/popup', 'src/dashboard', 'src/teacher'];

/**
 * The whole allowlist: names that are the same in every language, an example code, and the two
 * sentences shown outside the extension, where no message file can be read.
 */
const ALLOWED: readonly { file?: string; text: string; why: string }[] = [
  { text: 'Raut', why: 'product name' },
  { text: 'CSV', why: 'file format name' },
  { text: 'JSON', why: 'file format name' },
  { file: 'src/popup/components/ShareForm.tsx', text: 'ABCDEF2345', why: 'example class code, no words' },
  { file: 'src/popup/main.tsx', text: 'Raut’s popup works inside the extension. Open it from the browser toolbar.', why: 'outside the extension: no messages' },
  { file: 'src/dashboard/main.tsx', text: 'Raut’s class dashboard works inside the extension: open it from the popup’s teacher mode.', why: 'outside the extension: no messages' },
  { file: 'src/popup/localizer.tsx', text: 'useLocalizer() needs a <LocalizerProvider> around the page', why: 'a programming error, never shown' },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const isAllowed = (literal: Literal) => ALLOWED.some((allowed) => allowed.text === literal.text && (allowed.file === undefined || allowed.file === literal.file));

describe('no literal user-facing strings in components', () => {
  it('finds every kind of literal it is meant to find (the check can fail)', () => {
    const sample = `
      export function Bad({ n }: { n: number }) {
        return (
          <div title="Tooltip words" aria-label={n > 1 ? 'Many things' : t('ok_key')}>
            Plain words
            {n > 0 && ' so far'}
            {\`\${n} minutes\`}
            <input placeholder="Type here" class="input" data-testid="x" />
            {t('fine_key', { n })}
            <ConfirmButton question="Really delete?" confirmLabel={t('x_key')} rowTestId="row" />
          </div>
        );
      }
      function fail() { throw new Error('Something broke'); }
      action.setError(\`Bad value \${n}\`);
    `;
    const texts = findLiterals('sample.tsx', sample).map((literal) => literal.text);
    expect(texts).toEqual(['Tooltip words', 'Many things', 'Plain words', 'so far', 'minutes', 'Type here', 'Really delete?', 'Something broke', 'Bad value']);
  });

  it('passes translated components: t() keys, class names, test ids and numbers are not text', () => {
    const sample = `
      const a = <p class="notice notice--info" data-testid="ok" aria-live="polite">{t('live_allGood')} {format.percent(3)} · {'—'}</p>;
      const b = <span>{n === 'good' ? t('impression_good') : '–'}</span>;
      const c = <section aria-labelledby="dash-export"><Bars label={t('x_key')} rowTestId="teacher-participant" /></section>;
    `;
    expect(findLiterals('sample.tsx', sample)).toEqual([]);
  });

  it('the popup, the dashboard and the teacher views say everything through the translator', () => {
    const files = SCANNED.flatMap((dir) => sourceFiles(resolve(ROOT, dir)));
    expect(files.length).toBeGreaterThan(40);
    const offending = files
      .flatMap((file) => findLiterals(relative(ROOT, file), readFileSync(file, 'utf8')))
      .filter((literal) => !isAllowed(literal))
      .map((literal) => `${literal.file}:${literal.line} (${literal.where}) "${literal.text}"`);
    expect(offending).toEqual([]);
  });
});
