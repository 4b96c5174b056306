# HTTPS (mamori serve --tls-…) and API tokens in the browser

## CLI: mamori serve over TLS
cli-mamori-serve-arg-tls_cert = Serve HTTPS: file with the server certificate (PEM; intermediate certificates may follow)
cli-mamori-serve-arg-tls_key = File with the private key (PEM) of the --tls-cert certificate
cli-mamori-serve-arg-tls_self_signed = Serve HTTPS with a self-signed certificate (made on the first start in the data directory's tls/, then reused)
cli-mamori-serve-arg-tls_name = Host name or IP address to put in the self-signed certificate (repeatable; localhost, 127.0.0.1 and this machine's host name are always in)
cli-serve-listening-tls = mamori is running at https://{ $address }/ (Ctrl-C to stop).
cli-serve-tls-fingerprint = SHA-256 fingerprint of the certificate { $file }:
    { $fingerprint }
    Check that the browser shows the same fingerprint for the certificate.
cli-serve-tls-generated = Made a self-signed certificate: { $file } (names: { $names })

## TLS problems (tls-<code> of mamori_web::tls::TlsError)
tls-file-unreadable = Cannot read the file "{ $file }": { $detail }
tls-file-unwritable = Cannot write the file "{ $file }": { $detail }
tls-no_certificate = The certificate file "{ $cert }" holds no PEM certificate (-----BEGIN CERTIFICATE-----) ({ $detail }).
tls-no_private_key = The key file "{ $key }" holds no PEM private key (-----BEGIN PRIVATE KEY----- or similar) ({ $detail }).
tls-key_mismatch = The key file "{ $key }" is not the key of the certificate in "{ $cert }" ({ $detail }).
tls-rejected = The certificate file "{ $cert }" and key file "{ $key }" cannot be used: { $detail }
tls-generate = Could not make a self-signed certificate: { $detail }

## API tokens in the browser (/tokens)
web-nav-tokens = API tokens
web-tokens-title = API tokens
web-tokens-intro = Tokens let scripts use the JSON API (/api/v1/…). A token acts with your account's permissions. Revoke tokens you no longer use.
web-tokens-created = Your new token. It is shown only on this page: copy it now.
web-tokens-usage = Usage: call /api/v1/… with the HTTP header "Authorization: Bearer TOKEN".
web-tokens-new = Create a token
web-tokens-label = Purpose
web-tokens-label-example = e.g. nightly ledger export script
web-tokens-expires = Expires
web-tokens-expiry-days = { $days } days
web-tokens-no-expiry = never
web-tokens-create = Create
web-tokens-yours = Your tokens
web-tokens-everyones = Every user's tokens
web-tokens-none = There are no tokens.
web-tokens-col-user = User
web-tokens-col-id = ID
web-tokens-col-created = Created
web-tokens-col-last-used = Last used
web-tokens-you = you
web-tokens-never = never
web-tokens-expired = expired
web-tokens-revoke = Revoke…
web-tokens-revoke-confirm = Scripts using this token will no longer be able to use the API.
web-tokens-revoke-submit = Revoke
web-tokens-revoked = The token was revoked.
web-tokens-label-required = Enter the purpose.
web-tokens-label-too-long = Keep the purpose within { $max } characters.
