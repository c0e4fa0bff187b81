/**
 * The window in each of its languages, on the built bundle against the emulator and the bot: the
 * texts are the language's, Hebrew and Arabic are laid out right to left (the launcher and the
 * window on the left, the visitor's lines on the left and the agent's on the right), axe finds
 * nothing, and a screenshot of each is attached to the run (an artefact to look at, not compared).
 */
import type { Locator, Route } from '@playwright/test';
import { test, expect, axeViolations } from './fixtures.js';
import { en, type Strings } from '../src/i18n/strings.js';
import es from '../src/i18n/locales/es.js';
import de from '../src/i18n/locales/de.js';
import fr from '../src/i18n/locales/fr.js';
import he from '../src/i18n/locales/he.js';
import ar from '../src/i18n/locales/ar.js';

/** Each language with its table and the launcher's name written out, as a reader would expect it. */
const LOCALES: [lang: string, t: Strings, launcher: string][] = [
  ['en', en, 'Chat with us'],
  ['es', es, 'Chatea con nosotros'],
  ['de', de, 'Chatten Sie mit uns'],
  ['fr', fr, 'Discutez avec nous'],
  ['he', he, 'דברו איתנו בצ׳אט'],
  ['ar', ar, 'تحدّث معنا'],
];

const box = async (locator: Locator) => (await locator.boundingBox())!;

test.use({ emulatorOptions: { config: { surveys: { preChat: null } } } });

for (const [lang, t, name] of LOCALES) {
  test(`${lang}: the window speaks it, ${t.dir === 'rtl' ? 'right to left' : 'left to right'}`, async ({ page, platform }, testInfo) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto(`${platform.pageUrl}&lang=${lang}`);
    expect(t.launcher).toBe(name);
    const launcher = page.getByRole('button', { name });
    await expect(launcher).toBeVisible();
    // The launcher sits at the end of the line: bottom right, bottom left in a right-to-left language.
    const { x } = await box(launcher);
    expect(t.dir === 'rtl' ? x < 100 : x > 900, `launcher at x=${x}`).toBe(true);
    await launcher.click();

    const dialog = page.getByRole('dialog', { name: t.title });
    await expect(dialog).toBeVisible();
    expect(await dialog.evaluate((el) => [el.closest('[lang]')!.getAttribute('lang'), getComputedStyle(el).direction])).toEqual([lang, t.dir]);
    const log = dialog.getByRole('log', { name: t.log });
    await expect(log.getByText(/Hi! I'm Alex/)).toBeVisible();
    await expect(dialog.locator('[part=status]')).toHaveText(t.chattingWith('Alex'));
    await expect(dialog.getByRole('button', { name: t.end })).toBeVisible();
    await expect(dialog.getByRole('button', { name: t.close })).toBeVisible();

    const message = dialog.getByRole('textbox', { name: t.message });
    await expect(message).toHaveAttribute('placeholder', t.message);
    await message.fill('ok');
    await dialog.getByRole('button', { name: t.send, exact: true }).click();
    await expect(log.getByText('You said: ok')).toBeVisible();

    // The visitor's line sits at the end of the line, the agent's at the start.
    const area = await box(log);
    const middle = area.x + area.width / 2;
    const visitor = await box(log.locator('[part~=message--visitor] [part=bubble]').last());
    const agent = await box(log.locator('[part~=message--agent] [part=bubble]').last());
    if (t.dir === 'rtl') {
      expect(visitor.x + visitor.width, 'the visitor on the left').toBeLessThan(middle);
      expect(agent.x, 'the agent on the right').toBeGreaterThan(middle);
    } else {
      expect(visitor.x, 'the visitor on the right').toBeGreaterThan(middle);
      expect(agent.x + agent.width, 'the agent on the left').toBeLessThan(middle);
    }
    // The title bar mirrors too: the title at the start, minimise at the end.
    const title = await box(dialog.getByRole('heading', { name: t.title }));
    const minimise = await box(dialog.getByRole('button', { name: t.close }));
    expect(t.dir === 'rtl' ? minimise.x < title.x : minimise.x > title.x).toBe(true);

    expect(await axeViolations(page)).toEqual([]);
    const path = testInfo.outputPath(`${lang}.png`);
    await page.screenshot({ path });
    await testInfo.attach(`${lang}.png`, { path, contentType: 'image/png' });

    // Minimised, the launcher counts what arrives in the language's plural.
    await dialog.getByRole('button', { name: t.close }).click();
    await expect(dialog).toBeHidden();
    const [chat] = [...platform.emulator.state.chats.values()];
    await fetch(`${platform.emulator.url}/_emulator/chats/${chat!.id}/url`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: 'https://shop.example/orders/7', text: 'Your order' }),
    });
    await expect(page.getByRole('button', { name: t.launcher + t.comma + t.unread(1) })).toBeVisible();
  });
}

test('the first thing shown is in the language: nothing shows while its table loads', async ({ page, platform }) => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let asked = false;
  await page.route(/\/dist\/lp-chat-window-es\.js$/, async (route: Route) => {
    asked = true;
    await held;
    await route.continue();
  });
  await page.goto(`${platform.pageUrl}&lang=es-MX`);
  await expect.poll(() => asked).toBe(true);
  await page.waitForTimeout(200);
  const shown = () => page.locator('lp-chat-window').evaluate((el) => el.shadowRoot!.querySelector('.root')?.textContent ?? null);
  expect(await shown()).toBeNull();
  release();
  await expect(page.getByRole('button', { name: es.launcher })).toBeVisible();
  expect(await shown()).not.toContain(en.launcher);
});

test.describe('without a lang attribute', () => {
  test.use({ emulatorOptions: { config: { surveys: { preChat: null }, engagement: { language: 'de-DE' } } } });

  test("the engagement's language is spoken, and the chat is requested in it", async ({ page, platform }) => {
    await page.goto(platform.pageUrl);
    const launcher = page.getByRole('button', { name: de.launcher });
    await expect(launcher).toBeVisible();
    await launcher.click();
    const dialog = page.getByRole('dialog', { name: de.title });
    await expect(dialog.getByText(de.chattingWith('Alex'))).toBeVisible();
    const [chat] = [...platform.emulator.state.chats.values()];
    expect(chat!.request.language).toBe('de-DE');
  });

  test('the lang attribute wins over the engagement', async ({ page, platform }) => {
    await page.goto(`${platform.pageUrl}&lang=fr-CA`);
    await page.getByRole('button', { name: fr.launcher }).click();
    await expect(page.getByRole('dialog').getByText(fr.chattingWith('Alex'))).toBeVisible();
    await expect(page.getByRole('button', { name: de.launcher })).toHaveCount(0);
    const [chat] = [...platform.emulator.state.chats.values()];
    expect(chat!.request.language).toBe('fr-CA');
  });
});

test.describe('when a language table cannot be loaded', () => {
  test.use({ expectedConsoleErrors: /Failed to load resource|net::ERR/ });

  test('the window speaks English and works', async ({ page, platform }) => {
    await page.route(/\/dist\/lp-chat-window-ar\.js/, (route: Route) => route.abort('connectionreset'));
    await page.goto(`${platform.pageUrl}&lang=ar`);
    await page.getByRole('button', { name: en.launcher }).click();
    const dialog = page.getByRole('dialog', { name: en.title });
    await expect(dialog.getByRole('log').getByText(/Hi! I'm Alex/)).toBeVisible();
    expect(await dialog.evaluate((el) => [el.closest('[lang]')!.getAttribute('lang'), getComputedStyle(el).direction])).toEqual(['en', 'ltr']);
  });

  test('it is asked for again when the window opens, under a new URL', async ({ page, platform }) => {
    const asked: string[] = [];
    await page.route(/\/dist\/lp-chat-window-ar\.js/, (route: Route) => {
      asked.push(new URL(route.request().url()).search);
      return asked.length === 1 ? route.abort('connectionreset') : route.continue();
    });
    await page.goto(`${platform.pageUrl}&lang=ar`);
    const launcher = page.getByRole('button', { name: en.launcher });
    await expect(launcher).toBeVisible();
    expect(asked).toEqual(['']);
    await launcher.click();
    const dialog = page.getByRole('dialog', { name: ar.title });
    await expect(dialog.getByRole('log', { name: ar.log })).toBeVisible();
    expect(await dialog.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    await expect(page.getByRole('button', { name: ar.launcher })).toBeVisible();
    expect(asked).toEqual(['', '?retry=1']);
  });
});
