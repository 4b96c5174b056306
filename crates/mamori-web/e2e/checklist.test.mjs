// Browser test of /checklist: a manual item is answered by hand through its form, the answer
// shows on the page, and the XLSX export (/checklist/export.xlsx) carries it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { startMamori, shot, login } from './helpers.mjs';

let env;

before(async () => {
  env = await startMamori();
});

after(async () => {
  await env?.stop();
});

/** The text of one file of a zip archive (an XLSX), read from its central directory. */
function zipEntry(zip, name) {
  const endOfDirectory = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(endOfDirectory >= 0, 'not a zip archive');
  const count = zip.readUInt16LE(endOfDirectory + 10);
  let at = zip.readUInt32LE(endOfDirectory + 16);
  for (let i = 0; i < count; i += 1) {
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const entryName = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (entryName === name) {
      const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(dataAt, dataAt + compressed);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`${name} is not in the archive`);
}

test('a manual item answered by hand shows on the page and in the XLSX export', async () => {
  const context = await env.browser.newContext({ locale: 'ja-JP' });
  const page = await login(env, context, 'admin', env.adminPassword);
  await page.goto(`${env.base}/checklist`);
  const row = page.locator('tr[data-item]:has(form.answer-form)').first();
  const item = await row.getAttribute('data-item');
  assert.ok(item, 'no manual item with an answer form');
  assert.match(await row.locator('[data-status]').innerText(), /手入力待ち/);

  const comment = `立入検査前に手で確認した${Date.now()}`;
  await row.locator('summary').click();
  await row.locator('select[name=answer]').selectOption('yes');
  await row.locator('input[name=owner]').fill('情報システム課');
  await row.locator('input[name=comment]').fill(comment);
  await Promise.all([
    page.waitForURL(/\/checklist\?saved=1/),
    row.locator('button[type=submit]').click(),
  ]);
  const answered = page.locator(`tr[data-item="${item}"]`);
  assert.match(await answered.locator('[data-status]').innerText(), /はい/);
  assert.match(await answered.innerText(), new RegExp(comment));
  await shot(page, 'checklist-answered');

  const response = await context.request.get(`${env.base}/checklist/export.xlsx`);
  assert.equal(response.status(), 200);
  assert.equal(
    response.headers()['content-type'],
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  const strings = zipEntry(await response.body(), 'xl/sharedStrings.xml');
  assert.ok(strings.includes(comment), 'the answer is not in the export');
  await context.close();
});
