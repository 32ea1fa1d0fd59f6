import type { AddressInfo } from 'node:net';
import type { Browser } from 'puppeteer-core';
import { SESSION_COOKIE } from '../src/console/console-http';
import {
  BrowserPage,
  checkAccessibility,
  closePage,
  expectClean,
  launchBrowser,
  openPage,
  screenshot,
  signIn,
} from './helpers/browser';
import { createTestApp, TestApp } from './helpers/test-app';

// Where Chromium is (CHROMIUM_PATH, set by .ci/run), as the PostgreSQL suite runs where
// TEST_DATABASE_URL is; `npm test` elsewhere skips it.
const describeWithBrowser = process.env.CHROMIUM_PATH ? describe : describe.skip;

describeWithBrowser('The console in a browser (e2e)', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let current: BrowserPage | undefined;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  afterEach(async () => {
    if (current) await closePage(current);
    current = undefined;
  });

  /** A fresh page (no cookies) at a path of the service; each test asks for one. */
  async function visit(path: string): Promise<BrowserPage> {
    current = await openPage(browser, baseUrl);
    const { status } = await current.visit(path);
    expect(status).toBeLessThan(500);
    return current;
  }

  const text = (b: BrowserPage, selector: string) =>
    b.page.$eval(selector, (el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim());

  const pathOf = (b: BrowserPage) => {
    const url = new URL(b.page.url());
    return `${url.pathname}${url.search}`;
  };

  describe('signing in and out', () => {
    it('lands a coordinator on the boroughs page with all 33 authorities', async () => {
      const b = await visit('/sign-in?next=/');
      await signIn(b, 'demo-coordinator');
      expect(pathOf(b)).toBe('/');
      expect(await b.page.title()).toBe('Boroughs · London Contract Register');
      expect(await b.page.$$eval('main table tbody tr', (rows) => rows.length)).toBe(33);
      expect(await text(b, 'main table caption')).toBe('33 authorities');
      expect(await text(b, 'header .who')).toMatch(/\(coordinator\)$/);
      await screenshot(b.page, 'boroughs');
      expectClean(b);
    });

    it('refuses a wrong key with 401 and keeps the visitor on the sign-in form', async () => {
      const b = await visit('/sign-in');
      await b.page.type('#key', 'not-a-key');
      const [response] = await Promise.all([
        b.page.waitForNavigation(),
        b.page.click('form[action="/sign-in"] button'),
      ]);
      expect(response?.status()).toBe(401);
      expect(pathOf(b)).toBe('/sign-in');
      expect(await b.page.title()).toBe('Sign in · London Contract Register');
      expect(await b.page.$eval('#key', (el) => el.getAttribute('aria-invalid'))).toBe('true');
      expect(await b.page.$$eval('main form[action="/sign-in"]', (forms) => forms.length)).toBe(1);
      expect((await b.page.cookies()).map((c) => c.name)).not.toContain(SESSION_COOKIE);
      expectClean(b);
    });

    it('sends a signed-out visitor to sign in, then back to the page asked for', async () => {
      const b = await visit('/');
      expect(pathOf(b)).toBe('/sign-in?next=%2F');
      await signIn(b, 'demo-cmd');
      expect(pathOf(b)).toBe('/');
      expect(await b.page.$$eval('main table tbody tr', (rows) => rows.length)).toBe(33);
      expectClean(b);
    });

    it('ends the session at sign-out: the boroughs page asks to sign in again', async () => {
      const b = await visit('/sign-in?next=/');
      await signIn(b, 'demo-coordinator');
      await Promise.all([
        b.page.waitForNavigation(),
        b.page.click('form[action="/sign-out"] button'),
      ]);
      expect(pathOf(b)).toBe('/sign-in?signedOut=1');
      expect(await text(b, 'main .notice')).toBe('You have signed out.');
      await b.visit('/');
      expect(pathOf(b)).toBe('/sign-in?next=%2F');
      expectClean(b);
    });

    it('refuses a sign-in form sent without its CSRF token with 403, making no session', async () => {
      const b = await visit('/sign-in');
      await b.page.$eval('input[name="_csrf"]', (el) => el.remove());
      await b.page.type('#key', 'demo-coordinator');
      const [response] = await Promise.all([
        b.page.waitForNavigation(),
        b.page.click('form[action="/sign-in"] button'),
      ]);
      expect(response?.status()).toBe(403);
      expect(await b.page.title()).toBe('This form has expired · London Contract Register');
      expect((await b.page.cookies()).map((c) => c.name)).not.toContain(SESSION_COOKIE);
      await b.visit('/');
      expect(pathOf(b)).toBe('/sign-in?next=%2F');
      expectClean(b);
    });

    it('keeps the session in an HttpOnly, SameSite=Lax cookie', async () => {
      const b = await visit('/sign-in?next=/');
      await signIn(b, 'demo-coordinator');
      const cookie = (await b.page.cookies()).find((c) => c.name === SESSION_COOKIE);
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });
      expectClean(b);
    });
  });

  describe('GraphiQL at /graphql', () => {
    it('shows the editor and the schema in its documentation, loading nothing from elsewhere', async () => {
      const b = await visit('/graphql');
      expect(await b.page.title()).toBe('GraphQL · London Contract Register');
      await b.page.waitForSelector('.graphiql-query-editor .CodeMirror');
      expect(await text(b, '.graphiql-editor-tool .graphiql-editor:not(.hidden)')).toContain(
        '"Authorization": "Bearer <your API key>"',
      );
      await b.page.click('button[aria-label="Show Documentation Explorer"]');
      const queryType = await b.page.waitForSelector(
        '.graphiql-doc-explorer-root-type + a.graphiql-doc-explorer-type-name',
      );
      expect(await queryType!.evaluate((el) => el.textContent)).toBe('Query');
      await queryType!.click();
      await b.page.waitForSelector('.graphiql-doc-explorer-field-name');
      const fields = await b.page.$$eval('.graphiql-doc-explorer-field-name', (els) =>
        els.map((el) => el.textContent),
      );
      expect(fields).toEqual(expect.arrayContaining(['boroughs', 'expiryClusters']));
      await screenshot(b.page, 'graphiql');
      expectClean(b);
    });
  });

  describe('accessibility (axe: no serious or critical violation)', () => {
    it('finds none on the sign-in page', async () => {
      const b = await visit('/sign-in');
      expect(await checkAccessibility(b.page)).toEqual([]);
      expectClean(b);
    });

    it('finds none on the boroughs page', async () => {
      const b = await visit('/');
      await signIn(b, 'demo-coordinator');
      expect(await checkAccessibility(b.page)).toEqual([]);
      expectClean(b);
    });

    it('finds none around GraphiQL, and inside it only the known findings of GraphiQL 3.8.3', async () => {
      const b = await visit('/graphql');
      await b.page.waitForSelector('.graphiql-query-editor .CodeMirror');
      await b.page.click('button[aria-label="Show Documentation Explorer"]');
      await b.page.waitForSelector('.graphiql-doc-explorer-type-name');
      expect(await checkAccessibility(b.page, { exclude: ['#graphiql'] })).toEqual([]);
      // GraphiQL 3.8.3's own findings, in its theme and its CodeMirror 5 editors (low-contrast
      // line numbers and type links, unlabelled editor textareas, scroll areas without focus, links
      // told apart by colour alone): listed so that a new one, or a fix, makes this test fail.
      const graphiql = await checkAccessibility(b.page, { include: ['#graphiql'] });
      expect(graphiql.map((v) => v.id)).toEqual([
        'color-contrast',
        'label',
        'link-in-text-block',
        'scrollable-region-focusable',
      ]);
      expectClean(b);
    });
  });
});
