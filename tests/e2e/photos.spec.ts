import { expect, test } from '@playwright/test';
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { DEMO_CASE, openDemoCase, seriousViolations, signIn } from './helpers';

const CHILD = 'Ana Lucía Pérez Gómez';

/** A small valid PNG (a flat 32×24 RGB image) built by hand, so the test needs no image library in the browser runner. */
function png(seed: number): Buffer {
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) {
      c ^= b;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const [w, h] = [32, 24];
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w * 3; x++) raw[y * (w * 3 + 1) + 1 + x] = (x * 7 + y * 5 + seed) & 0xff;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

test('an investigator adds a photo to the child, sees its hash, and a bad file is refused with a reason', async ({ page }) => {
  await signIn(page, 'investigator.gt@demo.local');
  await openDemoCase(page);
  await page.getByTestId('entity-row').filter({ hasText: CHILD }).getByRole('button', { name: CHILD, exact: true }).click();
  const panel = page.getByRole('region', { name: 'Photos' });
  await expect(panel.getByText('No photo yet.').or(panel.locator('.photo-list li').first())).toBeVisible();
  const before = await panel.locator('.photo-list li').count();

  await panel.getByLabel('Photo file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo') });
  await panel.getByRole('button', { name: 'Upload' }).click();
  await expect(panel.getByRole('alert')).toHaveText('This file is not an image.');

  const image = png(Date.now() % 251);
  const hash = createHash('sha256').update(image).digest('hex');
  await panel.getByLabel('Photo file').setInputFiles({ name: 'school.png', mimeType: 'image/png', buffer: image });
  await panel.getByLabel('Caption (optional)').fill('School photo');
  await panel.getByRole('button', { name: 'Upload' }).click();
  await expect(panel.locator('.photo-list li')).toHaveCount(before + 1);
  await expect(panel.getByText(hash)).toBeVisible();
  await expect(panel.getByRole('img', { name: 'School photo' })).toBeVisible();
  await expect(panel.getByRole('alert')).toHaveCount(0);
  expect(await seriousViolations(page, '.photos-panel')).toEqual([]);
});

test('face-match leads are opt-in per case, run with progress, and say a lead needs human review', async ({ page }) => {
  await signIn(page, 'supervisor.gt@demo.local');
  await page.getByRole('link', { name: DEMO_CASE }).click();
  await page.getByRole('tab', { name: 'Face leads' }).click();
  await expect(page.getByRole('heading', { name: 'Face-match leads' })).toBeVisible();
  await expect(page.getByText(/never an identification/)).toBeVisible();
  const toggle = page.getByRole('switch', { name: 'Use face-match leads for this case' });
  if (await toggle.isChecked()) {
    await toggle.press('Space');
    await expect(toggle).not.toBeChecked();
  }
  await expect(page.getByText('Face-match leads are off for this case.')).toBeVisible();
  // Keyboard only: focus the switch and turn it on.
  await toggle.focus();
  await page.keyboard.press('Space');
  await expect(toggle).toBeChecked();
  await page.getByRole('button', { name: 'Look for leads' }).click();
  await expect(page.getByText(/Last run: \d+ new leads?\./)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('heading', { name: /To review \(\d+\)/ })).toBeVisible();
  expect(await seriousViolations(page, '.face-match')).toEqual([]);
});
