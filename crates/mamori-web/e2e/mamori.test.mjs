// Browser tests of `mamori serve` against the demo hospital, with Debian's chromium
// (playwright-core only drives it; no browser is downloaded). Setup: helpers.mjs.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMamori, shot, login as loginAs } from './helpers.mjs';

const asset = 'srv-emr-db01';

let env;
let dataDir;
let base;
let browser;
let adminPassword;
let vendorPassword;

function mamori(...args) {
  return env.mamori(...args);
}

function login(context, name, password) {
  return loginAs(env, context, name, password);
}

before(async () => {
  env = await startMamori();
  ({ dataDir, base, browser, adminPassword, vendorPassword } = env);
});

after(async () => {
  await env?.stop();
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
