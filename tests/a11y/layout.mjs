// Check every page of a built site at phone, tablet and desktop widths, in a real browser.
//
// Usage: node layout.mjs <site_dir> <artifact_dir> <pdf_name>
//
// For each page and width (320, 375, 768, 1280 CSS px) it records: sideways scrolling of the page
// (content inside a table's own scrolling box does not count), chart text under 12 CSS px as drawn, a
// status cell that a reader could only reach by scrolling the page sideways, and a page without a link
// to the PDF. At 320 x 568 (the smallest phone screen) the chapter's text (its first paragraph, or a
// table or figure placed before it) must start inside the first screen. Screenshots of the first screen at every width go to <artifact_dir>/layout/.
// Prints one JSON report; exits 0 whatever it finds, because the Python test decides what fails.

import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

import { CHROMIUM, CHROMIUM_ARGS, htmlPages, inPool, serve, stem } from './site.mjs';

const WIDTHS = [320, 375, 768, 1280];
const SCREEN_HEIGHT = { 320: 568, 375: 667, 768: 1024, 1280: 800 };
const MIN_CHART_TEXT_PX = 12;
const LOAD_TIMEOUT_MS = 30000;
const CHART_SETTLE_MS = 600;
const PAGES_AT_ONCE = 4;

/** Everything measured in the page at its current width (runs in the browser). */
function measure({ width, pdfName, minText }) {
  const problems = [];
  const scroller = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (/(auto|scroll)/.test(getComputedStyle(a).overflowX)) return a;
    }
    return null;
  };
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
  // 5. Where the chapter's text starts: its first paragraph, or a table or figure placed before it.
  const first = [...document.querySelectorAll('main p, main .table-wrap, main figure, main table')]
    .find((el) => !el.closest('nav, details, .site-menu, .page-toc, .disclosure-panel, caption') && el.textContent.trim());
  return { problems, firstParagraphTop: first ? Math.round(first.getBoundingClientRect().top + window.scrollY) : null };
}

async function checkPage(browser, base, page, shots, pdfName) {
  const results = [];
  for (const width of WIDTHS) {
    const context = await browser.newContext({ viewport: { width, height: SCREEN_HEIGHT[width] }, deviceScaleFactor: 1 });
    try {
      await context.route('**/*', (route) => (new URL(route.request().url()).origin === new URL(base).origin ? route.continue() : route.abort()));
      const tab = await context.newPage();
      await tab.goto(new URL(page, base).href, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
      await tab.evaluate(() => document.fonts.ready.then(() => true));
      await tab.waitForTimeout(CHART_SETTLE_MS);
      const found = await tab.evaluate(measure, { width, pdfName, minText: MIN_CHART_TEXT_PX });
      await tab.screenshot({ path: path.join(shots, `${stem(page)}-${width}.png`) });
      for (const problem of found.problems) results.push({ page, width, ...problem });
      if (width === 320 && found.firstParagraphTop !== null && found.firstParagraphTop > SCREEN_HEIGHT[320] - 24) {
        results.push({ page, width, kind: 'first paragraph below the first screen', detail: `starts at ${found.firstParagraphTop}px of ${SCREEN_HEIGHT[320]}px` });
      }
    } catch (error) {
      results.push({ page, width, kind: 'page failed to load', detail: String(error.message).split('\n')[0] });
    } finally {
      await context.close();
    }
  }
  return results;
}

async function main() {
  const [siteArg, artifactArg, pdfName] = process.argv.slice(2);
  if (!siteArg || !artifactArg || !pdfName) {
    process.stderr.write('usage: node layout.mjs <site_dir> <artifact_dir> <pdf_name>\n');
    process.exit(2);
  }
  const site = path.resolve(siteArg);
  const shots = path.join(path.resolve(artifactArg), 'layout');
  fs.mkdirSync(shots, { recursive: true });
  const pages = htmlPages(site);
  const server = await serve(site);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const findings = [];
  try {
    const perPage = await inPool(pages, PAGES_AT_ONCE, (page) => checkPage(browser, base, page, shots, pdfName));
    for (const found of perPage) findings.push(...found);
  } finally {
    await browser.close();
    server.close();
  }
  const key = (f) => `${f.page}|${String(f.width).padStart(5, '0')}|${f.kind}|${f.detail}`;
  findings.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  process.stdout.write(`${JSON.stringify({ pages, widths: WIDTHS, findings }, null, 2)}\n`);
}

await main();
