import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../demo-server/server.js';
import { createPersonaEngine } from '../src/index.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, hasChromium } from './helpers/chromium.js';
import { tempDir } from './support.js';

const OUTPUT = join(import.meta.dirname, 'output');

describe.skipIf(!hasChromium)('demo page in headless Chromium', () => {
  let demo: DemoServer;
  let browser: Browser;

  beforeAll(async () => {
    const engine = createPersonaEngine({ provider: 'procedural', store: { kind: 'sqlite', path: join(tempDir(), 'demo.db') } });
    demo = await startDemoServer({ port: 2612, engine });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('pick a world, spawn NPCs, see bios then backstories, reload and see the same cast', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${demo.url}/`);
    await page.getByTestId('world-select').selectOption('northern-village');
    await page.getByTestId('join').click();
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('connected');
    await expect.poll(() => page.getByTestId('world-title').textContent()).toBe('northern-village');

    await page.getByTestId('spawn-ten').click();
    const cards = page.locator('[data-testid="npc-card"]');
    await expect.poll(() => cards.count(), { timeout: 10_000 }).toBe(10);
    // Bios first (cards leave "pending"), then every backstory fills in.
    await expect.poll(() => page.locator('[data-testid="npc-card"][data-status="pending"]').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => page.locator('[data-testid="npc-card"][data-status="complete"]').count(), { timeout: 15_000 }).toBe(10);
    const names = (await page.locator('[data-testid="npc-card"] .name').allTextContents()).sort();
    const bios = await page.locator('[data-testid="npc-card"] [data-testid="bio"]').allTextContents();
    const stories = await page.locator('[data-testid="npc-card"] [data-testid="backstory"]').allTextContents();
    expect(new Set(names).size).toBe(10);
    expect(bios.every((b) => b.length > 40 && !b.includes('writing a bio'))).toBe(true);
    expect(stories.every((s) => s.split(/\s+/).length > 100)).toBe(true);
    // The room ticks: the map's tick counter moves.
    const t1 = await page.getByTestId('tick').textContent();
    await expect.poll(() => page.getByTestId('tick').textContent()).not.toBe(t1);
    await expect
      .poll(async () => Number((await page.getByTestId('metrics').textContent())?.match(/personas made(\d+)/)?.[1] ?? 0), {
        timeout: 5_000,
      })
      .toBeGreaterThanOrEqual(10);
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, 'demo-world.png'), fullPage: true });

    await page.reload();
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('connected');
    await expect.poll(() => cards.count(), { timeout: 10_000 }).toBe(10);
    await expect
      .poll(async () => (await page.locator('[data-testid="npc-card"] .name').allTextContents()).sort(), { timeout: 10_000 })
      .toEqual(names);
    await page.screenshot({ path: join(OUTPUT, 'demo-world-after-reload.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('typing a description joins that new world without touching the dropdown, and the page loads nothing that is missing', async () => {
    const page = await browser.newPage();
    const missing: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) missing.push(`${r.status()} ${r.url()}`);
    });
    page.on('console', (m) => {
      if (m.type() === 'error') missing.push(m.text());
    });
    await page.goto(`${demo.url}/`);
    // The dropdown starts on a preset; the visitor only types and presses Enter world.
    await expect.poll(() => page.getByTestId('world-select').inputValue()).not.toBe('');
    await page.getByTestId('custom-description').fill('A lighthouse keepers guild on a stormy archipelago');
    expect(await page.getByTestId('world-select').inputValue()).toBe('');
    await page.getByTestId('join').click();
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('connected');
    await expect.poll(() => page.getByTestId('world-title').textContent()).toMatch(/^a-lighthouse-keepers-guild/);
    await expect.poll(() => page.locator('#world-desc').textContent()).toBe('A lighthouse keepers guild on a stormy archipelago');
    expect(missing).toEqual([]);
  });

  it('a world a person describes gets its own cast', async () => {
    const page = await browser.newPage();
    await page.goto(`${demo.url}/`);
    await page.getByTestId('world-select').selectOption('');
    await page.getByTestId('custom-description').fill('A pirate port in the Caribbean, 1715');
    await page.getByTestId('join').click();
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('connected');
    await page.getByTestId('spawn-one').click();
    const card = page.locator('[data-testid="npc-card"]');
    await expect.poll(() => card.locator('[data-testid="bio"]').textContent(), { timeout: 10_000 }).not.toContain('writing a bio');
    expect(await page.getByTestId('world-title').textContent()).toMatch(/^a-pirate-port-in-the-caribbean/);
    expect(new URL(page.url()).searchParams.get('description')).toBe('A pirate port in the Caribbean, 1715');
  });
});
