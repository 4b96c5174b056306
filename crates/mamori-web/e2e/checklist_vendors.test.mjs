// Browser test of the vendor sheets (事業者確認用): the vendor account of ven-modality logs in,
// follows its navigation to its own sheet, answers an item, and is refused another vendor's
// sheet; the hospital's admin then sees which vendors have answered (with who and when) and
// which have not.

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

test('a vendor fills in its own sheet and cannot open another vendor\'s', async () => {
  const context = await env.browser.newContext({ locale: 'ja-JP' });
  const page = await login(env, context, 'modality', env.vendorPassword);
  await Promise.all([
    page.waitForURL(`${env.base}/checklist/vendors/ven-modality`),
    page.click('nav a:has-text("事業者確認用")'),
  ]);
  const row = page.locator('tr[data-item="R7-V-1-1"]');
  assert.match(await row.locator('[data-status]').innerText(), /手入力待ち/);
  const comment = `保守事業者として責任者を選任${Date.now()}`;
  await row.locator('select[name=answer]').selectOption('yes');
  await row.locator('input[name=owner]').fill('保守部長');
  await row.locator('input[name=comment]').fill(comment);
  await Promise.all([
    page.waitForURL(/\/checklist\/vendors\/ven-modality\?saved=1/),
    row.locator('button[type=submit]').click(),
  ]);
  const answered = page.locator('tr[data-item="R7-V-1-1"]');
  assert.match(await answered.locator('[data-status]').innerText(), /はい/);
  assert.match(await answered.innerText(), new RegExp(comment));
  assert.match(await page.locator('#sheet-last').innerText(), /modality/);
  await shot(page, 'checklist-vendor-sheet');
  const csrf = await page.locator('input[name=csrf]').first().inputValue();

  // Another vendor's sheet, the hospital's list and the hospital's answers are refused.
  for (const path of ['/checklist/vendors/ven-emr', '/checklist/vendors']) {
    const response = await page.goto(`${env.base}${path}`);
    assert.equal(response.status(), 403, path);
  }
  const otherVendor = await context.request.post(`${env.base}/checklist/vendors/ven-emr/answer`, {
    form: { csrf, item: 'R7-V-1-1', answer: 'yes', checked_on: '2026-06-01' },
    headers: { Origin: env.base },
  });
  assert.equal(otherVendor.status(), 403);
  await context.close();
});

test('the hospital sees which vendors have answered and which have not', async () => {
  const context = await env.browser.newContext({ locale: 'ja-JP' });
  const page = await login(env, context, 'admin', env.adminPassword);
  await page.goto(`${env.base}/checklist`);
  await Promise.all([
    page.waitForURL(`${env.base}/checklist/vendors`),
    page.click('a[href="/checklist/vendors"]'),
  ]);
  const modality = page.locator('tr[data-vendor="ven-modality"]');
  assert.equal(await modality.getAttribute('data-state'), 'partial');
  assert.match(await modality.innerText(), /回答中/);
  assert.match(await modality.innerText(), /1 \/ 3/);
  assert.match(await modality.innerText(), /modality/);
  const emr = page.locator('tr[data-vendor="ven-emr"]');
  assert.equal(await emr.getAttribute('data-state'), 'none');
  assert.match(await emr.innerText(), /未回答/);
  assert.match(await page.locator('#vendor-summary').innerText(), /未回答 8社/);
  await shot(page, 'checklist-vendors');

  // The hospital reads the vendor's sheet with the answer in it.
  await Promise.all([
    page.waitForURL(`${env.base}/checklist/vendors/ven-modality`),
    modality.locator('a').first().click(),
  ]);
  assert.match(await page.locator('tr[data-item="R7-V-1-1"] [data-status]').innerText(), /はい/);
  await context.close();
});
