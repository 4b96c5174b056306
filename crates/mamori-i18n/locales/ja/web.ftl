# web messages (CLI help for its commands included)

## layout and navigation
web-nav-home = ホーム
web-nav-assets = 機器
web-nav-points = 外部接続点
web-nav-import = 取込・出力
web-logout = ログアウト
web-lang-switch = English
web-back-home = ホームへ戻る
web-role-admin = 管理者
web-role-editor = 編集者
web-role-viewer = 閲覧者
web-role-vendor = 事業者

## login
web-login-title = ログイン
web-login-name = ログイン名
web-login-password = パスワード
web-login-submit = ログイン
web-login-failed = ログイン名またはパスワードが違います。

## errors ({ $seconds } only for too_many_attempts)
web-error-unauthenticated = ログインしてください。
web-error-forbidden = この情報を見る・変更する権限がありません。
web-error-csrf_rejected = 要求を受け付けられませんでした（別のサイトからの送信、またはページの有効期限切れ）。ページを開き直してからもう一度操作してください。
web-error-not_found = 見つかりません。
web-error-bad_request = 要求の形式が正しくありません。
web-error-conflict = 表示している間に他の人がこの記録を変更しました。ページを開き直して、もう一度変更してください。
web-error-too_many_attempts = ログインの失敗が続いたため、{ $seconds } 秒待ってからもう一度試してください。
web-error-invalid = 台帳に矛盾が生じるため保存できません。
web-error-payload_too_large = ファイルが大きすぎます。
web-error-internal = 内部エラーが発生しました。管理者に連絡してください（詳細はサーバのログにあります）。

## dashboard
web-home-kinds = 種類別の件数
web-home-zones = ゾーン別の機器数
web-home-gaps = 記録の不足（立入検査の前に埋めるもの）
web-home-no-gaps = 不足は見つかりませんでした。
web-zone-none = （ゾーン未設定）

## asset list
web-assets-search = 検索
web-assets-search-placeholder = ID・名称・管理番号・メーカー・IPアドレス…
web-all-zones = すべてのゾーン
web-all-kinds = すべての種類
web-assets-summary = { $total } 件中 { $first }–{ $last } 件目
web-assets-col-id = ID
web-assets-col-name = 名称
web-assets-col-kind = 種類
web-assets-col-zone = ゾーン
web-assets-col-ip = IPアドレス
web-assets-col-maker = メーカー・型番
web-assets-col-os = OS
web-prev = ← 前へ
web-next = 次へ →

## record pages
web-edit = 編集
web-saved = 保存しました。変更は下の履歴に記録されています。
web-section-fields = 記録内容
web-section-relations = 関係
web-section-history = 変更履歴
web-history-version = 版
web-history-at = 日時（日本時間）
web-history-actor = 変更者
web-history-reason = 理由
web-history-changes = 変更内容
web-history-created = 新規登録
web-rel-contracts = 契約
web-rel-points = このゾーンに着地する外部接続点
web-rel-accounts = ログインできるアカウント
web-rel-backups = 保護しているバックアップ
web-rel-services = サービス（ポート）
web-rel-assets-behind = 着地先ゾーンの機器（先頭100件）
web-owner-hospital = 病院
web-yes = はい
web-no = いいえ
web-unknown = 不明
web-none = （なし）

## fields (JSON field names)
web-field-id = ID
web-field-name = 名称
web-field-kind = 種類
web-field-asset_number = 管理番号
web-field-maker = メーカー
web-field-model = 型番
web-field-serial = シリアル番号
web-field-os = OS
web-field-os_name = OS 名
web-field-os_version = OS バージョン
web-field-firmware = ファームウェア
web-field-firmware_name = ファームウェア名
web-field-firmware_version = ファームウェアのバージョン
web-field-software = ソフトウェア
web-field-cpes = CPE
web-field-ip_addresses = IPアドレス
web-field-mac_addresses = MACアドレス
web-field-zone_id = ゾーン
web-field-zone_ids = 着地するゾーン
web-field-location_id = 設置場所
web-field-owner_department = 管理部署
web-field-managing_vendor_id = 保守業者
web-field-system_id = 情報システム
web-field-owner = 管理責任
web-field-criticality = 重要度
web-field-crown_jewel = 重要資産の種別
web-field-handles_patient_data = 患者情報を扱う
web-field-end_of_life = サポート終了日
web-field-av_edr = ウイルス対策・EDR
web-field-patch_state = パッチ適用状況
web-field-last_patched = 最終パッチ適用日
web-field-remote_maintenance = リモート保守
web-field-notes = 備考
web-field-vendor_id = 事業者
web-field-peer = 接続先
web-field-public_addresses = グローバルIPアドレス
web-field-always_on = 常時接続
web-field-requires_authentication = 認証あり
web-field-mfa = 多要素認証
web-field-source_ip_restricted = 接続元IP制限
web-field-inbound_filtering = 内向きの通信制限
web-field-outbound_filtering = 外向きの通信制限
web-field-allowed_protocols = 許可プロトコル
web-field-credentials_stored = 認証情報を機器に保存
web-field-last_firmware_check = 最終ファームウェア確認日
web-field-last_log_review = 最終ログ確認日
web-field-contract_id = 契約

## edit form
web-edit-title = { $id } { $name } の編集
web-edit-has-problems = 保存できませんでした。次の点を直してください。
web-save = 保存
web-cancel = キャンセル
web-hint-ip_addresses = 複数はカンマまたは改行で区切ります。
web-hint-mac_addresses = 例: 00:1A:2B:3C:4D:5E
web-invalid-ip = 「{ $value }」はIPアドレスではありません（例: 192.168.10.5）。
web-invalid-mac = 「{ $value }」はMACアドレスではありません（例: 00:1A:2B:3C:4D:5E）。
web-invalid-date = 「{ $value }」は日付ではありません（例: 2026-03-31）。
web-invalid-choice = 「{ $value }」は選択肢にありません。
web-reason-edit-asset = 機器 { $id } を編集

## import and export
web-import-upload = ファイルから取り込む
web-import-help = CSV（Shift_JIS または UTF-8）、Excel（.xlsx）、台帳JSONを取り込めます。まず内容を確認し、問題がなければ確定します。問題が一つでもあれば何も書き込みません。
web-import-file = 取り込むファイル
web-import-kind = CSVの種類
web-import-kind-auto = CSVの種類（ファイル名・見出しから自動判定）
web-import-preview = 確認する
web-import-problems = { $count } 件の問題があります。ファイルを直してからもう一度取り込んでください（何も書き込んでいません）。
web-import-col-file = ファイル
web-import-col-sheet = シート
web-import-col-row = 行
web-import-col-column = 列
web-import-col-message = 内容
web-import-col-kind = 種類
web-import-changes = 取り込むと次のように変わります
web-import-created = 追加
web-import-updated = 変更
web-import-deleted = 削除
web-import-commit = 確定して取り込む
web-import-done = 取り込みました：追加 { $created } 件、変更 { $updated } 件、削除 { $deleted } 件。
web-export = 出力・ひな形
web-export-xlsx = 台帳を Excel で出力
web-export-json = 台帳を JSON で出力
web-template-xlsx = Excel ひな形
web-template-csv = CSV ひな形

## CLI: mamori serve / mamori user
cli-mamori-serve-about = Web画面とAPIを起動します（127.0.0.1 のみで待ち受けるのが既定です）
cli-mamori-serve-arg-listen = 待ち受けるアドレスとポート
cli-mamori-serve-arg-secure_cookies = Cookie に Secure を付けます（TLS を終端するリバースプロキシの後ろで使うとき）
cli-mamori-user-about = Web画面の利用者を管理します
cli-mamori-user-add-about = 利用者を追加し、初期パスワードを表示します
cli-mamori-user-add-arg-name = ログイン名
cli-mamori-user-add-arg-role = 権限（admin / editor / viewer / vendor）
cli-mamori-user-add-arg-vendor = 事業者アカウントが見られる事業者のID（vendor のとき必須）
cli-mamori-user-add-arg-display_name = 表示名（省略時はログイン名）
cli-mamori-user-list-about = 利用者の一覧を表示します
cli-mamori-user-password-about = 新しいパスワードを発行します（その利用者のログインはすべて終了します）
cli-mamori-user-password-arg-name = ログイン名
cli-mamori-user-token-about = スクリプト用のAPIトークンを発行します（表示は一度だけ）
cli-mamori-user-token-arg-name = トークンが代理する利用者のログイン名
cli-mamori-user-token-arg-label = 用途のメモ
cli-mamori-user-token-arg-expires_days = トークンの有効日数（1〜3650）。省略すると期限なし
cli-serve-listening = mamori を http://{ $address }/ で起動しました（Ctrl-C で停止）。
cli-serve-first-admin = 最初の管理者を作成しました。ログイン名: { $login }  パスワード: { $password }
    このパスワードは一度しか表示されません。ログイン後に控えてください。
cli-serve-stopped = 停止しました。
cli-user-added = 利用者 { $login }（{ $role }）を追加しました。初期パスワード: { $password }
cli-user-exists = 利用者 { $login } はすでにいます。
cli-user-unknown = 利用者 { $login } はいません。
cli-user-vendor-required = vendor 権限には --vendor で事業者IDを指定してください。
cli-user-vendor-unknown = 事業者 { $vendor } は台帳にありません。
cli-user-password-reset = { $login } の新しいパスワード: { $password }
cli-user-token-created = { $login } のAPIトークン（一度だけ表示）: { $token }
cli-user-token-expires = 有効期限: { $expires }
cli-user-list-line = { $login }  { $role }  { $vendor }  { $state }
cli-user-disabled = 無効
cli-user-enabled = 有効
