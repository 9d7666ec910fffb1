// Scan every HTML page of a built site for WCAG 2.2 AA problems, in a real browser.
//
// Usage: node scan.mjs <site_dir> <artifact_dir>
//
// The site is served from 127.0.0.1 by this script, so pages load exactly as a reader's
// browser would load them (relative links, fonts, images). Every request that leaves the
// loopback server is blocked and reported: a public site must not depend on, or leak
// readers to, third parties. Prints one JSON object on stdout and a summary on stderr;
// exits 0 whatever it finds, because the Python test decides what fails.

import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

import { CHROMIUM, CHROMIUM_ARGS, htmlPages, inPool, serve, stem } from './site.mjs';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const DESKTOP = { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 };
const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const REFLOW_WIDTH = 320;
const WORKERS = 3;
const LOAD_TIMEOUT_MS = 30000;

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Load a page in a fresh context that blocks and records every non-loopback request, run
 * action on it, and always close the context.
 */
async function visit(browser, options, url, origin, page, findings, action) {
  const context = await browser.newContext(options);
  try {
    await context.route('**/*', (route) => {
      const requested = route.request().url();
      if (new URL(requested).origin === origin) return route.continue();
      findings.push({ page, kind: 'external request', detail: requested });
      return route.abort('blockedbyclient');
    });
    const tab = await context.newPage();
    tab.on('response', (response) => {
      if (response.status() >= 400 && new URL(response.url()).origin === origin) {
        findings.push({ page, kind: 'missing resource', detail: `${response.status()} ${new URL(response.url()).pathname}` });
      }
    });
    tab.on('pageerror', (error) => findings.push({ page, kind: 'script error', detail: String(error.message) }));
    await tab.goto(url, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
    await tab.evaluate(() => document.fonts.ready.then(() => true));
    return await action(tab);
  } finally {
    await context.close();
  }
}

/** Run axe-core in the page and flatten its violations to one record per rule. */
async function axeViolations(tab, page) {
  await tab.evaluate(axeSource);
  const results = await tab.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  return results.violations.map((v) => ({
    page,
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    targets: v.nodes.map((n) => n.target.map((t) => (Array.isArray(t) ? t.join(' >> ') : t)).join(' >>> ')).sort(),
  }));
}

/**
 * At 320 CSS px (WCAG 1.4.10 Reflow) the document must not scroll sideways. Content inside a
 * scrollable wrapper (a wide data table in an overflow-x: auto box) is allowed to scroll on
 * its own, so it never counts; the widest offending elements outside such wrappers are named.
 */
function reflowProblem(width) {
  const limit = width + 1;
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth <= limit) return null;
  const insideScroller = (el) => {
    for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      if (/(auto|scroll)/.test(getComputedStyle(a).overflowX)) return true;
    }
    return false;
  };
  const selector = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.documentElement && parts.length < 4; e = e.parentElement) {
      if (e.id) { parts.unshift(`#${CSS.escape(e.id)}`); break; }
      const same = e.parentElement ? [...e.parentElement.children].filter((c) => c.tagName === e.tagName) : [e];
      const nth = same.length > 1 ? `:nth-of-type(${same.indexOf(e) + 1})` : '';
      parts.unshift(e.tagName.toLowerCase() + nth);
    }
    return parts.join(' > ');
  };
  const wide = [...document.body.querySelectorAll('*')].filter(
    (el) => el.getBoundingClientRect().right > limit && !insideScroller(el),
  );
  const wideSet = new Set(wide);
  const outermost = wide.filter((el) => !wideSet.has(el.parentElement)).slice(0, 5);
  return `scrollWidth ${scrollWidth}px > ${width}px; widest: ${outermost.map(selector).join(', ') || 'unknown'}`;
}

/** Load one page at desktop, phone and 320 px widths; return its summary record. */
async function scanPage(browser, base, page, shotsDir, violations, findings) {
  const url = new URL(page, base).href;
  const origin = new URL(base).origin;
  const shots = { desktop: `${stem(page)}-desktop.png`, phone: `${stem(page)}-phone.png` };
  let found = [];
  try {
    found = await visit(browser, DESKTOP, url, origin, page, findings, async (tab) => {
      const pageViolations = await axeViolations(tab, page);
      await tab.screenshot({ path: path.join(shotsDir, shots.desktop), fullPage: true });
      await tab.setViewportSize({ width: REFLOW_WIDTH, height: DESKTOP.viewport.height });
      await tab.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const reflow = await tab.evaluate(reflowProblem, REFLOW_WIDTH);
      if (reflow) findings.push({ page, kind: 'horizontal scroll at 320px', detail: reflow });
      return pageViolations;
    });
    await visit(browser, PHONE, url, origin, page, findings, (tab) => (
      tab.screenshot({ path: path.join(shotsDir, shots.phone), fullPage: true })
    ));
  } catch (error) {
    findings.push({ page, kind: 'page failed to load', detail: String(error.message).split('\n')[0].replaceAll(base, '/') });
  }
  violations.push(...found);
  return { page, url: new URL(page, 'http://127.0.0.1/').pathname, violations: found.length, screenshots: shots };
}

function byKeys(...keys) {
  return (a, b) => {
    for (const k of keys) {
      const x = JSON.stringify(a[k]);
      const y = JSON.stringify(b[k]);
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  };
}

async function main() {
  const [siteArg, artifactArg] = process.argv.slice(2);
  if (!siteArg || !artifactArg) {
    process.stderr.write('usage: node scan.mjs <site_dir> <artifact_dir>\n');
    process.exit(2);
  }
  const site = path.resolve(siteArg);
  const shotsDir = path.join(path.resolve(artifactArg), 'screenshots');
  fs.mkdirSync(shotsDir, { recursive: true });
  const pages = htmlPages(site);
  const server = await serve(site);
  const base = `http://127.0.0.1:${server.address().port}/`;
  // Playwright gives every launch a fresh temporary profile (--user-data-dir) and deletes it on close.
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const records = [];
  const violations = [];
  const findings = [];
  try {
    records.push(...await inPool(pages, WORKERS, (page) => scanPage(browser, base, page, shotsDir, violations, findings)));
  } finally {
    await browser.close();
    server.close();
  }
  const uniqueFindings = [...new Map(findings.map((f) => [JSON.stringify(f), f])).values()];
  const report = {
    pages: records.sort(byKeys('page')),
    violations: violations.sort(byKeys('page', 'id')),
    findings: uniqueFindings.sort(byKeys('page', 'kind', 'detail')),
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.stderr.write(
    `a11y scan: ${report.pages.length} pages, ${report.violations.length} violations, `
    + `${report.findings.length} findings; screenshots in ${shotsDir}\n`,
  );
}

await main();
