// Check every page of a built site in a real browser: WCAG 2.2 AA (axe-core) and the layout at four widths.
//
// Usage: node check.mjs <site_dir> <artifact_dir> <pdf_name>
//
// The site is served from 127.0.0.1 by this script, so pages load exactly as a reader's browser loads them
// (relative links, fonts, images, the charts' own scripts). Each page is loaded afresh at 320, 375, 768 and
// 1280 CSS px, in one browser context per page (a context costs the browser a new process; a load in it does
// not), and at each width:
//
// - every request that leaves the loopback server is blocked and reported, as is every missing file and every
//   script error: a public site must not depend on, or leak readers to, third parties;
// - layout: sideways scrolling of the page (content inside a table's own scrolling box does not count), chart
//   text under 12 CSS px as drawn, a status cell that a reader could only reach by scrolling the page sideways,
//   a page without a link to the PDF, a table wider than the window (at every width, even inside its own
//   scrolling box) and, at 320 x 568 (the smallest phone screen), the chapter's own first sentence (not the
//   status notice) ending below the first screen, or the landing page's key messages or a chapter's first
//   rating starting below the second; a screenshot of the first screen goes to <artifact_dir>/layout/;
// - at 320 px, WCAG 1.4.10 Reflow, naming the widest elements that make the page scroll sideways;
// - at 375 and 1280 px, a screenshot of the whole page (<artifact_dir>/screenshots/, phone and desktop);
// - at 1280 px, axe-core's WCAG 2.2 AA rules.
//
// Prints one JSON object, {a11y: {pages, violations, findings}, layout: {pages, widths, findings}}, and a
// summary on stderr; exits 0 whatever it finds, because the Python tests decide what fails.

import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const WIDTHS = [320, 375, 768, 1280];
const SCREEN_HEIGHT = { 320: 568, 375: 667, 768: 1024, 1280: 800 };
const REFLOW_WIDTH = 320;
const PHONE_WIDTH = 375;
const DESKTOP_WIDTH = 1280;
const MIN_CHART_TEXT_PX = 12;
const KEY_CONTENT_SCREENS = 2; // the landing page's key messages, or a chapter's first rating, within two phone screens
const LOAD_TIMEOUT_MS = 30000;
const CHART_SETTLE_MS = 600; // the charts' script replaces each picture with a live chart after load
const PAGES_AT_ONCE = 3;

const MIME = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.map': 'application/json', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif',
  '.webp': 'image/webp', '.ico': 'image/x-icon', '.woff': 'font/woff', '.woff2': 'font/woff2',
  '.ttf': 'font/ttf', '.otf': 'font/otf', '.pdf': 'application/pdf', '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8', '.xml': 'application/xml', '.xlsx':
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '.ods':
    'application/vnd.oasis.opendocument.spreadsheet',
};

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Every .html file under root, as sorted POSIX paths relative to root. */
function htmlPages(root) {
  return fs.readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** Serve root read-only on 127.0.0.1 at a free port; resolves to the listening server. */
function serve(root) {
  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    let file = path.join(root, urlPath);
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, { 'Content-Type': MIME[path.extname(file).toLowerCase()] || 'application/octet-stream' });
      res.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Run `task` on every item, at most `workers` at once; results come back in the items' order. */
async function inPool(items, workers, task) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await task(items[i]);
  };
  await Promise.all(Array.from({ length: Math.min(workers, items.length) }, worker));
  return results;
}

/** Screenshot file stem for a page: "notebooks/01_intro.html" -> "notebooks-01_intro". */
function stem(page) {
  return page.replace(/\.html$/, '').replaceAll('/', '-');
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
 * Everything measured in the page at its current width (runs in the browser): the layout problems, where the
 * chapter's text starts and, at `reflowWidth`, WCAG 1.4.10 Reflow.
 */
function measure({ width, pdfName, minText, reflowWidth }) {
  const problems = [];
  // The nearest box below `top` that scrolls sideways on its own (a wide table's overflow-x: auto wrapper).
  const scrollerBelow = (el, top) => {
    for (let a = el.parentElement; a && a !== top; a = a.parentElement) {
      if (/(auto|scroll)/.test(getComputedStyle(a).overflowX)) return a;
    }
    return null;
  };
  const scroller = (el) => scrollerBelow(el, document.body);
  const name = (el) => {
    const label = el.closest('[id]');
    return `${el.tagName.toLowerCase()}${label ? ` in #${label.id}` : ''}`;
  };
  // 1. The page itself never scrolls sideways.
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth > width + 1) {
    const wide = [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && !scroller(el))
      .slice(0, 3).map(name);
    problems.push({ kind: 'page wider than the screen', detail: `${scrollWidth}px > ${width}px; ${wide.join(', ')}` });
  }
  // 2. Chart text as drawn: live SVG text through its transform, static SVG images by their scale.
  const small = [];
  for (const text of document.querySelectorAll('main svg text')) {
    if (!text.textContent.trim() || text.closest('.easy-read-picture')) continue;
    const box = text.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    const matrix = text.getScreenCTM();
    const size = parseFloat(getComputedStyle(text).fontSize) * (matrix ? Math.hypot(matrix.a, matrix.b) : 1);
    if (size < minText - 0.01) small.push(`${size.toFixed(1)}px "${text.textContent.trim().slice(0, 30)}"`);
  }
  for (const img of document.querySelectorAll('main img[src^="data:image/svg+xml"]')) {
    if (img.offsetParent === null) continue;
    const svg = new DOMParser().parseFromString(atob(img.src.split(',')[1]), 'image/svg+xml').documentElement;
    const viewBox = (svg.getAttribute('viewBox') || '').split(/[ ,]+/).map(Number);
    const intrinsic = viewBox.length === 4 ? viewBox[2] : parseFloat(svg.getAttribute('width'));
    const scale = img.getBoundingClientRect().width / intrinsic;
    for (const text of svg.querySelectorAll('text')) {
      const style = (text.getAttribute('style') || '').match(/font-size:\s*([\d.]+)/);
      const size = parseFloat(text.getAttribute('font-size') || (style && style[1]) || '16') * scale;
      if (text.textContent.trim() && size < minText - 0.01) small.push(`${size.toFixed(1)}px "${text.textContent.trim().slice(0, 30)}" (static image)`);
    }
  }
  if (small.length) problems.push({ kind: 'chart text under 12px', detail: `${small.length} texts, smallest: ${small.sort((a, b) => parseFloat(a) - parseFloat(b)).slice(0, 3).join('; ')}` });
  // 3. Each status cell can be read without scrolling the page: on screen, or in a table box that is.
  for (const cell of document.querySelectorAll('main td')) {
    if (!cell.querySelector('.status') && !/^(not |partly )?achieved$|^not rated$/i.test(cell.textContent.trim())) continue;
    const box = scroller(cell);
    const right = (box || cell).getBoundingClientRect().right;
    if (right > width + 1) problems.push({ kind: 'status out of reach', detail: `"${cell.textContent.trim()}" ends at ${Math.round(right)}px` });
  }
  // 4. Every page links to the PDF.
  if (![...document.querySelectorAll('a[href]')].some((a) => a.getAttribute('href').split(/[?#]/)[0].endsWith(pdfName))) {
    problems.push({ kind: 'no link to the PDF', detail: pdfName });
  }
  // 5. Every table fits the window: at 320 px as labelled rows (or a table that fits), at 1280 px whole. A
  //    table wider than its own scrolling box counts too: its last columns are out of a reader's sight.
  const windowWidth = document.documentElement.clientWidth;
  // A table folded in a closed <details> ("Data behind the chart") is opened for this and folded again.
  const closed = [...document.querySelectorAll('main details:not([open])')];
  closed.forEach((d) => { d.open = true; });
  for (const table of document.querySelectorAll('main table')) {
    const box = table.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    const room = scroller(table) ? scroller(table).clientWidth : windowWidth;
    if (box.width > room + 1 || box.right > windowWidth + 1) {
      const caption = (table.querySelector('caption') || table).textContent.trim().replace(/\s+/g, ' ').slice(0, 60);
      problems.push({ kind: 'table wider than the window', detail: `${Math.round(box.width)}px (ends at ${Math.round(box.right)}px) > ${Math.round(room)}px of room in a ${windowWidth}px window: "${caption}"` });
    }
  }
  closed.forEach((d) => { d.open = false; });
  // 6. Where the chapter's own text starts: the end of the first sentence of its first paragraph (or a table or
  //    figure placed before it). The publication's status notice, menus and contents are not the chapter's text.
  const outside = 'nav, details, .site-menu, .page-toc, .disclosure-panel, caption, .publication-status, [role="note"], header';
  const first = [...document.querySelectorAll('main p, main .table-wrap, main figure, main table')]
    .find((el) => !el.closest(outside) && el.textContent.trim());
  // 7. Where the page's key content starts: the landing page's key messages, or a theme chapter's ratings.
  const key = document.querySelector('main #key-messages, main .chapter-ratings');
  return {
    problems,
    firstParagraphTop: first ? Math.round(first.getBoundingClientRect().top + window.scrollY) : null,
    firstSentenceBottom: first ? Math.round(sentenceBottom(first) + window.scrollY) : null,
    keyContentTop: key ? Math.round(key.getBoundingClientRect().top + window.scrollY) : null,
    reflow: width === reflowWidth ? reflowProblem() : null,
  };

  /** The bottom of the first sentence of `el` (its first full stop, question or exclamation mark + space). */
  function sentenceBottom(el) {
    if (el.matches('figure, table, .table-wrap')) return el.getBoundingClientRect().top + 24;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let started = false;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!started) { range.setStart(node, 0); started = true; }
      const stop = node.data.search(/[.!?](\s|$)/);
      if (stop >= 0) { range.setEnd(node, stop + 1); return range.getBoundingClientRect().bottom; }
      range.setEnd(node, node.data.length);
    }
    return started ? range.getBoundingClientRect().bottom : el.getBoundingClientRect().bottom;
  }

  /**
   * Reflow: at 320 CSS px the document must not scroll sideways. Content inside a scrollable wrapper may
   * scroll on its own, so it never counts; the widest offending elements outside such wrappers are named.
   */
  function reflowProblem() {
    const limit = width + 1;
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth <= limit) return null;
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
      (el) => el.getBoundingClientRect().right > limit && !scrollerBelow(el, document.documentElement),
    );
    const wideSet = new Set(wide);
    const outermost = wide.filter((el) => !wideSet.has(el.parentElement)).slice(0, 5);
    return `scrollWidth ${scrollWidth}px > ${width}px; widest: ${outermost.map(selector).join(', ') || 'unknown'}`;
  }
}

/** Check one page at every width; adds to out.{violations, findings, layout}, returns its a11y record. */
async function checkPage(browser, base, page, dirs, pdfName, out) {
  const url = new URL(page, base).href;
  const origin = new URL(base).origin;
  const shots = { desktop: `${stem(page)}-desktop.png`, phone: `${stem(page)}-phone.png` };
  const context = await browser.newContext({ viewport: { width: DESKTOP_WIDTH, height: SCREEN_HEIGHT[DESKTOP_WIDTH] } });
  let violations = [];
  try {
    await context.route('**/*', (route) => {
      const requested = route.request().url();
      if (new URL(requested).origin === origin) return route.continue();
      out.findings.push({ page, kind: 'external request', detail: requested });
      return route.abort('blockedbyclient');
    });
    const tab = await context.newPage();
    tab.on('response', (response) => {
      if (response.status() >= 400 && new URL(response.url()).origin === origin) {
        out.findings.push({ page, kind: 'missing resource', detail: `${response.status()} ${new URL(response.url()).pathname}` });
      }
    });
    tab.on('pageerror', (error) => out.findings.push({ page, kind: 'script error', detail: String(error.message) }));
    for (const width of WIDTHS) {
      try {
        await tab.setViewportSize({ width, height: SCREEN_HEIGHT[width] });
        await tab.goto(url, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS }); // afresh: scripts see this width
        await tab.evaluate(() => document.fonts.ready.then(() => true));
        await tab.waitForTimeout(CHART_SETTLE_MS);
        const found = await tab.evaluate(measure, { width, pdfName, minText: MIN_CHART_TEXT_PX, reflowWidth: REFLOW_WIDTH });
        await tab.screenshot({ path: path.join(dirs.layout, `${stem(page)}-${width}.png`) });
        for (const problem of found.problems) out.layout.push({ page, width, ...problem });
        if (width === REFLOW_WIDTH) {
          if (found.firstSentenceBottom !== null && found.firstSentenceBottom > SCREEN_HEIGHT[width]) {
            out.layout.push({ page, width, kind: 'first sentence below the first screen', detail: `its first sentence starts at ${found.firstParagraphTop}px and ends at ${found.firstSentenceBottom}px of ${SCREEN_HEIGHT[width]}px` });
          }
          if (found.keyContentTop !== null && found.keyContentTop > KEY_CONTENT_SCREENS * SCREEN_HEIGHT[width]) {
            out.layout.push({ page, width, kind: 'key content below the second screen', detail: `key messages or ratings at ${found.keyContentTop}px, ${(found.keyContentTop / SCREEN_HEIGHT[width]).toFixed(1)} screens` });
          }
          out.measures.push({ page, firstSentenceBottom: found.firstSentenceBottom, keyContentTop: found.keyContentTop });
          if (found.reflow) out.findings.push({ page, kind: `horizontal scroll at ${width}px`, detail: found.reflow });
        }
        if (width === PHONE_WIDTH) await tab.screenshot({ path: path.join(dirs.shots, shots.phone), fullPage: true });
        if (width === DESKTOP_WIDTH) {
          violations = await axeViolations(tab, page);
          await tab.screenshot({ path: path.join(dirs.shots, shots.desktop), fullPage: true });
        }
      } catch (error) {
        const detail = String(error.message).split('\n')[0].replaceAll(base, '/');
        out.layout.push({ page, width, kind: 'page failed to load', detail });
        out.findings.push({ page, kind: 'page failed to load', detail });
      }
    }
  } finally {
    await context.close();
  }
  out.violations.push(...violations);
  return { page, url: new URL(page, 'http://127.0.0.1/').pathname, violations: violations.length, screenshots: shots };
}

function byKeys(...keys) {
  return (a, b) => {
    for (const k of keys) {
      const numbers = typeof a[k] === 'number' && typeof b[k] === 'number'; // widths: 320 before 1280
      const x = numbers ? a[k] : JSON.stringify(a[k]);
      const y = numbers ? b[k] : JSON.stringify(b[k]);
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  };
}

const unique = (records) => [...new Map(records.map((r) => [JSON.stringify(r), r])).values()];

async function main() {
  const [siteArg, artifactArg, pdfName] = process.argv.slice(2);
  if (!siteArg || !artifactArg || !pdfName) {
    process.stderr.write('usage: node check.mjs <site_dir> <artifact_dir> <pdf_name>\n');
    process.exit(2);
  }
  const site = path.resolve(siteArg);
  const dirs = { shots: path.join(path.resolve(artifactArg), 'screenshots'), layout: path.join(path.resolve(artifactArg), 'layout') };
  Object.values(dirs).forEach((dir) => fs.mkdirSync(dir, { recursive: true }));
  const pages = htmlPages(site);
  const server = await serve(site);
  const base = `http://127.0.0.1:${server.address().port}/`;
  // Playwright gives every launch a fresh temporary profile (--user-data-dir) and deletes it on close.
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const out = { violations: [], findings: [], layout: [], measures: [] };
  let records = [];
  try {
    records = await inPool(pages, PAGES_AT_ONCE, (page) => checkPage(browser, base, page, dirs, pdfName, out));
  } finally {
    await browser.close();
    server.close();
  }
  const a11y = {
    pages: records.sort(byKeys('page')),
    violations: out.violations.sort(byKeys('page', 'id')),
    findings: unique(out.findings).sort(byKeys('page', 'kind', 'detail')),
  };
  const layout = {
    pages,
    widths: WIDTHS,
    findings: unique(out.layout).sort(byKeys('page', 'width', 'kind', 'detail')),
    measures: out.measures.sort(byKeys('page')), // at 320 x 568, in CSS px from the top of the page
  };
  process.stdout.write(`${JSON.stringify({ a11y, layout }, null, 2)}\n`);
  process.stderr.write(
    `browser check: ${pages.length} pages at ${WIDTHS.join(', ')} px; ${a11y.violations.length} violations, `
    + `${a11y.findings.length} findings, ${layout.findings.length} layout problems; screenshots in ${artifactArg}\n`,
  );
}

await main();
