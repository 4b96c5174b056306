//! What a vendor account may see: the assets and connection points its vendor maintains
//! or owns. Hospital staff see everything. The same rule serves pages and API, so a record
//! hidden in the UI is also 403 in the API.

use mamori_core::{Asset, ConnectionPoint, Owner};

use crate::auth::CurrentUser;

fn owned_by(owner: &Owner, vendor: &str) -> bool {
    matches!(owner, Owner::Vendor { vendor_id } if vendor_id.as_str() == vendor)
}

pub fn asset_visible(user: &CurrentUser, asset: &Asset) -> bool {
    match user.vendor_scope() {
        None => true,
        Some(vendor) => {
            asset
                .managing_vendor_id
                .as_ref()
                .is_some_and(|id| id.as_str() == vendor)
                || owned_by(&asset.owner, vendor)
        }
    }
}

pub fn point_visible(user: &CurrentUser, point: &ConnectionPoint) -> bool {
    match user.vendor_scope() {
        None => true,
        Some(vendor) => {
            point
                .vendor_id
                .as_ref()
                .is_some_and(|id| id.as_str() == vendor)
                || owned_by(&point.owner, vendor)
        }
    }
}

/// Whole-ledger operations (import, export, templates of everything) are for staff only.
pub fn whole_ledger_allowed(user: &CurrentUser) -> bool {
    user.vendor_scope().is_none()
}
