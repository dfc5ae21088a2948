import { execFile, spawnSync } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * The training pipeline's own tests (training/tests: data readers, converter structure, exact
 * resume, schedule) are Python unittests; this runs them with Debian's PyTorch when it is there.
 */
const PYTHON = '/usr/bin/python3';
const check = spawnSync(PYTHON, ['-c', 'import torch, PIL'], { encoding: 'utf8' });
const available = check.status === 0;
const reason = check.error ? `${PYTHON} not found` : `torch or Pillow not importable by ${PYTHON} (apt-get install python3-torch python3-pil)`;

describe.skipIf(!available)(available ? 'training/ Python unittests' : `training/ Python unittests: skipped, ${reason}`, () => {
  it('python3 -m unittest discover -s training/tests passes', async () => {
    const { stderr } = await promisify(execFile)(PYTHON, ['-m', 'unittest', 'discover', '-s', path.resolve('training/tests')], {
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    // unittest reports on stderr; a failure rejects the promise (exit status 1) with that report.
    expect(stderr).toMatch(/\nOK\s*$/);
    expect(stderr).toMatch(/Ran (\d+) tests/);
  }, 150_000);
});
