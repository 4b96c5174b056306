# HTTPS (mamori serve --tls-…) and API tokens in the browser

## CLI: mamori serve over TLS
cli-mamori-serve-arg-tls_cert = HTTPS で待ち受けます: サーバ証明書（PEM。中間証明書を続けて書けます）のファイル
cli-mamori-serve-arg-tls_key = --tls-cert の証明書に対応する秘密鍵（PEM）のファイル
cli-mamori-serve-arg-tls_self_signed = 自己署名証明書で HTTPS 待ち受けします（初回にデータディレクトリの tls/ に作成し、以後は同じ証明書を使います）
cli-mamori-serve-arg-tls_name = 自己署名証明書に入れるホスト名または IP アドレス（複数指定可。localhost・127.0.0.1・このマシンのホスト名は常に入ります）
cli-serve-listening-tls = mamori を https://{ $address }/ で起動しました（Ctrl-C で停止）。
cli-serve-tls-fingerprint = 証明書 { $file } の SHA-256 フィンガープリント:
    { $fingerprint }
    ブラウザーで表示される証明書のフィンガープリントと一致することを確かめてください。
cli-serve-tls-generated = 自己署名証明書を作成しました: { $file }（名前: { $names }）

## TLS problems (tls-<code> of mamori_web::tls::TlsError)
tls-file-unreadable = ファイル「{ $file }」を読めません: { $detail }
tls-file-unwritable = ファイル「{ $file }」に書き込めません: { $detail }
tls-no_certificate = 証明書ファイル「{ $cert }」に PEM 形式の証明書（-----BEGIN CERTIFICATE-----）がありません（{ $detail }）。
tls-no_private_key = 秘密鍵ファイル「{ $key }」に PEM 形式の秘密鍵（-----BEGIN PRIVATE KEY----- など）がありません（{ $detail }）。
tls-key_mismatch = 秘密鍵ファイル「{ $key }」は証明書ファイル「{ $cert }」の証明書の鍵ではありません（{ $detail }）。
tls-rejected = 証明書ファイル「{ $cert }」と秘密鍵ファイル「{ $key }」は使えません: { $detail }
tls-generate = 自己署名証明書を作成できませんでした: { $detail }

## API tokens in the browser (/tokens)
web-nav-tokens = APIトークン
web-tokens-title = APIトークン
web-tokens-intro = スクリプトから JSON API（/api/v1/…）を使うためのトークンです。トークンはあなたのアカウントの権限で動きます。使わなくなったトークンは取り消してください。
web-tokens-created = 新しいトークンです。この画面でしか表示されません。今すぐ控えてください。
web-tokens-usage = 使い方: HTTP ヘッダー「Authorization: Bearer トークン」を付けて /api/v1/… を呼び出します。
web-tokens-new = トークンを作成
web-tokens-label = 用途
web-tokens-label-example = 例: 夜間の台帳出力スクリプト
web-tokens-expires = 有効期限
web-tokens-expiry-days = { $days } 日
web-tokens-no-expiry = なし
web-tokens-create = 作成
web-tokens-yours = あなたのトークン
web-tokens-everyones = すべての利用者のトークン
web-tokens-none = トークンはありません。
web-tokens-col-user = 利用者
web-tokens-col-id = ID
web-tokens-col-created = 作成日時
web-tokens-col-last-used = 最終使用
web-tokens-you = あなた
web-tokens-never = 未使用
web-tokens-expired = 期限切れ
web-tokens-revoke = 取り消す…
web-tokens-revoke-confirm = このトークンを使うスクリプトは以後 API を使えなくなります。
web-tokens-revoke-submit = 取り消す
web-tokens-revoked = トークンを取り消しました。
web-tokens-label-required = 用途を入力してください。
web-tokens-label-too-long = 用途は { $max } 文字以内にしてください。
