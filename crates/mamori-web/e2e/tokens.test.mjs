// Browser test of /tokens: an administrator creates an API token (shown once), a script
// uses it, the page shows when it was last used, and revoking it stops the script; a
// vendor account sees only its own tokens.

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

async function me(token) {
  const response = await fetch(`${env.base}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
  return response.status;
}

test('API tokens: create once, use, see last use, revoke; vendors see only their own', async () => {
  const context = await env.browser.newContext({ locale: 'ja-JP' });
  const page = await login(env, context, 'admin', env.adminPassword);
  await Promise.all([page.waitForURL(`${env.base}/tokens`), page.click('#tokens-link')]);
  assert.match(await page.textContent('#no-tokens'), /トークンはありません/);

  await page.fill('#token-form input[name=label]', '夜間の台帳出力');
  await page.selectOption('#token-form select[name=expires_days]', '90');
  await page.click('#token-form button[type=submit]');
  const token = await page.inputValue('#new-token-value');
  assert.match(token, /^[0-9a-f]{64}$/);
  await shot(page, '70-token-created');
  const row = page.locator('#tokens tr[data-label="夜間の台帳出力"]');
  assert.equal(await row.count(), 1);
  assert.match(await row.textContent(), /未使用/);

  assert.equal(await me(token), 200);
  await page.goto(`${env.base}/tokens`);
  assert.equal(await page.locator('#new-token-value').count(), 0, 'shown only once');
  assert.ok(!(await page.content()).includes(token), 'the secret is never listed');
  assert.doesNotMatch(await row.textContent(), /未使用/);
  assert.match(await row.textContent(), /admin/);
  await shot(page, '71-tokens');

  // A vendor account sees only its own tokens, not the administrator's.
  const vendorContext = await env.browser.newContext({ locale: 'ja-JP' });
  const vendor = await login(env, vendorContext, 'modality', env.vendorPassword);
  await vendor.goto(`${env.base}/tokens`);
  assert.equal(await vendor.locator('#tokens tr[data-label="夜間の台帳出力"]').count(), 0);
  await vendor.fill('#token-form input[name=label]', '保守端末');
  await vendor.click('#token-form button[type=submit]');
  const vendorToken = await vendor.inputValue('#new-token-value');
  assert.equal(await me(vendorToken), 200);
  await vendorContext.close();

  // The administrator sees both, and revokes its own after a confirmation step.
  await page.goto(`${env.base}/tokens`);
  assert.equal(await page.locator('#tokens tr[data-label="保守端末"]').count(), 1);
  await row.locator('summary').click();
  await Promise.all([
    page.waitForURL(/revoked=1/),
    row.locator('button[type=submit]').click(),
  ]);
  assert.match(await page.textContent('#notice'), /取り消しました/);
  assert.equal(await page.locator('#tokens tr[data-label="夜間の台帳出力"]').count(), 0);
  assert.equal(await me(token), 401);
  assert.equal(await me(vendorToken), 200);
  await context.close();
});
