// Browser test of /paths (attack paths) on the demo hospital: the VPN reaching the EMR
// database, the fix ranking, and the what-if form applying the top fix in memory.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startMamori, shot, login, repo } from './helpers.mjs';

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

test('with the feeds loaded, exposure per finding is listed and what-if takes any ledger edit', async () => {
  const data = join(repo, '../shared/data/vuln');
  env.mamori('feed', 'import', join(data, 'nvd/cve'), join(data, 'kev/known_exploited_vulnerabilities.json'));
  const context = await env.browser.newContext({ locale: 'ja-JP' });
  const page = await login(env, context, 'admin', env.adminPassword);
  await page.goto(`${env.base}/paths`);
  assert.match(await page.textContent('#feeds-used'), /検出結果 [1-9]\d* 件/);
  const rows = page.locator('#findings tbody tr');
  assert.ok((await rows.count()) > 0);
  const bands = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.band));
  assert.ok(bands.every((b) => ['critical', 'high', 'moderate', 'low'].includes(b)), bands.join());
  await page.locator('#findings').scrollIntoViewIfNeeded();
  await shot(page, '62-paths-findings');

  // An edit that is none of the ranked fixes: a source-IP restriction on the vendor VPN.
  const edits = {
    format: 'mamori-ledger-edits/1',
    edits: [{ op: 'patch', kind: 'connection_points', id: 'cp-emr-sslvpn', set: { source_ip_restricted: true } }],
  };
  await page.fill('#whatif-edits', JSON.stringify(edits));
  await Promise.all([page.waitForURL(`${env.base}/paths/whatif`), page.click('#whatif-submit')]);
  assert.match(await page.textContent('#records-changed'), /cp-emr-sslvpn/);
  assert.ok((await page.locator('#pairs-cut li').count()) > 0);
  await shot(page, '63-paths-whatif-edits');

  // Bad edits: named in both languages, 400, nothing computed.
  await page.goto(`${env.base}/paths`);
  await page.fill('#whatif-edits', '{"format": "mamori-ledger-edits/1", "edits": [{"op": "delete", "kind": "firewall_rules", "id": "no-such-rule"}]}');
  const [reply] = await Promise.all([page.waitForResponse(`${env.base}/paths/whatif`), page.click('#whatif-submit')]);
  assert.equal(reply.status(), 400);
  assert.match(await page.textContent('#whatif-problems'), /no-such-rule/);
  assert.equal(await page.locator('#pairs-cut').count(), 0);
  await context.close();
});
