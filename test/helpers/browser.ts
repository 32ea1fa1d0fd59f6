import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { Browser, Page } from 'puppeteer-core';

/** Headless Chromium as CI installs it (Debian's package); the suite runs as root, hence no sandbox. */
export function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/** A page with what went wrong on it: requests that tried to leave the machine, and script errors. */
export interface BrowserPage {
  page: Page;
  baseUrl: string;
  /** Requests for anywhere but 127.0.0.1, each aborted before it left. */
  outsideRequests: string[];
  /** Uncaught exceptions, and console errors (Chromium reports CSP violations as these). */
  errors: string[];
  /** Goes to a path of the service and waits for its page to load; the response, for its status. */
  visit(path: string): Promise<{ status: number; url: string }>;
}

export async function openPage(browser: Browser, baseUrl: string): Promise<BrowserPage> {
  // A context of its own: no cookie is shared with another test's page.
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const outsideRequests: string[] = [];
  const errors: string[] = [];
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = new URL(request.url());
    const local = url.hostname === '127.0.0.1' || url.protocol === 'data:';
    if (local) return void request.continue();
    outsideRequests.push(request.url());
    void request.abort('blockedbyclient');
  });
  page.on('pageerror', (error) => errors.push(`page error: ${String(error)}`));
  // Chromium logs a failed load as a console error. A page's own status is the test's to check,
  // and the favicon is one the browser asks for unbidden; any other failed load is an error.
  const documents = new Set<string>();
  page.on('response', (response) => {
    const request = response.request();
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
      documents.add(response.url());
    }
  });
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const from = message.location().url ?? '';
    const failedLoad = message.text().startsWith('Failed to load resource');
    if (failedLoad && (documents.has(from) || new URL(from).pathname === '/favicon.ico')) return;
    errors.push(`console error: ${message.text()}${failedLoad ? ` (${from})` : ''}`);
  });
  return {
    page,
    baseUrl,
    outsideRequests,
    errors,
    async visit(path) {
      const response = await page.goto(new URL(path, baseUrl).toString(), {
        waitUntil: 'load',
      });
      return { status: response?.status() ?? 0, url: page.url() };
    },
  };
}

/** Closes a page and the context it was opened in. */
export async function closePage({ page }: BrowserPage): Promise<void> {
  await page.browserContext().close();
}

/** The end of every browser test: nothing left the machine and no script failed. */
export function expectClean({ outsideRequests, errors }: BrowserPage): void {
  expect({ outsideRequests, errors }).toEqual({ outsideRequests: [], errors: [] });
}

/** Signs in with a key through the form, as a person would; lands wherever the form's next says. */
export async function signIn(wrapper: BrowserPage, key: string, path = '/sign-in'): Promise<void> {
  const { page } = wrapper;
  if (!new URL(page.url(), wrapper.baseUrl).pathname.startsWith('/sign-in')) {
    await wrapper.visit(path);
  }
  await page.type('#key', key);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/sign-in"] button')]);
}

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

let axeSource: string | undefined;

/** What the suite uses of axe-core's page API (`axe.run`), as the page's global `axe` gives it. */
interface AxeRunner {
  run(context: unknown): Promise<{
    violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
  }>;
}

/**
 * The serious and critical accessibility violations axe-core finds on the page as it stands, or
 * in the part of it a context names (axe's `include`/`exclude` selectors).
 * Its source goes in by evaluation: the CSP refuses an injected script tag, as it should.
 */
export async function checkAccessibility(
  page: Page,
  context: { include?: string[]; exclude?: string[] } = {},
): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  return page.evaluate(async (context) => {
    const { axe, document } = globalThis as unknown as { axe: AxeRunner; document: unknown };
    const { violations } = await axe.run(context.include || context.exclude ? context : document);
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
      }));
  }, context);
}

/** A PNG of the page: into docs/screenshots with UPDATE_SCREENSHOTS=1, else a temporary folder. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir =
    process.env.UPDATE_SCREENSHOTS === '1'
      ? join(__dirname, '..', '..', 'docs', 'screenshots')
      : join(tmpdir(), 'register-screenshots');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
