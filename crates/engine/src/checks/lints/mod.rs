//! b24lint's own lints: what the portal accepts but that breaks later. They run after the
//! server's pipeline and never change the predicted answer.

pub(super) mod columns;
pub(super) mod hygiene;
mod logo;
pub(super) mod params;
mod settings;
mod sort;
pub(super) mod source;
pub(super) mod urls;

use super::items::Item;
use super::{Cx, Request};

/// Lints on the connector definition (`fields`) of add and update.
pub fn check_fields(cx: &mut Cx, req: &Request<'_>, items: &[Item<'_>]) {
    urls::check_endpoints(cx, req);
    logo::check(cx, req);
    settings::check(cx, req, items);
    sort::check(cx, req);
}
