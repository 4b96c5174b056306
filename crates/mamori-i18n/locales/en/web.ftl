# web messages (CLI help for its commands included)

## layout and navigation
web-nav-home = Home
web-nav-assets = Assets
web-nav-points = Connection points
web-nav-import = Import / export
web-logout = Log out
web-lang-switch = 日本語
web-back-home = Back to home
web-role-admin = administrator
web-role-editor = editor
web-role-viewer = viewer
web-role-vendor = vendor

## login
web-login-title = Log in
web-login-name = Login name
web-login-password = Password
web-login-submit = Log in
web-login-failed = Wrong login name or password.

## errors ({ $seconds } only for too_many_attempts)
web-error-unauthenticated = Please log in.
web-error-forbidden = You are not allowed to see or change this.
web-error-csrf_rejected = The request was refused (sent from another site, or the page expired). Reload the page and try again.
web-error-not_found = Not found.
web-error-bad_request = The request is malformed.
web-error-conflict = Someone else changed this record while you were viewing it. Reload the page and make your change again.
web-error-too_many_attempts = Too many failed logins: wait { $seconds } seconds and try again.
web-error-invalid = The change would make the ledger inconsistent, so it was not saved.
web-error-payload_too_large = The file is too large.
web-error-internal = An internal error occurred. Contact your administrator (details are in the server log).

## dashboard
web-home-kinds = Records by kind
web-home-zones = Assets by zone
web-home-gaps = Data gaps (to fill before the inspection)
web-home-no-gaps = No gaps found.
web-zone-none = (no zone)

## asset list
web-assets-search = Search
web-assets-search-placeholder = ID, name, asset number, maker, IP address…
web-all-zones = All zones
web-all-kinds = All kinds
web-assets-summary = { $first }–{ $last } of { $total }
web-assets-col-id = ID
web-assets-col-name = Name
web-assets-col-kind = Kind
web-assets-col-zone = Zone
web-assets-col-ip = IP address
web-assets-col-maker = Maker / model
web-assets-col-os = OS
web-prev = ← Previous
web-next = Next →

## record pages
web-edit = Edit
web-saved = Saved. The change is recorded in the history below.
web-section-fields = Record
web-section-relations = Relations
web-section-history = History
web-history-version = Version
web-history-at = When (Japan time)
web-history-actor = By
web-history-reason = Reason
web-history-changes = Changes
web-history-created = Created
web-rel-contracts = Contracts
web-rel-points = Connection points landing in this zone
web-rel-accounts = Accounts that can log on
web-rel-backups = Backups protecting it
web-rel-services = Services (ports)
web-rel-assets-behind = Assets in the zones it lands in (first 100)
web-owner-hospital = Hospital
web-yes = Yes
web-no = No
web-unknown = Unknown
web-none = (none)

## fields (JSON field names)
web-field-id = ID
web-field-name = Name
web-field-kind = Kind
web-field-asset_number = Asset number
web-field-maker = Maker
web-field-model = Model
web-field-serial = Serial number
web-field-os = OS
web-field-os_name = OS name
web-field-os_version = OS version
web-field-firmware = Firmware
web-field-firmware_name = Firmware name
web-field-firmware_version = Firmware version
web-field-software = Software
web-field-cpes = CPE
web-field-ip_addresses = IP addresses
web-field-mac_addresses = MAC addresses
web-field-zone_id = Zone
web-field-zone_ids = Zones it lands in
web-field-location_id = Location
web-field-owner_department = Department
web-field-managing_vendor_id = Maintenance vendor
web-field-system_id = Information system
web-field-owner = Responsible party
web-field-criticality = Criticality
web-field-crown_jewel = Crown jewel kind
web-field-handles_patient_data = Handles patient data
web-field-end_of_life = End of support
web-field-av_edr = Antivirus / EDR
web-field-patch_state = Patch state
web-field-last_patched = Last patched
web-field-remote_maintenance = Remote maintenance
web-field-notes = Notes
web-field-vendor_id = Vendor
web-field-peer = Peer
web-field-public_addresses = Public IP addresses
web-field-always_on = Always on
web-field-requires_authentication = Requires authentication
web-field-mfa = Multi-factor authentication
web-field-source_ip_restricted = Source IP restricted
web-field-inbound_filtering = Inbound filtering
web-field-outbound_filtering = Outbound filtering
web-field-allowed_protocols = Allowed protocols
web-field-credentials_stored = Credentials stored on the device
web-field-last_firmware_check = Last firmware check
web-field-last_log_review = Last log review
web-field-contract_id = Contract

## edit form
web-edit-title = Edit { $id } { $name }
web-edit-has-problems = Not saved. Please fix the following.
web-save = Save
web-cancel = Cancel
web-hint-ip_addresses = Separate several with commas or new lines.
web-hint-mac_addresses = e.g. 00:1A:2B:3C:4D:5E
web-invalid-ip = "{ $value }" is not an IP address (e.g. 192.168.10.5).
web-invalid-mac = "{ $value }" is not a MAC address (e.g. 00:1A:2B:3C:4D:5E).
web-invalid-date = "{ $value }" is not a date (e.g. 2026-03-31).
web-invalid-choice = "{ $value }" is not one of the choices.
web-reason-edit-asset = edit asset { $id }

## import and export
web-import-upload = Import a file
web-import-help = CSV (Shift_JIS or UTF-8), Excel (.xlsx) and ledger JSON can be imported. Check the preview first and commit when there are no problems; any problem means nothing is written.
web-import-file = File to import
web-import-kind = CSV kind
web-import-kind-auto = CSV kind (from file name or headers)
web-import-preview = Preview
web-import-problems = { $count } problem(s). Fix the file and import it again (nothing was written).
web-import-col-file = File
web-import-col-sheet = Sheet
web-import-col-row = Row
web-import-col-column = Column
web-import-col-message = Problem
web-import-col-kind = Kind
web-import-changes = Importing will make these changes
web-import-created = Added
web-import-updated = Changed
web-import-deleted = Deleted
web-import-commit = Commit the import
web-import-done = Imported: { $created } added, { $updated } changed, { $deleted } deleted.
web-export = Export and templates
web-export-xlsx = Export the ledger as Excel
web-export-json = Export the ledger as JSON
web-template-xlsx = Excel template
web-template-csv = CSV templates

## CLI: mamori serve / mamori user
cli-mamori-serve-about = Start the web UI and API (listens on 127.0.0.1 by default)
cli-mamori-serve-arg-listen = Address and port to listen on
cli-mamori-serve-arg-secure_cookies = Mark cookies Secure (behind a reverse proxy that terminates TLS)
cli-mamori-user-about = Manage the users of the web UI
cli-mamori-user-add-about = Add a user and print its initial password
cli-mamori-user-add-arg-name = Login name
cli-mamori-user-add-arg-role = Role (admin / editor / viewer / vendor)
cli-mamori-user-add-arg-vendor = The vendor id a vendor account may see (required for vendor)
cli-mamori-user-add-arg-display_name = Display name (default: the login name)
cli-mamori-user-list-about = List the users
cli-mamori-user-password-about = Issue a new password (ends all of the user's sessions)
cli-mamori-user-password-arg-name = Login name
cli-mamori-user-token-about = Issue an API token for scripts (shown once)
cli-mamori-user-token-arg-name = Login name of the user the token acts as
cli-mamori-user-token-arg-label = What the token is for
cli-mamori-user-token-arg-expires_days = Days the token stays valid (1–3650); no expiry when omitted
cli-serve-listening = mamori is running at http://{ $address }/ (Ctrl-C to stop).
cli-serve-first-admin = Created the first administrator. Login: { $login }  Password: { $password }
    This password is shown only once; note it now.
cli-serve-stopped = Stopped.
cli-user-added = Added user { $login } ({ $role }). Initial password: { $password }
cli-user-exists = User { $login } already exists.
cli-user-unknown = There is no user { $login }.
cli-user-vendor-required = The vendor role needs --vendor with a vendor id.
cli-user-vendor-unknown = Vendor { $vendor } is not in the ledger.
cli-user-password-reset = New password for { $login }: { $password }
cli-user-token-created = API token for { $login } (shown once): { $token }
cli-user-token-expires = Expires: { $expires }
cli-user-list-line = { $login }  { $role }  { $vendor }  { $state }
cli-user-disabled = disabled
cli-user-enabled = enabled
