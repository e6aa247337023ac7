// Launches the system Chromium through playwright-core for driving code-server. Never downloads a
// browser: CHROMIUM_PATH, or the usual Debian/Ubuntu locations.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function chromiumPath() {
  const found = [process.env.CHROMIUM_PATH, ...CANDIDATES].find((p) => p && existsSync(p));
  if (!found) throw new Error(`no Chromium found (tried ${CANDIDATES.join(', ')}); install it (apt-get install chromium) or set CHROMIUM_PATH`);
  return found;
}

export async function launchChromium({ headless = true } = {}) {
  const args = [
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-dev-shm-usage',
  ];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return chromium.launch({ executablePath: chromiumPath(), headless, args });
}
