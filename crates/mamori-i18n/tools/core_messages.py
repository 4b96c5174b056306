# Source of locales/{ja,en}/core.ftl: one row per key so the two languages stay aligned.
# Regenerate with: python3 crates/mamori-i18n/tools/core_messages.py
import os
rows = [
 # record kinds
 ("kind-hospital","医療機関","Hospital"),
 ("kind-sites","拠点","Sites"),
 ("kind-locations","設置場所","Locations"),
 ("kind-zones","ゾーン（セグメント）","Zones"),
 ("kind-vendors","事業者","Vendors"),
 ("kind-contracts","契約","Contracts"),
 ("kind-systems","情報システム","Information systems"),
 ("kind-assets","機器（資産）","Assets"),
 ("kind-services","サービス（ポート）","Services"),
 ("kind-connection_points","外部接続点","External connection points"),
 ("kind-firewalls","ファイアウォール","Firewalls"),
 ("kind-firewall_rules","ファイアウォールルール","Firewall rules"),
 ("kind-credential_groups","認証情報グループ","Credential groups"),
 ("kind-accounts","アカウント","Accounts"),
 ("kind-backups","バックアップ","Backups"),
 ("kind-ssids","無線LAN（SSID）","Wireless networks (SSID)"),
 ("kind-access_points","無線アクセスポイント","Wireless access points"),
 ("kind-removable_media","外部媒体・モデム","Removable media and modems"),
 ("kind-log_sources","ログ","Log sources"),
 ("kind-vulnerabilities","脆弱性（手入力）","Vulnerabilities (recorded by hand)"),
 # problems
 ("problem-invalid_id","IDが不正です（{ $reason }）。使える文字は半角英数字と . _ : - です。","The id is invalid ({ $reason }). Use only A-Z a-z 0-9 . _ : -."),
 ("problem-duplicate_id","ID「{ $value }」が重複しています。","The id \"{ $value }\" appears more than once."),
 ("problem-empty_field","必須項目が空です。","This required field is empty."),
 ("problem-unknown_reference","「{ $value }」という{ $target }は台帳にありません。先に登録するか、IDか名称を確認してください。","There is no \"{ $value }\" among the { $target } in the ledger. Register it first or check the id or name."),
 ("problem-ip_outside_zone","IPアドレス { $value } はゾーン { $zone } のCIDRの範囲外です。","IP address { $value } is outside the CIDRs of zone { $zone }."),
 ("problem-duplicate_asset_number","管理番号「{ $value }」は { $other } と重複しています。","Asset number \"{ $value }\" is already used by { $other }."),
 ("problem-duplicate_service","同じ機器 { $other } に同じサービス { $value } が二重に登録されています。","Service { $value } is recorded twice on asset { $other }."),
 ("problem-firewall_needs_two_zones","ファイアウォールは2つ以上のゾーンをつなぐ必要があります。","A firewall must join at least two zones."),
 ("problem-zone_pair_joined_twice","ゾーンの組 { $value } は既にファイアウォール { $other } がつないでいます（1組につき1台）。","The zone pair { $value } is already joined by firewall { $other } (one per pair)."),
 ("problem-duplicate_rule_position","ルール順序 { $value } はルール { $other } と重複しています。","Rule position { $value } is already used by rule { $other }."),
 ("problem-rule_zone_not_on_firewall","ゾーン { $value } はファイアウォール { $other } がつなぐゾーンではありません。","Zone { $value } is not joined by firewall { $other }."),
 ("problem-service_not_on_asset","サービス { $value } は機器 { $other } のものではありません。","Service { $value } does not belong to asset { $other }."),
 ("problem-online_backup_without_holder","オンラインのバックアップには保存先の機器が必要です。","An online backup needs the asset that holds it."),
 ("problem-mfa_without_authentication","認証なしの接続点に多要素認証ありとは記録できません。","A connection point without authentication cannot have MFA."),
 ("problem-dates_out_of_order","日付 { $value } が開始日 { $other } より前です。","Date { $value } is before the start date { $other }."),
 ("problem-ports_without_protocol","プロトコルが any / icmp のルールにはポート（{ $value }）を指定できません。","A rule with protocol any or icmp cannot name ports ({ $value })."),
 ("gap-asset_without_version","バージョン（OS・ファームウェア）が未記録の機器","Assets without an OS or firmware version"),
 ("gap-asset_without_owner","管理部署も保守業者も未記録の機器","Assets without an owner department or managing vendor"),
 ("gap-point_without_mfa","多要素認証のない外部接続点","Connection points without MFA"),
 ("gap-point_without_contract","契約が記録されていない事業者の外部接続点","Vendor connection points without a contract"),
 ("gap-credential_shared_across_hosts","複数の機器で管理者として使い回されている認証情報","Administrator credentials reused across hosts"),
 ("gap-crown_jewel_without_offline_backup","オフライン（またはイミュータブル）バックアップのない重要資産","Crown jewels without an offline or immutable backup"),
 ("gap-backup_never_restore_tested","復元テストの記録がないバックアップ","Backups never restore-tested"),
 ("gap-account_without_lockout","ロックアウトが設定されていないアカウント","Accounts without lockout"),
 ("gap-log_source_without_retention","保存期間が未記録のログ","Log sources without a retention period"),
 ("gap-vendor_without_24h_contact","24時間連絡先のない事業者","Vendors without a 24-hour contact"),
 ("owner-hospital","病院","Hospital"),
 ("owner-vendor","事業者","Vendor"),
 ("value-yes","はい","yes"),
 ("value-no","いいえ","no"),
 ("value-unknown","不明","unknown"),
]
enums = {
 "zone_kind": [("emr","電子カルテ系","EMR"),("departmental","部門系","Departmental"),("medical_device","医療機器系","Medical devices"),("office_internet","事務・インターネット系","Office and internet"),("dmz","DMZ","DMZ"),("server","サーバ","Servers"),("management","管理","Management"),("maintenance","保守","Maintenance"),("guest","ゲスト","Guest"),("backup","バックアップ","Backup"),("regional_network","地域医療連携","Regional health network"),("other","その他","Other")],
 "asset_kind": [("server","サーバ","Server"),("virtual_machine","仮想マシン","Virtual machine"),("pc","PC","PC"),("thin_client","シンクライアント","Thin client"),("switch","スイッチ","Switch"),("router","ルータ","Router"),("firewall_appliance","ファイアウォール機器","Firewall appliance"),("wireless_ap","無線AP","Wireless AP"),("storage","ストレージ・NAS","Storage / NAS"),("medical_device","医療機器","Medical device"),("iot","IoT機器","IoT device"),("mobile","モバイル端末","Mobile device"),("printer","プリンタ・複合機","Printer / MFP"),("other","その他","Other")],
 "crown_jewel": [("emr","電子カルテ","EMR"),("billing","医事会計","Billing"),("pacs","PACS","PACS"),("active_directory","Active Directory","Active Directory"),("backup_server","バックアップサーバ","Backup server"),("laboratory","検査","Laboratory"),("pharmacy","薬剤","Pharmacy"),("other","その他","Other")],
 "criticality": [("critical","最重要","Critical"),("high","高","High"),("medium","中","Medium"),("low","低","Low")],
 "av_edr": [("edr","EDR","EDR"),("antivirus","ウイルス対策ソフト","Anti-virus"),("none","なし","None"),("not_permitted","導入不可（メーカー制約）","Not permitted by maker"),("unknown","不明","Unknown")],
 "patch_state": [("current","最新","Current"),("behind","未適用あり","Behind"),("not_permitted","適用不可（メーカー制約・サポート終了）","Not permitted / unsupported"),("unknown","不明","Unknown")],
 "cpe_state": [("confirmed","確認済み","Confirmed"),("suggested","推定","Suggested")],
 "system_kind": [("emr","電子カルテ","EMR"),("billing","医事会計","Billing"),("pacs","PACS","PACS"),("laboratory","検査","Laboratory"),("pharmacy","薬剤","Pharmacy"),("radiology","放射線（RIS）","Radiology (RIS)"),("departmental","部門システム","Departmental"),("regional_network","地域医療連携","Regional health network"),("office","事務・グループウェア","Office / groupware"),("infrastructure","基盤","Infrastructure"),("other","その他","Other")],
 "vendor_kind": [("emr_vendor","電子カルテベンダー","EMR vendor"),("medical_device_maker","医療機器メーカー","Medical device maker"),("network_integrator","ネットワーク事業者","Network integrator"),("system_vendor","システムベンダー","System vendor"),("facility_service","委託業者（給食・施設等）","Facility service"),("cloud_service","クラウド事業者","Cloud service"),("telecom","通信事業者","Telecom carrier"),("other","その他","Other")],
 "security_clause": [("confidential_information","機密情報の取り扱い","Handling of confidential information"),("access_limitation","アクセス者の限定","Limiting who accesses information"),("backup_management","バックアップと媒体管理","Backups and media management"),("internal_audit","内部点検と結果報告","Internal audits and reports"),("subcontract_approval","再委託の事前承認","Prior approval of subcontracting"),("no_private_pc","私用PCの業務利用禁止","No private PCs for work"),("physical_access","入退室・施錠管理","Physical access control"),("web_access_restriction","不要なWEBサイトへのアクセス禁止","No unneeded web access"),("virus_scan","定期的なウイルス検査","Regular virus scans"),("vulnerability_remediation","脆弱性の解消（アップデート）","Vulnerability remediation (updates)"),("credential_management","ID・パスワード管理","ID and password management"),("incident_reporting","漏えい時の迅速な報告と再発防止","Prompt incident reporting and prevention")],
 "connection_point_kind": [("vendor_vpn_router","ベンダーVPNルータ","Vendor VPN router"),("ssl_vpn","SSL-VPN","SSL-VPN"),("ipsec_vpn","IPsec-VPN","IPsec VPN"),("lte_modem","LTEモデム","LTE modem"),("usb_modem","USBモデム","USB modem"),("isdn","ISDN","ISDN"),("internet_line","インターネット回線","Internet line"),("cloud_service","クラウドサービス","Cloud service"),("vdi_gateway","VDIゲートウェイ","VDI gateway"),("regional_network","地域医療連携ネットワーク","Regional health network"),("guest_wifi","ゲスト無線LAN","Guest Wi-Fi"),("other","その他","Other")],
 "firewall_action": [("allow","許可","Allow"),("deny","拒否","Deny")],
 "rule_protocol": [("any","すべて","Any"),("tcp","TCP","TCP"),("udp","UDP","UDP"),("icmp","ICMP","ICMP")],
 "service_protocol": [("tcp","TCP","TCP"),("udp","UDP","UDP")],
 "account_kind": [("shared","共用","Shared"),("vendor","保守ベンダー用","Vendor"),("local_admin","ローカル管理者","Local administrator"),("domain_admin","ドメイン管理者","Domain administrator"),("domain_user","ドメインユーザ","Domain user"),("service","サービス用","Service account"),("personal","個人","Personal"),("built_in","初期アカウント","Built-in")],
 "privilege_level": [("admin","管理者","Administrator"),("user","一般","User")],
 "backup_medium": [("online","オンライン","Online"),("offline","オフライン","Offline"),("immutable","イミュータブル（改ざん不可）","Immutable")],
 "restore_result": [("success","成功","Success"),("partial","一部成功","Partial"),("failure","失敗","Failure")],
 "wifi_encryption": [("open","暗号化なし","Open"),("wep","WEP","WEP"),("wpa_personal","WPA-Personal","WPA Personal"),("wpa2_personal","WPA2-Personal","WPA2 Personal"),("wpa2_enterprise","WPA2-Enterprise","WPA2 Enterprise"),("wpa3_personal","WPA3-Personal","WPA3 Personal"),("wpa3_enterprise","WPA3-Enterprise","WPA3 Enterprise"),("owe","OWE（拡張オープン）","OWE (Enhanced Open)")],
 "wifi_band": [("2.4ghz","2.4GHz","2.4 GHz"),("5ghz","5GHz","5 GHz"),("6ghz","6GHz","6 GHz")],
 "removable_kind": [("usb_memory","USBメモリ","USB memory"),("external_disk","外付けディスク","External disk"),("optical_disc","光ディスク","Optical disc"),("sd_card","SDカード","SD card"),("lte_modem","LTEモデム","LTE modem"),("usb_modem","USBモデム","USB modem"),("smartphone","スマートフォン","Smartphone"),("other","その他","Other")],
 "log_category": [("authentication","認証","Authentication"),("firewall","ファイアウォール","Firewall"),("vpn","VPN","VPN"),("system","システム","System"),("application","アプリケーション","Application"),("audit","監査","Audit"),("proxy","プロキシ","Proxy"),("dns","DNS","DNS"),("edr","EDR","EDR")],
 "vuln_effect": [("remote_code_exec","リモートコード実行","Remote code execution"),("auth_bypass","認証回避","Authentication bypass"),("local_priv_esc","権限昇格（ローカル）","Local privilege escalation")],
}
for lst, items in enums.items():
    for code, ja, en in items:
        rows.append((f"enum-{lst}-{code.replace('.', '_')}", ja, en))
here = os.path.dirname(os.path.abspath(__file__))
for idx, lang in ((1, "ja"), (2, "en")):
    path = os.path.join(here, "..", "locales", lang, "core.ftl")
    with open(path, "w", encoding="utf-8") as f:
        f.write("# Generated by tools/core_messages.py: edit that table, not this file.\n")
        for row in rows:
            f.write(f"{row[0]} = {row[idx]}\n")
