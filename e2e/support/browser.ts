import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, inject } from 'vitest';
import './context';
import { credenciales, login, type RolE2e } from './login';

const artifactsDir = fileURLToPath(new URL('../artifacts/', import.meta.url));

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

let shared: Promise<Browser> | null = null;

/** One browser per test file, launched on first use. */
export function sharedBrowser(): Promise<Browser> {
  shared ??= launchBrowser();
  return shared;
}

export async function closeSharedBrowser(): Promise<void> {
  const browser = shared;
  shared = null;
  if (browser) await (await browser).close();
}

const pageErrors = new WeakMap<Page, string[]>();

/** Uncaught exceptions and console errors the page produced so far. */
export function errorsOf(page: Page): string[] {
  return pageErrors.get(page) ?? [];
}

/** A page in a fresh context (own cookies and storage), as a user in Lima with a Spanish browser. */
export async function newPage(baseURL: string, browser?: Browser): Promise<Page> {
  const context = await (browser ?? (await sharedBrowser())).newContext({
    baseURL,
    locale: 'es-PE',
    timezoneId: 'America/Lima',
    viewport: { width: 1280, height: 800 },
  });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(20_000);
  const page = await context.newPage();
  const errors: string[] = [];
  pageErrors.set(page, errors);
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  return page;
}

function fileSafe(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, 120);
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${fileSafe(name)}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface PageFixture {
  /** The current test's page (a new context per test). */
  readonly page: Page;
  readonly baseURL: string;
}

export interface UsePageOptions {
  /**
   * Each test's fresh context starts signed in as this role (a user the global setup created), or
   * anonymous with null. @default 'operador'
   */
  sesion?: RolE2e | null;
}

/**
 * Registers the hooks of a browser test file: a shared browser, a fresh page per test (signed in as
 * `options.sesion`), and a screenshot in e2e/artifacts/ when a test fails.
 */
export function usePage(options: UsePageOptions = {}): PageFixture {
  let current: Page | undefined;
  const baseURL = inject('baseURL');

  beforeAll(async () => {
    await sharedBrowser();
  });
  afterAll(async () => {
    await closeSharedBrowser();
  });
  beforeEach(async () => {
    current = await newPage(baseURL);
    const rol = options.sesion === undefined ? 'operador' : options.sesion;
    if (rol) await login(current, baseURL, credenciales(rol));
  });
  afterEach(async (ctx) => {
    const page = current;
    current = undefined;
    if (!page) return;
    try {
      if (ctx.task.result?.state === 'fail') {
        const file = await saveScreenshot(page, `${ctx.task.file?.name ?? 'e2e'}-${ctx.task.name}`);
        console.error(`Captura de pantalla: ${file}`);
      }
    } finally {
      await page.context().close();
    }
  });

  return {
    get page() {
      if (!current) throw new Error('La página solo existe dentro de un test.');
      return current;
    },
    baseURL,
  };
}
