// The one way the benchmarks start a browser: Debian's Chromium (test tools cannot download one on these
// machines; CHROMIUM_PATH overrides /usr/bin/chromium), headless, with the flags the project's browser
// tests use, so that no benchmark measures a background update, sync or QUIC probe.
import { chromium } from '@playwright/test';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Starts Chromium; `args` are added to the standard flags. */
export function launchChromium(args = []) {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...args] });
}
