// Browser test of /diagram (the network diagram) against the demo hospital, with Debian's
// chromium. The few helpers are copied from mamori.test.mjs (that file owns them).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = process.env.MAMORI_BIN ?? join(repo, 'target/debug/mamori');
const shots = join(repo, 'target/e2e-screenshots');

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
  dataDir = mkdtempSync(join(tmpdir(), 'mamori-e2e-diagram-'));
  mamori('demo');
  // Real feeds: the NVD samples (CVE-2022-42475 on the EMR vendor's FortiGate SSL-VPN …)
  // and CISA's KEV catalogue.
  const feeds = join(repo, '../shared/data/vuln');
  mamori('feed', 'import', join(feeds, 'nvd'), join(feeds, 'kev/known_exploited_vulnerabilities.json'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
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

test('the diagram shows zones and points, toggles an overlay, zooms and links to records', async () => {
  const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1600, height: 1000 } });
  const page = await login(context, 'admin', adminPassword);
  await Promise.all([page.waitForURL(`${base}/diagram`), page.click('nav >> text=全体構成図')]);
  assert.ok(await page.isVisible('#zone-zone-emr'));
  assert.ok(await page.isVisible('#point-cp-emr-sslvpn'));

  const owners = page.locator('g[data-overlay="owners"]');
  assert.equal(await owners.getAttribute('display'), 'none');
  await page.check('input[data-overlay-toggle="owners"]');
  assert.equal(await owners.getAttribute('display'), null);
  assert.ok(await page.isVisible('g[data-overlay="owners"] rect.owner-vendor'));
  await page.screenshot({ path: join(shots, 'diagram-owners.png') });

  const before = await page.getAttribute('#diagram-view svg', 'viewBox');
  await page.click('button[data-zoom="in"]');
  assert.notEqual(await page.getAttribute('#diagram-view svg', 'viewBox'), before);

  await Promise.all([
    page.waitForURL(`${base}/connection-points/cp-emr-sslvpn`),
    page.click('#point-cp-emr-sslvpn a'),
  ]);
  await context.close();
});

test('the vulnerability overlay marks KEV, and another attack path can be chosen', async () => {
  const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1600, height: 1000 } });
  const page = await login(context, 'admin', adminPassword);
  await page.goto(`${base}/diagram`);

  const vuln = page.locator('g[data-overlay="vuln"]');
  assert.equal(await vuln.getAttribute('display'), 'none');
  await page.check('input[data-overlay-toggle="vuln"]');
  assert.equal(await vuln.getAttribute('display'), null);
  // The SSL-VPN with a KEV finding, and a key asset with findings, are marked.
  assert.ok(await page.isVisible('g[data-overlay="vuln"] rect.vuln-kev[data-node="point-cp-emr-sslvpn"]'));
  assert.ok((await page.locator('g[data-overlay="vuln"] rect.band').count()) > 0);
  const note = await page.locator('g[data-overlay="vuln"] text.vuln-kev').first().textContent();
  assert.match(note, /KEV [1-9]/);
  // Every line carries its legend number.
  const lines = await page.locator('g.edge[id^="line-"]').count();
  assert.equal(await page.locator('g.line-number').count(), lines);
  await page.screenshot({ path: join(shots, 'diagram-vuln.png') });

  // Choosing another reached pair reloads the page with that path drawn and shown.
  const options = await page.locator('#diagram-path option').evaluateAll((all) => all.map((o) => [o.value, o.textContent]));
  assert.ok(options.length > 1, JSON.stringify(options));
  const [value, label] = options[1];
  await Promise.all([
    page.waitForURL((url) => url.searchParams.get('path') === value),
    page.selectOption('#diagram-path', value),
  ]);
  assert.equal(await page.locator('#diagram-path').inputValue(), value);
  const paths = page.locator('g[data-overlay="paths"]');
  assert.equal(await paths.getAttribute('display'), null);
  assert.ok((await paths.locator('title').first().textContent()).includes(label.trim()));
  assert.ok(await page.isVisible(`g[data-overlay="paths"] rect.on-path[data-node="point-${value.split(':')[0]}"]`));
  await page.screenshot({ path: join(shots, 'diagram-path.png') });

  const refused = await page.goto(`${base}/diagram?path=cp-nowhere:asset-x`);
  assert.equal(refused.status(), 400);
  assert.ok((await page.textContent('body')).includes('cp-nowhere'));
  await context.close();
});

test('a vendor account gets no diagram', async () => {
  const context = await browser.newContext({ locale: 'ja-JP' });
  const page = await login(context, 'modality', vendorPassword);
  assert.equal(await page.locator('nav >> text=全体構成図').count(), 0);
  const response = await page.goto(`${base}/diagram`);
  assert.equal(response.status(), 403);
  await context.close();
});
