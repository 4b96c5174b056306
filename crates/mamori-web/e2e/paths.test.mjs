// Browser test of /paths (attack paths) on the demo hospital: the VPN reaching the EMR
// database, the fix ranking, and the what-if form applying the top fix in memory.

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

test('attack paths: the EMR database is reached, and the top fix tried in memory cuts pairs', async () => {
  const context = await env.browser.newContext({ locale: 'ja-JP' });
  const page = await login(env, context, 'admin', env.adminPassword);
  await Promise.all([page.waitForURL(`${env.base}/paths`), page.click('nav >> text=攻撃経路')]);
  const emr = page.locator('#jewel-srv-emr-db01');
  assert.equal(await emr.locator('[data-entry="cp-emr-sslvpn"]').count(), 1);
  await emr.locator('[data-entry="cp-emr-sslvpn"] summary').click();
  assert.ok((await emr.locator('[data-entry="cp-emr-sslvpn"] ol.hops li').count()) > 0);
  const fixes = await page.textContent('#fixes');
  assert.match(fixes, /break_credential:cg-local-admin/);
  await shot(page, '60-paths');

  const top = page.locator('#fixes tbody tr').first();
  const topId = await top.getAttribute('data-fix');
  const promisedCut = Number(await top.locator('td.num').nth(1).textContent());
  await top.locator('input[name=fix]').check();
  await Promise.all([page.waitForURL(`${env.base}/paths/whatif`), page.click('#whatif-submit')]);
  assert.match(await page.textContent('h1'), /修正を仮に適用した結果/);
  assert.match(await page.textContent('#whatif-summary'), new RegExp(`断たれる ${promisedCut} 組`));
  assert.equal(await page.locator('#pairs-cut li').count(), promisedCut);
  assert.ok(topId.length > 0);
  await shot(page, '61-paths-whatif');

  // Nothing was written: the page still shows the same ranking.
  await page.click('#back');
  assert.equal(await page.locator('#fixes tbody tr').first().getAttribute('data-fix'), topId);
  await context.close();
});

test('a vendor account gets no attack paths', async () => {
  const context = await env.browser.newContext({ locale: 'ja-JP' });
  const page = await login(env, context, 'modality', env.vendorPassword);
  assert.equal(await page.locator('nav >> text=攻撃経路').count(), 0);
  const reply = await page.goto(`${env.base}/paths`);
  assert.equal(reply.status(), 403);
  await context.close();
});
