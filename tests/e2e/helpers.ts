import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from './playwright.config';

export const DEMO_CASE = 'Ana Lucía Pérez Gómez';

export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Cases', level: 1 })).toBeVisible();
}

export async function openDemoCase(page: Page, tab: 'graph' | 'notes' | 'timeline' | 'map' | 'review' = 'graph'): Promise<void> {
  await page.getByRole('link', { name: DEMO_CASE }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(DEMO_CASE) })).toBeVisible();
  if (tab !== 'graph') await page.getByRole('tab', { name: new RegExp(`^${tab}$`, 'i') }).click();
}

/** Paths between two entities of the case's graph on screen: both checked, the paths panel opened and asked. Returns the panel. */
export async function findPaths(page: Page, from: string, to: string): Promise<Locator> {
  await page.getByRole('checkbox', { name: from, exact: true }).check();
  await page.getByRole('checkbox', { name: to, exact: true }).check();
  await page.getByRole('button', { name: 'Paths…' }).click();
  const panel = page.getByTestId('paths-panel');
  await panel.getByRole('button', { name: 'Find paths' }).click();
  return panel;
}

/**
 * The rules every axe check runs: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices. That is what
 * axe runs when given no tags, plus the 2.2 rules it leaves off unless asked (target size).
 */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

type AxeViolation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

/**
 * The serious and critical axe-core findings on the page, or only inside the elements `within` selects (a feature's
 * own region); minor ones are reported by the audit, not failed on. The graph's canvas is left out: a picture
 * (role img with a name), whose text alternative is the entity list.
 */
export async function axeSerious(page: Page, within?: string): Promise<AxeViolation[]> {
  const axe = new AxeBuilder({ page }).withTags(AXE_TAGS).exclude('.graph-canvas canvas');
  const r = await (within ? axe.include(within) : axe).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** `axeSerious`, each finding as its rule and up to three of the elements it found. */
export async function seriousViolations(page: Page, within?: string): Promise<string[]> {
  return (await axeSerious(page, within)).map(
    (v) =>
      `${v.id}: ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(', ')}`,
  );
}

export async function api<T>(page: Page, email: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const login = await page.request.post('/graphql', {
    data: { query: 'mutation($e:String!,$p:String!){login(email:$e,password:$p){token}}', variables: { e: email, p: DEMO_PASSWORD } },
  });
  const token = ((await login.json()) as { data: { login: { token: string } } }).data.login.token;
  const r = await page.request.post('/graphql', { data: { query, variables }, headers: { authorization: `Bearer ${token}` } });
  const body = (await r.json()) as { data?: T; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}
