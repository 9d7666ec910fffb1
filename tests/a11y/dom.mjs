// The DOM of each page after Chromium has loaded it from disk and run its scripts, with time run forward.
//
// Usage: node dom.mjs [--requests] <page.html>...
//
// Each page opens as a reader's browser opens a saved file (file://), in one browser with a fresh context per
// page. The page's clock is then run 3 s forward, so a script waiting on a timer has run before the DOM is
// read (as Chromium's --virtual-time-budget does). Prints one JSON object, {page path: serialised DOM};
// exits 0 whatever the pages hold, because the Python test decides what fails. With --requests, each page's
// value is {dom, requests}: every address the page asked for that is not a file on disk (an outside request,
// which a planted image, style or script would make), blocked before it leaves the machine.

import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'];
const LOAD_TIMEOUT_MS = 30000;
const VIRTUAL_TIME_MS = 3000;

const withRequests = process.argv[2] === '--requests';
const files = process.argv.slice(withRequests ? 3 : 2);
if (!files.length) {
  process.stderr.write('usage: node dom.mjs <page.html>...\n');
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
const doms = {};
try {
  for (const file of files) {
    const context = await browser.newContext();
    try {
      const requests = [];
      await context.route(/^(?!file:|data:|blob:|about:)/, (route) => {
        requests.push(route.request().url());
        return route.abort();
      });
      const tab = await context.newPage();
      await tab.clock.install();
      await tab.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
      await tab.clock.runFor(VIRTUAL_TIME_MS);
      const dom = await tab.evaluate(() => `<!DOCTYPE html>\n${document.documentElement.outerHTML}`);
      doms[file] = withRequests ? { dom, requests } : dom;
    } finally {
      await context.close();
    }
  }
} finally {
  await browser.close();
}
process.stdout.write(`${JSON.stringify(doms)}\n`);
