// The one way the benchmarks start a browser: Debian's Chromium (test tools cannot download one on these
// machines; CHROMIUM_PATH overrides /usr/bin/chromium), headless, with the flags the project's browser
// tests use, so that no benchmark measures a background update, sync or QUIC probe.
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';

/** The flags of every browser the project starts, the browser tests' included (tests/chromium-flags.json). */
export const CHROMIUM_ARGS = JSON.parse(readFileSync(new URL('../../chromium-flags.json', import.meta.url), 'utf8'));

/** Starts Chromium; `args` are added to the standard flags. */
export function launchChromium(args = []) {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...args] });
}
