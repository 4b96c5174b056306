# vuln messages (CLI help for its commands included)

## CLI help
cli-mamori-feed-about = Vulnerability feeds (NVD, CVE JSON 5, CISA KEV, JVN) from files
cli-mamori-feed-import-about = Imports feed files, directories and .tar.xz/.tar/.zip bundles into the database (re-importing the same file does nothing)
cli-mamori-feed-import-arg-paths = Files or directories to import
cli-mamori-feed-status-about = Shows the imported feeds and the records that could not be read
cli-mamori-vuln-about = Matching the ledger's assets and connection points against vulnerabilities
cli-mamori-vuln-match-about = Matches every asset and external connection point against the feeds and lists the findings
cli-mamori-vuln-match-arg-format = Output format (table / json / csv)
cli-mamori-vuln-match-arg-as_of = Match the ledger as it was on this date, and judge exception expiry on it
cli-mamori-vuln-match-arg-alerts = Only alerts (KEV or CVSS 9.0+ on connection points and crown jewels)
cli-mamori-vuln-match-arg-include_accepted = Also show findings under a risk acceptance (exception)
cli-mamori-vuln-match-arg-out = Output file (default: standard output)
cli-mamori-vuln-match-arg-vendor_aliases = Vendor-alias file (TOML, the shape of mamori's own table) that extends the builtin table; errors name the file and line
cli-mamori-vuln-suggest-about = Suggests CPE names for assets without any, from the loaded feeds and the vendor-alias table (to be confirmed by a person)
cli-mamori-vuln-suggest-arg-asset = Only this asset (also when it already has CPE names)
cli-mamori-vuln-suggest-arg-format = Output format (table / json)
cli-mamori-vuln-suggest-arg-apply = Write each asset's best suggestion into the ledger as a suggested CPE name (audited; confirm it later by editing the asset)
cli-mamori-vuln-suggest-arg-vendor_aliases = Vendor-alias file that extends the builtin table
cli-mamori-vuln-alerts-about = Shows the alerts (KEV or CVSS 9.0 and above on a connection point or crown jewel, not accepted) and which are new since your last look (you are --actor, else the OS user)
cli-mamori-vuln-alerts-arg-new = Only the alerts that are new since your last look
cli-mamori-vuln-alerts-arg-mark_seen = Marks every current alert as seen (they are no longer new next time)
cli-mamori-vuln-alerts-arg-format = Output format (table / json)
cli-mamori-vuln-show-about = Shows what each feed says about one CVE and which targets it affects
cli-mamori-vuln-show-arg-cve = CVE id (e.g. CVE-2022-42475)
cli-mamori-vuln-exceptions-about = Risk acceptances (exceptions): add, list, revoke
cli-mamori-vuln-exceptions-add-about = Accepts the risk of one finding (target and CVE) until a date
cli-mamori-vuln-exceptions-add-arg-target = Asset id or connection point id
cli-mamori-vuln-exceptions-add-arg-cve = CVE id
cli-mamori-vuln-exceptions-add-arg-reason = Why the risk is accepted (e.g. cannot be updated under the device approval; compensating controls)
cli-mamori-vuln-exceptions-add-arg-approver = Who approved it
cli-mamori-vuln-exceptions-add-arg-expires = Last day it holds (the finding reappears the day after)
cli-mamori-vuln-exceptions-list-about = Lists the risk acceptances
cli-mamori-vuln-exceptions-list-arg-history = Also show the history of additions and revocations
cli-mamori-vuln-exceptions-revoke-about = Revokes a risk acceptance
cli-mamori-vuln-exceptions-revoke-arg-id = Exception id (e.g. exc-1)

## feed import / status
vuln-feed-imported = { $file }: { $sources } { $records } records (new { $inserted }, updated { $updated }, unchanged { $unchanged }, ignored as older { $older }), { $problems } unreadable
vuln-feed-already = { $file }: already imported, nothing to do ({ $previous }, { $at })
vuln-feed-problem =   unreadable: { $detail }
vuln-feed-more-problems =   and { $count } more (see mamori feed status)
vuln-feed-problems-total = { $count } records could not be read in total. All other records were imported.
vuln-feed-empty = No feeds imported yet. Run mamori feed import PATH… first.
vuln-feed-status-sources = Records per feed (newest modification):
vuln-feed-status-imports = Imports (records / +new ~updated =unchanged <older !unreadable SHA-256):
vuln-feed-status-legend = Feeds are shared by all hospitals; findings and exceptions are per hospital.

## vuln match / show
vuln-match-working = Matching
vuln-match-no-feeds = No feed record with applicability data (CPE) is loaded. Run mamori feed import first.
vuln-match-cpe-problem = Unusable CPE name: { $detail }
vuln-match-summary = { $hospital }: { $targets } targets, { $findings } findings ({ $shown } shown), { $alerts } alerts
vuln-show-heading = { $cve }
vuln-show-unknown = { $cve } is in none of the imported feeds
vuln-show-configurations = Applicability: { $configurations } configurations, { $criteria } CPE criteria
vuln-show-kev = CISA KEV: known exploited (added { $added }, due { $due }): { $action }
vuln-show-not-kev = CISA KEV: not listed
vuln-show-ransomware = Known to be used in ransomware campaigns
vuln-show-affected = Targets affected in this hospital: { $count }

## exceptions
vuln-exceptions-broken = The hash chain of the risk acceptances breaks at #{ $seq }. The data may have been changed outside mamori.
vuln-exception-unknown-target = { $target } is neither an asset nor a connection point of the ledger
vuln-exception-bad-date = Cannot read the expiry { $value } as a date (e.g. 2026-03-31)
vuln-exception-bad-cve = { $value } is not a CVE id (e.g. CVE-2022-42475)
vuln-exception-added = Exception { $id } added: { $cve } on { $target } until { $expires }
vuln-exception-unknown = Exception { $id } is not among the exceptions in force
vuln-exception-revoked = Exception { $id } revoked
vuln-exceptions-none = No risk acceptances
vuln-exception-in-force = in force
vuln-exception-expired = expired
vuln-exceptions-history = History:

## vendor-alias file
vuln-aliases-unreadable = Cannot read the vendor-alias file { $file }: { $detail }
vuln-aliases-syntax = { $file } line { $line }: not a vendor-alias table ({ $detail })
vuln-aliases-bad-token = { $file } line { $line }: not a CPE vendor or product token ({ $detail })
vuln-aliases-bad-product = { $file } line { $line }: a product is written vendor:product ({ $detail })
vuln-aliases-empty = { $file } line { $line }: empty entry ({ $detail })

## vuln suggest
vuln-suggest-working = Looking for CPE names
vuln-suggest-no-feeds = No feed is loaded, so there is nothing to suggest from. Run mamori feed import first.
vuln-suggest-unknown-asset = There is no asset { $asset } in the ledger
vuln-suggest-summary = { $suggested } of { $assets } assets have suggestions ({ $pairs } vendor/product pairs in the loaded feeds). Suggestions never count as confirmed findings.
vuln-suggest-nothing-to-apply = Nothing to write: no asset has a new suggestion
vuln-suggest-applied = Wrote { $count } suggested CPE names ({ $updated } assets updated). Confirm them by editing each asset.
vuln-suggest-field-os = OS
vuln-suggest-field-firmware = firmware
vuln-suggest-field-model = model
vuln-suggest-field-software = software
vuln-suggest-why-vendor-table = maker { $maker } is vendor { $vendor } (alias table)
vuln-suggest-why-vendor-maker = maker { $maker } is vendor { $vendor }
vuln-suggest-why-vendor-name = "{ $name }" starts with vendor { $vendor }
vuln-suggest-why-vendor-product = { $product } is a product of { $vendor } in the feeds
vuln-suggest-why-product-equal = { $field } "{ $name }" is product { $product }
vuln-suggest-why-product-in-name = { $field } "{ $name }" contains product { $product }
vuln-suggest-why-version = version { $version } from the { $field }
vuln-suggest-why-version-unknown = version not known from the { $field } (left as * or -)
## vuln alerts
vuln-alerts-summary = { $hospital }: { $alerts } alerts, { $new } new since { $viewer }'s last look ({ $last })
vuln-alerts-never = never
vuln-alerts-new-mark = NEW
vuln-alerts-marked = { $viewer } marked { $count } alerts as seen ({ $at })
