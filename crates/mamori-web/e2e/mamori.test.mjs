// Browser tests of `mamori serve` against the demo hospital, with Debian's chromium
// (playwright-core only drives it; no browser is downloaded).
//
// MAMORI_BIN names the binary (default: <repo>/target/debug/mamori); CHROMIUM the browser
// (default /usr/bin/chromium). Screenshots go to <repo>/target/e2e-screenshots/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = process.env.MAMORI_BIN ?? join(repo, 'target/debug/mamori');
const shots = join(repo, 'target/e2e-screenshots');
const asset = 'srv-emr-db01';

let dataDir;
let server;
let base;
let browser;
let adminPassword;
let vendorPassword;

function mamori(...args) {
  return execFileSync(bin, ['--data-dir', dataDir, '--lang', 'ja', ...args], { encoding: 'utf8' });
}

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
function startServer(port) {
  return new Promise((ok, fail) => {
    server = spawn(bin, ['--data-dir', dataDir, '--lang', 'ja', 'serve', '--listen', `127.0.0.1:${port}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => fail(new Error(`server did not start: ${out}`)), 30_000);
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const password = out.match(/パスワード: (\S+)/);
      if (password && out.includes('起動しました')) {
        clearTimeout(timer);
        ok(password[1]);
      }
    });
    server.stderr.on('data', () => {});
    server.once('exit', (code) => fail(new Error(`server exited with ${code}: ${out}`)));
  });
}

async function shot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

async function login(context, name, password) {
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.fill('input[name=login]', name);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);
  return page;
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'mamori-e2e-'));
  mamori('demo');
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // The first start with no users creates `admin` and prints its password once.
  adminPassword = await startServer(port);
  vendorPassword = mamori('user', 'add', 'modality', '--role', 'vendor', '--vendor', 'ven-modality').match(/: (\S+)\s*$/)[1];
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const stopped = new Promise((ok) => server.once('exit', ok));
    server.kill('SIGTERM');
    await stopped;
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('an administrator logs in, finds an asset, edits it and sees the change in its history', async () => {
  const context = await browser.newContext({ locale: 'ja-JP', acceptDownloads: true });
  const page = await login(context, 'admin', adminPassword);
  assert.match(await page.textContent('h1'), /病院/);
  assert.match(await page.textContent('body'), /記録の不足/);
  await shot(page, '01-home');

  await page.click('nav >> text=機器');
  await page.fill('input[name=q]', 'emr-db01');
  await Promise.all([page.waitForURL(/q=emr-db01/), page.click('form.filters button')]);
  await shot(page, '02-asset-search');
  await Promise.all([page.waitForURL(`${base}/assets/${asset}`), page.click(`a[href="/assets/${asset}"]`)]);
  await shot(page, '03-asset-detail');

  await Promise.all([page.waitForURL(/\/edit$/), page.click('a.button >> text=編集')]);
  const originalIp = await page.inputValue('#f-ip_addresses');
  await page.fill('#f-os_version', 'e2e 2026-11');
  await page.fill('#f-ip_addresses', '999.1.1.1');
  await page.click('form.edit button[type=submit]');
  assert.match(await page.textContent('#error-ip_addresses'), /999\.1\.1\.1/);
  await shot(page, '04-edit-invalid');
  const ip = await page.inputValue('#f-ip_addresses');
  assert.equal(ip, '999.1.1.1');
  await page.fill('#f-ip_addresses', originalIp);
  await Promise.all([page.waitForURL(/saved=1/), page.click('form.edit button[type=submit]')]);
  const history = await page.textContent('#history');
  assert.match(history, /e2e 2026-11/);
  assert.match(history, /admin/);
  await shot(page, '05-asset-history');
  await context.close();
});

test('a CSV with an error is rejected with its row and column, and XLSX export downloads', async () => {
  const exported = join(dataDir, 'csv');
  mamori('export', '--format', 'csv', '--out', exported);
  const lines = readFileSync(join(exported, 'assets.csv'), 'utf8').split('\n');
  const row = lines.findIndex((line) => line.startsWith(`${asset},`));
  assert.ok(row > 0);
  lines[row] = lines[row].replace(/,(\d{1,3}(\.\d{1,3}){3}),/, ',999.1.1.1,');
  const broken = join(dataDir, 'assets.csv');
  writeFileSync(broken, lines.join('\n'));

  const context = await browser.newContext({ locale: 'ja-JP', acceptDownloads: true });
  const page = await login(context, 'admin', adminPassword);
  await page.goto(`${base}/import`);
  await page.setInputFiles('input[type=file]', broken);
  await page.click('text=確認する');
  const problems = await page.textContent('#problems');
  const located = await page.textContent('#problems tbody tr td.num');
  assert.equal(located.trim(), String(row + 1), 'the row as Excel shows it (header = 1)');
  assert.match(problems, /IPアドレス/);
  assert.match(problems, /999\.1\.1\.1/);
  await shot(page, '06-import-problems');

  await page.goto(`${base}/import`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-xlsx')]);
  const saved = join(dataDir, 'ledger.xlsx');
  await download.saveAs(saved);
  assert.equal(readFileSync(saved).subarray(0, 2).toString(), 'PK');
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  await context.close();
});

test("a vendor account cannot open another vendor's connection point, in the UI or the API", async () => {
  const context = await browser.newContext({ locale: 'ja-JP' });
  const page = await login(context, 'modality', vendorPassword);
  const own = await page.goto(`${base}/connection-points/cp-ct-lte`);
  assert.equal(own.status(), 200);
  const other = await page.goto(`${base}/connection-points/cp-emr-sslvpn`);
  assert.equal(other.status(), 403);
  assert.match(await page.textContent('#error-message'), /権限がありません/);
  await shot(page, '07-vendor-403');
  const api = await context.request.get(`${base}/api/v1/connection-points/cp-emr-sslvpn`);
  assert.equal(api.status(), 403);
  assert.equal((await api.json()).code, 'forbidden');
  const ownApi = await context.request.get(`${base}/api/v1/connection-points/cp-ct-lte`);
  assert.equal(ownApi.status(), 200);
  await page.goto(`${base}/connection-points?lang=en`);
  assert.match(await page.textContent('h1'), /Connection points/);
  await shot(page, '08-vendor-points-en');
  await context.close();
});
