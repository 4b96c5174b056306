//! Credential groups and accounts: the shared local administrator valid on every Windows
//! server and PC, a domain administrator cached on the file server, a vendor maintenance
//! account reused across the vendor's systems and its SSL-VPN, a medical device's default
//! password, a ward login shared across terminals, and domain users without lockout.
//! Secrets are never recorded, only which accounts share one.

use mamori_core::{
    AcceptedOn, Account, AccountId, AccountKind, AssetId, ConnectionPointId, CredentialGroup,
    CredentialGroupId, Owner, PrivilegeLevel as L, ServiceId, StoredOn, VendorId,
};

use crate::assets::*;
use crate::network::{CP_FOOD_VPN, CP_PACS_IPSEC, CP_SSLVPN};
use crate::parties::{V_EMR, V_FOOD, V_MONITOR, V_PACS};
use crate::{Gen, day};

pub const CG_LOCAL_ADMIN: &str = "cg-local-admin";
pub const CG_DOMAIN_ADMIN: &str = "cg-domain-admin";
pub const CG_EMR_VENDOR: &str = "cg-emr-vendor";
pub const CG_FOOD_VENDOR: &str = "cg-food-vendor";
pub const CG_MONITOR_DEFAULT: &str = "cg-monitor-default";
pub const CG_WARD_SHARED: &str = "cg-ward-shared";
pub const CG_BACKUP_SERVICE: &str = "cg-backup-service";

/// At most this many terminals accept the shared ward login (the wards of the base hospital).
const WARD_LOGIN_HOSTS: usize = 300;

fn blank_account(id: &str, username: &str, kind: AccountKind) -> Account {
    Account {
        id: AccountId::from(id),
        username: username.to_owned(),
        kind,
        credential_group_id: None,
        owner: Owner::Hospital,
        accepted_on: Vec::new(),
        stored_on: Vec::new(),
        known_default: false,
        known_weak: false,
        known_leaked: false,
        mfa: None,
        password_min_length: None,
        lockout_threshold: None,
        last_rotation: None,
        notes: None,
    }
}

fn on(asset: &str, service: Option<ServiceId>, level: L) -> AcceptedOn {
    AcceptedOn::Asset {
        asset_id: AssetId::from(asset),
        service_id: service,
        level,
    }
}

fn on_point(point: &str, level: L) -> AcceptedOn {
    AcceptedOn::ConnectionPoint {
        connection_point_id: ConnectionPointId::from(point),
        level,
    }
}

fn stored(asset: &str) -> StoredOn {
    StoredOn::Asset {
        asset_id: AssetId::from(asset),
    }
}

fn service(asset: &str, name: &str) -> Option<ServiceId> {
    Some(ServiceId(format!("svc-{asset}-{name}")))
}

fn vendor(id: &str) -> Owner {
    Owner::Vendor {
        vendor_id: VendorId::from(id),
    }
}

pub fn build(g: &mut Gen) {
    groups(g);
    let windows = g.windows.clone();
    let servers: Vec<_> = windows.iter().filter(|w| w.server).cloned().collect();

    // One local administrator password on every Windows server and PC (Osaka 2022).
    let mut local = blank_account("acc-local-admin", "Administrator", AccountKind::LocalAdmin);
    local.credential_group_id = Some(CredentialGroupId::from(CG_LOCAL_ADMIN));
    for (index, host) in windows.iter().enumerate() {
        for service in [&host.smb, &host.rdp].into_iter().flatten() {
            local.accepted_on.push(AcceptedOn::Asset {
                asset_id: host.asset.clone(),
                service_id: Some(service.clone()),
                level: L::Admin,
            });
        }
        // Every server, and the terminals where the kitting script left it behind.
        if host.server || index % 3 == 0 {
            local.stored_on.push(StoredOn::Asset {
                asset_id: host.asset.clone(),
            });
        }
    }
    local.mfa = Some(false);
    local.password_min_length = Some(8);
    local.lockout_threshold = Some(0);
    local.last_rotation = day(2019, 4, 1);
    local.notes = Some("導入時に全サーバ・端末へ同一パスワードを設定（閉域網前提）。キッティング用スクリプトにも記載。".to_owned());

    let mut nas = blank_account("acc-nas-admin", "admin", AccountKind::BuiltIn);
    nas.credential_group_id = Some(CredentialGroupId::from(CG_LOCAL_ADMIN));
    nas.accepted_on = vec![
        on(NAS, service(NAS, "tcp445"), L::Admin),
        on(NAS, service(NAS, "tcp5001"), L::Admin),
    ];
    nas.mfa = Some(false);
    nas.lockout_threshold = Some(0);
    nas.notes = Some("NASの管理者にもサーバ共通の管理者パスワードを流用".to_owned());

    let mut domain_admin =
        blank_account("acc-domain-admin", "midori-adm", AccountKind::DomainAdmin);
    domain_admin.credential_group_id = Some(CredentialGroupId::from(CG_DOMAIN_ADMIN));
    for host in &servers {
        if let Some(rdp) = &host.rdp {
            domain_admin.accepted_on.push(AcceptedOn::Asset {
                asset_id: host.asset.clone(),
                service_id: Some(rdp.clone()),
                level: L::Admin,
            });
        }
    }
    domain_admin.stored_on = vec![stored(FILE), stored(BACKUP)];
    domain_admin.mfa = Some(false);
    domain_admin.password_min_length = Some(8);
    domain_admin.lockout_threshold = Some(0);
    domain_admin.last_rotation = day(2021, 4, 1);
    domain_admin.notes = Some(
        "ファイルサーバにログオン時のキャッシュ（ハッシュ）が残存。バックアップジョブにも保存。"
            .to_owned(),
    );

    let mut backup = blank_account("acc-svc-backup", "svc-backup", AccountKind::Service);
    backup.credential_group_id = Some(CredentialGroupId::from(CG_BACKUP_SERVICE));
    for host in &servers {
        if let Some(smb) = &host.smb {
            backup.accepted_on.push(AcceptedOn::Asset {
                asset_id: host.asset.clone(),
                service_id: Some(smb.clone()),
                level: L::Admin,
            });
        }
    }
    backup.stored_on = vec![stored(BACKUP), stored(BACKUP_CONSOLE)];
    backup.password_min_length = Some(12);
    backup.lockout_threshold = Some(0);
    backup.last_rotation = day(2022, 4, 1);

    let vendor_systems = [
        EMR_DB1,
        EMR_DB2,
        EMR_AP1,
        EMR_AP2,
        EMR_WEB,
        JUMP,
        REGION_GW,
        "srv-pharm01",
        "srv-dialysis01",
    ];
    let mut emr_maint = blank_account("acc-emr-maint", "emrmaint", AccountKind::Vendor);
    emr_maint.credential_group_id = Some(CredentialGroupId::from(CG_EMR_VENDOR));
    emr_maint.owner = vendor(V_EMR);
    emr_maint.accepted_on = vendor_systems
        .iter()
        .map(|a| on(a, service(a, "tcp3389"), L::Admin))
        .collect();
    emr_maint.stored_on = vec![stored(JUMP)];
    emr_maint.mfa = Some(false);
    emr_maint.password_min_length = Some(8);
    emr_maint.notes = Some("ベンダーの全顧客病院で共通のパスワード体系".to_owned());

    let mut vpn_user = blank_account("acc-emr-vpn", "midori-vpn01", AccountKind::Vendor);
    vpn_user.credential_group_id = Some(CredentialGroupId::from(CG_EMR_VENDOR));
    vpn_user.owner = vendor(V_EMR);
    vpn_user.accepted_on = vec![on_point(CP_SSLVPN, L::User)];
    vpn_user.stored_on = vec![StoredOn::ConnectionPoint {
        connection_point_id: ConnectionPointId::from(CP_SSLVPN),
    }];
    vpn_user.mfa = Some(false);
    vpn_user.lockout_threshold = Some(0);
    vpn_user.notes = Some("SSL-VPNのローカルユーザ。保守用アカウントと同じパスワード。".to_owned());

    let mut food = blank_account("acc-food-maint", "kyushoku", AccountKind::Vendor);
    food.credential_group_id = Some(CredentialGroupId::from(CG_FOOD_VENDOR));
    food.owner = vendor(V_FOOD);
    food.accepted_on = vec![
        on(FOOD, service(FOOD, "tcp3389"), L::Admin),
        on_point(CP_FOOD_VPN, L::User),
    ];
    food.stored_on = vec![
        StoredOn::ConnectionPoint {
            connection_point_id: ConnectionPointId::from(CP_FOOD_VPN),
        },
        stored(FOOD_ROUTER),
    ];
    food.mfa = Some(false);
    food.notes = Some("業者データセンター側の端末にも保存されている".to_owned());

    let mut monitor = blank_account("acc-monitor-admin", "admin", AccountKind::BuiltIn);
    monitor.credential_group_id = Some(CredentialGroupId::from(CG_MONITOR_DEFAULT));
    monitor.owner = vendor(V_MONITOR);
    monitor.accepted_on = (1..=9)
        .map(|n| format!("med-cmon{n:02}"))
        .map(|a| on(&a, service(&a, "tcp443"), L::Admin))
        .collect();
    monitor.known_default = true;
    monitor.known_weak = true;
    monitor.mfa = Some(false);
    monitor.notes = Some("セントラルモニタWeb管理画面の出荷時パスワード".to_owned());

    let mut ward = blank_account("acc-ward-shared", "byoutou", AccountKind::Shared);
    ward.credential_group_id = Some(CredentialGroupId::from(CG_WARD_SHARED));
    let ward_hosts = windows
        .iter()
        .filter(|w| !w.server && w.asset.as_str().starts_with("pc-emr-"))
        .take(WARD_LOGIN_HOSTS);
    ward.accepted_on = ward_hosts
        .filter_map(|w| {
            w.smb.clone().map(|smb| AcceptedOn::Asset {
                asset_id: w.asset.clone(),
                service_id: Some(smb),
                level: L::User,
            })
        })
        .collect();
    ward.known_weak = true;
    ward.mfa = Some(false);
    ward.password_min_length = Some(4);
    ward.lockout_threshold = Some(0);
    ward.notes = Some("病棟の共用ログイン。パスワードはナースステーションに掲示。".to_owned());

    let mut pacs = blank_account("acc-pacs-maint", "sakura-maint", AccountKind::Vendor);
    pacs.owner = vendor(V_PACS);
    pacs.accepted_on = vec![
        on(PACS, service(PACS, "tcp3389"), L::Admin),
        on_point(CP_PACS_IPSEC, L::User),
    ];
    pacs.mfa = Some(true);
    pacs.password_min_length = Some(14);
    pacs.lockout_threshold = Some(5);
    pacs.last_rotation = day(2026, 4, 1);

    let mut lab = blank_account("acc-lab-maint", "labtech", AccountKind::Vendor);
    lab.accepted_on = vec![
        on(LIS, service(LIS, "tcp3389"), L::Admin),
        on(ECG, service(ECG, "tcp3389"), L::Admin),
    ];

    let mut emr_db = blank_account("acc-svc-emr-db", "emr_app", AccountKind::Service);
    emr_db.accepted_on = vec![
        on(EMR_DB1, service(EMR_DB1, "tcp1521"), L::Admin),
        on(EMR_DB2, service(EMR_DB2, "tcp1521"), L::Admin),
    ];
    emr_db.stored_on = vec![stored(EMR_AP1), stored(EMR_AP2)];
    emr_db.notes = Some("APサーバの設定ファイルに平文で保存".to_owned());

    let mut it_staff = blank_account("acc-it-suzuki", "suzuki.t", AccountKind::Personal);
    it_staff.accepted_on = servers
        .iter()
        .filter_map(|w| {
            w.rdp.clone().map(|rdp| AcceptedOn::Asset {
                asset_id: w.asset.clone(),
                service_id: Some(rdp),
                level: L::Admin,
            })
        })
        .collect();
    it_staff.mfa = Some(false);
    it_staff.password_min_length = Some(8);
    it_staff.lockout_threshold = Some(0);

    g.ledger.accounts = vec![
        local,
        nas,
        domain_admin,
        backup,
        emr_maint,
        vpn_user,
        food,
        monitor,
        ward,
        pacs,
        lab,
        emr_db,
        it_staff,
    ];
    domain_users(g, &windows);
}

/// Personal domain accounts (one per twenty assets): short passwords, no lockout, no MFA.
fn domain_users(g: &mut Gen, windows: &[crate::WinHost]) {
    let clients: Vec<_> = windows.iter().filter(|w| !w.server).collect();
    let file_smb = service(FILE, "tcp445");
    for number in 1..=g.target.max(crate::DEMO_ASSETS) / 20 {
        let mut user = blank_account(
            &format!("acc-user-{number:05}"),
            &format!("u{number:05}"),
            AccountKind::DomainUser,
        );
        user.accepted_on.push(on(FILE, file_smb.clone(), L::User));
        if !clients.is_empty() {
            let host = clients[g.rng.index(clients.len())];
            if let Some(smb) = &host.smb {
                user.accepted_on.push(AcceptedOn::Asset {
                    asset_id: host.asset.clone(),
                    service_id: Some(smb.clone()),
                    level: L::User,
                });
            }
        }
        user.mfa = Some(false);
        user.password_min_length = Some(6);
        user.lockout_threshold = Some(0);
        user.known_weak = g.rng.percent(10);
        g.ledger.accounts.push(user);
    }
}

fn groups(g: &mut Gen) {
    let group = |id: &str, name: &str, owner: Owner, description: &str| CredentialGroup {
        id: CredentialGroupId::from(id),
        name: name.to_owned(),
        owner,
        description: Some(description.to_owned()),
    };
    g.ledger.credential_groups = vec![
        group(
            CG_LOCAL_ADMIN,
            "共通ローカル管理者パスワード",
            Owner::Hospital,
            "全Windowsサーバ・端末・NASで同一",
        ),
        group(
            CG_DOMAIN_ADMIN,
            "ドメイン管理者",
            Owner::Hospital,
            "情報システム室とネットワーク保守業者が共用",
        ),
        group(
            CG_EMR_VENDOR,
            "電子カルテベンダー保守用",
            vendor(V_EMR),
            "保守アカウントとSSL-VPNユーザで同一パスワード",
        ),
        group(
            CG_FOOD_VENDOR,
            "給食業者保守用",
            vendor(V_FOOD),
            "栄養管理サーバのRDPとVPN",
        ),
        group(
            CG_MONITOR_DEFAULT,
            "セントラルモニタ初期パスワード",
            vendor(V_MONITOR),
            "出荷時設定のまま",
        ),
        group(
            CG_WARD_SHARED,
            "病棟共用ログイン",
            Owner::Hospital,
            "全病棟の端末で共用",
        ),
        group(
            CG_BACKUP_SERVICE,
            "バックアップ用サービスアカウント",
            Owner::Hospital,
            "全サーバの管理者権限",
        ),
    ];
}
