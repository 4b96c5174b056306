// Browser test of /findings: with the real NVD and KEV files loaded, the demo hospital's
// findings are listed, the alert list narrows to alerts, and a CVE link shows that CVE only.

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

test('vulnerability findings: list, alert list, one CVE', async () => {
  const context = await env.browser.newContext({ locale: 'ja-JP' });
  const page = await login(env, context, 'admin', env.adminPassword);
  await Promise.all([page.waitForURL(`${env.base}/findings`), page.click('nav >> text=脆弱性')]);
  assert.equal(await page.locator('#no-feeds').count(), 1, 'no feed loaded yet');

  const data = join(repo, '../shared/data/vuln');
  env.mamori('feed', 'import', join(data, 'nvd/cve'), join(data, 'kev/known_exploited_vulnerabilities.json'));
  await page.reload();
  const rows = page.locator('#findings tbody tr');
  const all = await rows.count();
  assert.ok(all > 0);
  assert.equal(await page.locator('tr[data-target="cp-emr-sslvpn"][data-cve="CVE-2022-42475"]').count(), 1);
  await shot(page, '80-findings');

  await page.check('input[name=alerts]');
  await Promise.all([page.waitForURL(/alerts=1/), page.click('#findings-filters button[type=submit]')]);
  const alerts = await rows.count();
  assert.ok(alerts > 0 && alerts <= all);
  assert.equal(await page.locator('#findings tbody tr[data-alert="1"]').count(), alerts);

  await Promise.all([
    page.waitForURL(/cve=CVE-2022-42475/),
    page.locator('tr[data-target="cp-emr-sslvpn"] a', { hasText: 'CVE-2022-42475' }).click(),
  ]);
  const cves = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.cve));
  assert.ok(cves.length > 0 && cves.every((c) => c === 'CVE-2022-42475'), cves.join());
  await shot(page, '81-findings-cve');

  // CPE suggestions: an asset without CPE names gets one added as "suggested", and leaves the list.
  await page.goto(`${env.base}/findings`);
  await Promise.all([page.waitForURL(`${env.base}/findings/suggestions`), page.click('#suggestions-link')]);
  const suggested = page.locator('#suggestions tbody tr');
  assert.ok((await suggested.count()) > 0, 'the demo has assets with maker and version but no CPE');
  await shot(page, '82-cpe-suggestions');
  const first = suggested.first();
  const asset = await first.getAttribute('data-asset');
  const cpe = await first.getAttribute('data-cpe');
  await Promise.all([page.waitForURL(`${env.base}/findings/suggestions`), first.locator('button[type=submit]').click()]);
  assert.equal(await page.locator(`#suggestions tr[data-asset="${asset}"]`).count(), 0, 'the asset has a CPE name now');
  await page.goto(`${env.base}/assets/${encodeURIComponent(asset)}`);
  assert.ok((await page.content()).includes(cpe), `${asset} shows ${cpe}`);
  await context.close();
});
