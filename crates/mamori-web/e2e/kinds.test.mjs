// Browser tests of the pages every ledger kind shares (/ledger/<kind>): create, edit and
// delete a zone and a vendor, with field messages, the history page and print layout.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startMamori, shot, login } from './helpers.mjs';

let env;

before(async () => {
  env = await startMamori();
});

after(async () => {
  await env?.stop();
});

/** Opens the new-record form of a kind from its list page. */
async function openNewForm(page, kind) {
  await page.goto(`${env.base}/ledger/${kind}`);
  await Promise.all([page.waitForURL(`${env.base}/ledger/${kind}/new`), page.click('#new-record')]);
}

async function submit(page, urlPattern) {
  await Promise.all([page.waitForURL(urlPattern), page.click('form.edit button[type=submit]')]);
}

test('a zone is created, refused with a field message, edited, deleted, and its history kept', async () => {
  const context = await env.browser.newContext({ locale: 'ja-JP' });
  const page = await login(env, context, 'admin', env.adminPassword);
  await page.click('nav >> text=台帳');
  assert.match(await page.textContent('#kinds'), /ゾーン/);
  await shot(page, '20-ledger-index');

  await openNewForm(page, 'zones');
  await page.fill('#f-id', 'zone-e2e');
  await page.fill('#f-name', 'E2E検証ゾーン');
  await page.selectOption('#f-kind', { index: 1 });
  await page.fill('#f-cidrs', '10.250.0.0/33');
  await page.click('form.edit button[type=submit]');
  assert.match(await page.textContent('#error-cidrs'), /10\.250\.0\.0\/33/);
  await shot(page, '21-zone-new-invalid');
  await page.fill('#f-cidrs', '10.250.0.0/24');
  await submit(page, /\/ledger\/zones\/zone-e2e\?saved=1/);
  assert.match(await page.textContent('#fields'), /E2E検証ゾーン/);
  await shot(page, '22-zone-detail');

  await Promise.all([page.waitForURL(/\/edit$/), page.click('#edit-record')]);
  assert.equal(await page.inputValue('#f-id'), 'zone-e2e');
  await page.fill('#f-vlan', '250');
  await submit(page, /saved=1/);
  const history = await page.textContent('#history');
  assert.match(history, /250/);
  assert.match(history, /admin/);

  await Promise.all([page.waitForURL(/\/delete$/), page.click('#delete-record')]);
  assert.match(await page.textContent('#delete-question'), /削除しますか/);
  await shot(page, '23-zone-delete-confirm');
  await Promise.all([page.waitForURL(/\/ledger\/zones\?deleted=zone-e2e/), page.click('#confirm-delete')]);
  assert.match(await page.textContent('#notice'), /zone-e2e/);
  const gone = await page.goto(`${env.base}/ledger/zones/zone-e2e`);
  assert.equal(gone.status(), 404);
  await page.goto(`${env.base}/ledger/zones/zone-e2e/history`);
  assert.match(await page.textContent('#deleted'), /削除されました/);
  assert.equal(await page.locator('#history tbody tr').count(), 2);
  await shot(page, '24-zone-history');
  await context.close();
});

test('a vendor is created and edited, and a vendor in use refuses deletion and lists who uses it', async () => {
  const context = await env.browser.newContext({ locale: 'ja-JP' });
  const page = await login(env, context, 'admin', env.adminPassword);
  await openNewForm(page, 'vendors');
  await page.fill('#f-name', 'E2E保守株式会社');
  await page.selectOption('#f-kind', { index: 1 });
  await page.fill('#f-contacts', '山田 太郎 / 営業 / 03-0000-0000 / yamada@example.jp');
  await submit(page, /saved=1/);
  const created = new URL(page.url()).pathname;
  assert.match(created, /^\/ledger\/vendors\//);
  assert.match(await page.textContent('#fields'), /山田 太郎/);

  await Promise.all([page.waitForURL(/\/edit$/), page.click('#edit-record')]);
  await page.fill('#f-notes', 'E2Eで編集');
  await submit(page, /saved=1/);
  assert.match(await page.textContent('#history'), /E2Eで編集/);
  await shot(page, '25-vendor-detail');

  await page.goto(`${env.base}/ledger/vendors/ven-modality/delete`);
  assert.match(await page.textContent('#delete-refused'), /削除できません/);
  assert.equal(await page.locator('#confirm-delete').count(), 0);
  assert.ok(await page.locator('#backlinks a').count() > 0);
  await shot(page, '26-vendor-delete-refused');

  await page.goto(`${env.base}${created}/delete`);
  await Promise.all([page.waitForURL(/deleted=/), page.click('#confirm-delete')]);
  await page.goto(`${env.base}${created}/history`);
  assert.match(await page.textContent('#history'), /E2Eで編集/);
  await context.close();
});

test('a list filters and reads the past, and prints without navigation or forms', async () => {
  const context = await env.browser.newContext({ locale: 'ja-JP' });
  const page = await login(env, context, 'admin', env.adminPassword);
  await page.goto(`${env.base}/ledger/contracts?sort=title`);
  const rows = await page.locator('#records tbody tr').count();
  assert.ok(rows > 0);
  await shot(page, '27-contracts-list');
  await page.goto(`${env.base}/ledger/contracts?at=2000-01-01`);
  assert.equal(await page.locator('#records tbody tr').count(), 0);
  await page.emulateMedia({ media: 'print' });
  await page.goto(`${env.base}/ledger/contracts`);
  assert.equal(await page.locator('header.top nav').isVisible(), false);
  assert.equal(await page.locator('form.filters').isVisible(), false);
  await shot(page, '28-contracts-print');
  await context.close();
});
