// Shared setup of the browser tests: a fresh data directory with the demo hospital,
// `mamori serve` on a free loopback port, Debian's chromium driven by playwright-core.
//
// MAMORI_BIN names the binary (default: <repo>/target/debug/mamori); CHROMIUM the browser
// (default /usr/bin/chromium); MAMORI_SHOTS the screenshot directory (default
// <repo>/target/e2e-screenshots/).

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const bin = process.env.MAMORI_BIN ?? join(repo, 'target/debug/mamori');
export const shots = process.env.MAMORI_SHOTS ?? join(repo, 'target/e2e-screenshots');

function freePort() {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => ok(port));
    });
  });
}

/** Starts the server and resolves with the one-time admin password it prints. */
function startServer(env, port, serveArgs) {
  return new Promise((ok, fail) => {
    const args = ['--data-dir', env.dataDir, '--lang', 'ja', 'serve', '--listen', `127.0.0.1:${port}`, ...serveArgs];
    env.server = spawn(bin, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => fail(new Error(`server did not start: ${out}`)), 30_000);
    env.server.stdout.on('data', (chunk) => {
      out += chunk;
      const password = out.match(/パスワード: (\S+)/);
      if (password && out.includes('起動しました')) {
        clearTimeout(timer);
        env.serverOutput = out;
        ok(password[1]);
      }
    });
    env.server.stderr.on('data', () => {});
    env.server.once('exit', (code) => fail(new Error(`server exited with ${code}: ${out}`)));
  });
}

/**
 * A running mamori with the demo hospital, an admin and a vendor account (ven-modality),
 * and a headless chromium. Call `stop()` in `after`. `serveArgs` are added to `mamori
 * serve` (with `--tls-self-signed` the base URL is https).
 */
export async function startMamori({ serveArgs = [] } = {}) {
  mkdirSync(shots, { recursive: true });
  const env = { dataDir: mkdtempSync(join(tmpdir(), 'mamori-e2e-')) };
  env.mamori = (...args) =>
    execFileSync(bin, ['--data-dir', env.dataDir, '--lang', 'ja', ...args], { encoding: 'utf8' });
  env.mamori('demo');
  const port = await freePort();
  const scheme = serveArgs.some((arg) => arg.startsWith('--tls')) ? 'https' : 'http';
  env.base = `${scheme}://127.0.0.1:${port}`;
  // The first start with no users creates `admin` and prints its password once.
  env.adminPassword = await startServer(env, port, serveArgs);
  env.vendorPassword = env
    .mamori('user', 'add', 'modality', '--role', 'vendor', '--vendor', 'ven-modality')
    .match(/: (\S+)\s*$/)[1];
  env.browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'],
  });
  env.stop = async () => {
    await env.browser?.close();
    if (env.server && env.server.exitCode === null) {
      const stopped = new Promise((ok) => env.server.once('exit', ok));
      env.server.kill('SIGTERM');
      await stopped;
    }
    rmSync(env.dataDir, { recursive: true, force: true });
  };
  return env;
}

/** A full-page screenshot named `name.png` in the screenshot directory. */
export async function shot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

/** Logs in through the form and resolves with the page on the dashboard. */
export async function login(env, context, name, password) {
  const page = await context.newPage();
  await page.goto(`${env.base}/login`);
  await page.fill('input[name=login]', name);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForURL(`${env.base}/`), page.click('button[type=submit]')]);
  return page;
}
