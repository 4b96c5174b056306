# vuln messages (CLI help for its commands included)

## CLI help
cli-mamori-feed-about = 脆弱性フィード（NVD・CVE JSON 5・CISA KEV・JVN）をファイルから取り込みます
cli-mamori-feed-import-about = フィードのファイル・ディレクトリ・.tar.xz/.tar/.zip をデータベースに取り込みます（同じファイルの再取り込みは何もしません）
cli-mamori-feed-import-arg-paths = 取り込むファイルまたはディレクトリ
cli-mamori-feed-status-about = 取り込み済みのフィードと読めなかったレコードを表示します
cli-mamori-vuln-about = 台帳の資産・外部接続点と脆弱性の突合
cli-mamori-vuln-match-about = 台帳の全資産と外部接続点をフィードと突合し、所見を表示します
cli-mamori-vuln-match-arg-format = 出力形式（table / json / csv）
cli-mamori-vuln-match-arg-as_of = この日時点の台帳で突合し、この日で例外の期限を判定します
cli-mamori-vuln-match-arg-alerts = 警報（外部接続点・重要資産の KEV または CVSS 9.0 以上）だけを表示します
cli-mamori-vuln-match-arg-include_accepted = リスク受容（例外）中の所見も表示します
cli-mamori-vuln-match-arg-out = 出力先ファイル（省略時は標準出力）
cli-mamori-vuln-match-arg-vendor_aliases = 組み込みの表に追加するベンダー別名ファイル（TOML、mamori 同梱の表と同じ形）。誤りはファイル名と行番号で示します
cli-mamori-vuln-suggest-about = CPE 名のない資産に、取り込んだフィードとベンダー別名表から CPE 名の候補を示します（人が確認します）
cli-mamori-vuln-suggest-arg-asset = この資産だけ（CPE 名があっても対象にします）
cli-mamori-vuln-suggest-arg-format = 出力形式（table / json）
cli-mamori-vuln-suggest-arg-apply = 各資産の最上位の候補を「候補（suggested）」の CPE 名として台帳に書き込みます（監査ログに記録。確認は資産の編集で行います）
cli-mamori-vuln-suggest-arg-vendor_aliases = 組み込みの表に追加するベンダー別名ファイル
cli-mamori-vuln-alerts-about = 警報（外部接続点・重要資産の KEV または CVSS 9.0 以上、リスク受容なし）と、前回確認してから新しく出たものを表示します（確認者は --actor、省略時は OS のユーザー）
cli-mamori-vuln-alerts-arg-new = 前回の確認以降の新着の警報だけを表示します
cli-mamori-vuln-alerts-arg-mark_seen = 今ある警報をすべて確認済みにします（次回からは新着になりません）
cli-mamori-vuln-alerts-arg-format = 出力形式（table / json）
cli-mamori-vuln-show-about = 1 件の CVE について各フィードの内容と該当する資産を表示します
cli-mamori-vuln-show-arg-cve = CVE 番号（例: CVE-2022-42475）
cli-mamori-vuln-exceptions-about = リスク受容（例外）の登録・一覧・取り消し
cli-mamori-vuln-exceptions-add-about = 所見 1 件（対象と CVE）のリスク受容を期限付きで登録します
cli-mamori-vuln-exceptions-add-arg-target = 資産 ID または外部接続点 ID
cli-mamori-vuln-exceptions-add-arg-cve = CVE 番号
cli-mamori-vuln-exceptions-add-arg-reason = 受容する理由（例: 薬機法承認のため更新不可、代替策あり）
cli-mamori-vuln-exceptions-add-arg-approver = 承認者
cli-mamori-vuln-exceptions-add-arg-expires = 期限（この日まで有効。翌日から所見が再表示されます）
cli-mamori-vuln-exceptions-list-about = 有効なリスク受容を表示します
cli-mamori-vuln-exceptions-list-arg-history = 登録・取り消しの履歴も表示します
cli-mamori-vuln-exceptions-revoke-about = リスク受容を取り消します
cli-mamori-vuln-exceptions-revoke-arg-id = 例外 ID（例: exc-1）

## feed import / status
vuln-feed-imported = { $file }: { $sources } { $records } 件（新規 { $inserted }・更新 { $updated }・変更なし { $unchanged }・より古いため無視 { $older }）、読めなかったもの { $problems } 件
vuln-feed-already = { $file }: 取り込み済みのため何もしません（{ $previous }、{ $at }）
vuln-feed-problem =   読めません: { $detail }
vuln-feed-more-problems =   ほか { $count } 件（mamori feed status で確認できます）
vuln-feed-problems-total = 読めなかったレコードが合計 { $count } 件あります。他のレコードは取り込まれています。
vuln-feed-empty = フィードはまだ取り込まれていません。mamori feed import PATH… で取り込んでください。
vuln-feed-status-sources = フィード別の件数（最新の更新日時）:
vuln-feed-status-imports = 取り込み履歴（件数 / +新規 ~更新 =変更なし <古い !読めない SHA-256）:
vuln-feed-status-legend = フィードは全病院で共有され、所見と例外は病院ごとです。

## vuln match / show
vuln-match-working = 突合しています
vuln-match-no-feeds = フィードに適用条件（CPE）のあるレコードがありません。先に mamori feed import を実行してください。
vuln-match-cpe-problem = 使えない CPE 名: { $detail }
vuln-match-summary = { $hospital }: 対象 { $targets } 件、所見 { $findings } 件（表示 { $shown } 件）、警報 { $alerts } 件
vuln-show-heading = { $cve }
vuln-show-unknown = { $cve } は取り込み済みのどのフィードにもありません
vuln-show-configurations = 適用条件: 構成 { $configurations } 件、CPE 条件 { $criteria } 件
vuln-show-kev = CISA KEV: 悪用が確認されています（追加 { $added }、対応期限 { $due }）: { $action }
vuln-show-not-kev = CISA KEV: 掲載なし
vuln-show-ransomware = ランサムウェアでの悪用が知られています
vuln-show-affected = この病院で該当する対象: { $count } 件

## exceptions
vuln-exceptions-broken = リスク受容の記録のハッシュチェーンが #{ $seq } で一致しません。データが mamori の外で変更された可能性があります。
vuln-exception-unknown-target = { $target } は台帳の資産にも外部接続点にもありません
vuln-exception-bad-date = 期限 { $value } を日付として読めません（例: 2026-03-31）
vuln-exception-bad-cve = { $value } は CVE 番号ではありません（例: CVE-2022-42475）
vuln-exception-added = 例外 { $id } を登録しました: { $target } の { $cve }、{ $expires } まで
vuln-exception-unknown = 例外 { $id } は有効な例外の中にありません
vuln-exception-revoked = 例外 { $id } を取り消しました
vuln-exceptions-none = 有効なリスク受容はありません
vuln-exception-in-force = 有効
vuln-exception-expired = 期限切れ
vuln-exceptions-history = 履歴:

## vendor-alias file
vuln-aliases-unreadable = ベンダー別名ファイル { $file } を読めません: { $detail }
vuln-aliases-syntax = { $file } { $line } 行目: ベンダー別名表の形式ではありません（{ $detail }）
vuln-aliases-bad-token = { $file } { $line } 行目: CPE のベンダー名・製品名として使えない文字があります（{ $detail }）
vuln-aliases-bad-product = { $file } { $line } 行目: 製品は「ベンダー:製品」と書きます（{ $detail }）
vuln-aliases-empty = { $file } { $line } 行目: 空の項目です（{ $detail }）

## vuln suggest
vuln-suggest-working = CPE 名の候補を探しています
vuln-suggest-no-feeds = フィードが取り込まれていないため、候補を示せません。先に mamori feed import を実行してください。
vuln-suggest-unknown-asset = 台帳に資産 { $asset } はありません
vuln-suggest-summary = 資産 { $assets } 件のうち { $suggested } 件に候補があります（取り込んだフィードのベンダー・製品の組 { $pairs } 件）。候補は確定した所見にはなりません。
vuln-suggest-nothing-to-apply = 書き込むものはありません（新しい候補のある資産がありません）
vuln-suggest-applied = 候補の CPE 名を { $count } 件書き込みました（資産 { $updated } 件を更新）。各資産を編集して確認してください。
vuln-suggest-field-os = OS
vuln-suggest-field-firmware = ファームウェア
vuln-suggest-field-model = 型式
vuln-suggest-field-software = ソフトウェア
vuln-suggest-why-vendor-table = メーカー { $maker } はベンダー { $vendor }（別名表）
vuln-suggest-why-vendor-maker = メーカー { $maker } はベンダー { $vendor }
vuln-suggest-why-vendor-name = 「{ $name }」はベンダー { $vendor } で始まります
vuln-suggest-why-vendor-product = { $product } はフィード上 { $vendor } の製品です
vuln-suggest-why-product-equal = { $field }「{ $name }」は製品 { $product } です
vuln-suggest-why-product-in-name = { $field }「{ $name }」は製品 { $product } を含みます
vuln-suggest-why-version = バージョン { $version }（{ $field }から）
vuln-suggest-why-version-unknown = { $field }からバージョンは分かりません（* または - のまま）
## vuln alerts
vuln-alerts-summary = { $hospital }: 警報 { $alerts } 件、{ $viewer } さんの前回の確認（{ $last }）以降の新着 { $new } 件
vuln-alerts-never = 未確認
vuln-alerts-new-mark = 新着
vuln-alerts-marked = { $viewer } さんが警報 { $count } 件を確認済みにしました（{ $at }）
