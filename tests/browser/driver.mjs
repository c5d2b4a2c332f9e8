// Drives Debian's Chromium through the fnjobs console for the JUnit tests (ConsoleBrowserE2ETest): reads one
// JSON command a line on stdin, answers one JSON line on stdout, so that the Java test can act on the stack
// (upload, stop the mail server) between steps while the page stays open.
//
//   node driver.mjs --base http://127.0.0.1:PORT --screenshots DIR [--chromium /usr/bin/chromium]
//
// Commands: {"do":"goto","path":"/#/runs"}, {"do":"waitFor","selector":"tr.run","text":"x","timeoutMs":2000},
// {"do":"click",...}, {"do":"fill","selector":...,"value":...}, {"do":"select",...}, {"do":"texts","selector":...},
// {"do":"count","selector":...}, {"do":"screenshot","name":"overview"}, {"do":"mark","name":"console:first-rows"},
// {"do":"requests"}, {"do":"problems"}, {"do":"quit"}. Every answer has "ok"; a failed command answers {"ok":false,"error":...}.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const options = parseArguments(process.argv.slice(2));
const userDataDir = mkdtempSync(join(tmpdir(), 'fnjobs-chromium-'));
mkdirSync(options.screenshots, { recursive: true });

const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: options.chromium,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--no-first-run', '--disable-sync', '--disable-quic'],
  viewport: { width: 1440, height: 900 },
  baseURL: options.base,
});
const page = context.pages()[0] || await context.newPage();
const problems = [];
page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
page.on('console', (message) => {
  if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
});
page.on('dialog', (dialog) => {
  problems.push(`a window.${dialog.type()}() opened: ${dialog.message()}`);
  dialog.dismiss();
});

const commands = {
  async goto({ path }) {
    await page.goto(path, { waitUntil: 'load' });
    return {};
  },
  async waitFor({ selector, text, timeoutMs = 10000, state = 'visible' }) {
    const started = Date.now();
    await locate(selector, text).waitFor({ state, timeout: timeoutMs });
    return { ms: Date.now() - started };
  },
  async click({ selector, text, timeoutMs = 10000, holdMs = 0 }) {
    await locate(selector, text).click({ timeout: timeoutMs, delay: holdMs });
    return {};
  },
  async fill({ selector, value }) {
    await page.locator(selector).first().fill(value);
    return {};
  },
  async select({ selector, value }) {
    await page.locator(selector).first().selectOption(value);
    return {};
  },
  async press({ selector, key }) {
    await page.locator(selector).first().press(key);
    return {};
  },
  async texts({ selector }) {
    return { texts: await page.locator(selector).allTextContents() };
  },
  async count({ selector }) {
    return { count: await page.locator(selector).count() };
  },
  async location() {
    return { url: page.url() };
  },
  async screenshot({ name }) {
    const file = join(options.screenshots, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return { file };
  },
  async mark({ name, timeoutMs = 30000 }) {
    await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, name, { timeout: timeoutMs });
    return { ms: await page.evaluate((mark) => performance.getEntriesByName(mark)[0].startTime, name) };
  },
  async requests() {
    // the current document's requests, in ms from the start of its navigation: where a page load's time went
    const entries = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => ({
      path: new URL(entry.name).pathname + new URL(entry.name).search, start: entry.startTime, end: entry.responseEnd,
    })));
    return { requests: entries.map((entry) => `${entry.path} ${Math.round(entry.start)}-${Math.round(entry.end)} ms`) };
  },
  async problems() {
    return { problems: problems.splice(0) };
  },
};

function locate(selector, text) {
  const all = page.locator(selector);
  return (text === undefined ? all : all.filter({ hasText: text })).first();
}

function parseArguments(args) {
  const parsed = { chromium: '/usr/bin/chromium' };
  for (let i = 0; i < args.length; i += 2) {
    parsed[args[i].replace(/^--/, '')] = args[i + 1];
  }
  if (!parsed.base || !parsed.screenshots) {
    console.error('usage: node driver.mjs --base URL --screenshots DIR [--chromium PATH]');
    process.exit(2);
  }
  return parsed;
}

function answer(value) {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

answer({ ok: true, ready: true, browser: context.browser() ? context.browser().version() : 'chromium' });
let exitCode = 0;
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  let command;
  try {
    command = JSON.parse(line);
  } catch (error) {
    answer({ ok: false, error: `not JSON: ${line}` });
    continue;
  }
  if (command.do === 'quit') {
    exitCode = problems.length ? 1 : 0;
    answer({ ok: true, problems });
    break;
  }
  const run = commands[command.do];
  if (!run) {
    answer({ ok: false, error: `no command '${command.do}'; the commands are ${Object.keys(commands).join(', ')}, quit` });
    continue;
  }
  try {
    answer({ ok: true, ...(await run(command)) });
  } catch (error) {
    answer({ ok: false, error: error.message.split('\n').slice(0, 6).join('\n') });
  }
}
await context.close();
rmSync(userDataDir, { recursive: true, force: true });
process.exit(exitCode);
