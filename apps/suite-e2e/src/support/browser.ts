import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const ROOT = resolve(__dirname, '../../../..');
/** Screenshots of every page the browser tests visit: test artifacts, ignored by git (tmp/). */
export const SCREENSHOTS = join(ROOT, 'tmp/e2e-screenshots');
export const WIDTHS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } } as const;

/** Debian's Chromium (scripts/lib.sh installs the `chromium` package); CHROMIUM_PATH overrides. Never a download. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  if (!executablePath) throw new Error('Chromium not found: install the Debian package `chromium` (scripts/lib.sh ensure_chromium) or set CHROMIUM_PATH');
  return chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding { id: string; impact: string; help: string; targets: string[] }

/** axe-core's serious and critical findings on the page as it is now (WCAG 2.1 A/AA and best practices). */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  // Evaluated through the DevTools protocol, so the dashboard's Content-Security-Policy (no inline script) holds.
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const result = await (globalThis as any).axe.run((globalThis as any).document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] });
    return result.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n: any) => String(n.target)) }));
  });
  return (violations as AxeFinding[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * At phone and desktop widths: a full-page screenshot (tmp/e2e-screenshots/<name>-<width>.png) and axe-core's
 * serious or critical findings, returned per width (expected empty).
 */
export async function checkPage(page: Page, name: string, ready: () => Promise<unknown>): Promise<Record<string, AxeFinding[]>> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const findings: Record<string, AxeFinding[]> = {};
  for (const [width, size] of Object.entries(WIDTHS)) {
    await page.setViewportSize(size);
    await ready();
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
    findings[width] = await axeViolations(page);
  }
  return findings;
}

/** Logs in through the dashboard's OIDC login (PKCE) on the development provider's page: a demo person, or any user and roles. */
export async function logIn(page: Page, dashboardUrl: string, who: { tenant: string; person?: string; user?: string; roles?: string[] }, onLoginPage?: () => Promise<void>): Promise<void> {
  await page.goto(dashboardUrl);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(/\/dev-oidc\/authorize/);
  await onLoginPage?.();
  await page.getByLabel('Tenant', { exact: true }).fill(who.tenant);
  if (who.person) await page.locator(`input[name=person][value="${who.person}"]`).check();
  else {
    await page.locator('input[name=person][value=other]').check();
    await page.getByLabel('User id').fill(who.user!);
    await page.getByLabel(/^Roles/).fill(who.roles!.join(','));
  }
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.locator('header .who').waitFor();
}
