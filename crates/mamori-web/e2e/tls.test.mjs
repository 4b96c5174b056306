// Browser test of `mamori serve --tls-self-signed`: chromium reaches the login page over
// HTTPS, logs in, and the session cookie is Secure and HttpOnly. (The certificate is
// self-signed, so this context accepts it; the real-binary test in crates/mamori-cli
// checks it against the certificate itself.)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startMamori, shot, login } from './helpers.mjs';

let env;

before(async () => {
  env = await startMamori({ serveArgs: ['--tls-self-signed'] });
});

after(async () => {
  await env?.stop();
});

test('HTTPS with a self-signed certificate: log in, Secure session cookie', async () => {
  assert.match(env.base, /^https:/);
  assert.match(env.serverOutput, /SHA-256 フィンガープリント/);
  const context = await env.browser.newContext({ locale: 'ja-JP', ignoreHTTPSErrors: true });
  const page = await login(env, context, 'admin', env.adminPassword);
  assert.match(await page.textContent('h1'), /病院/);
  const cookies = await context.cookies(env.base);
  const session = cookies.find((cookie) => cookie.name === 'mamori_session');
  assert.ok(session, JSON.stringify(cookies));
  assert.equal(session.secure, true);
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, 'Strict');
  await shot(page, '72-https-home');
  await context.close();
});
