//! Keys of `fields` outside the schema: one server error listing them all, in request order,
//! raw (spec §2.4). b24lint reports one diagnostic per key, all with the server's text.

use super::{json_string, replace, Cx, Decorate, Reach, Request};
use crate::diag::Applicability;
use crate::php::PhpKey;
use crate::spec::fields::Entity;
use crate::spec::{Code, Target};
use crate::suggest::{did_you_mean, same_letters};

/// Unknown keys reported one by one at most.
const MAX_REPORTED: usize = 50;
/// Bytes of repeated message text the per-key diagnostics may add up to.
const MESSAGE_BUDGET: usize = 1 << 20;

pub fn check(cx: &mut Cx, req: &Request<'_>, entity: Entity) {
    let target = cx.target;
    let allowed: Vec<&str> = entity.fields(target).map(|f| f.name).collect();
    let unknown: Vec<_> = req
        .entries
        .iter()
        .filter(|e| !matches!(e.key, PhpKey::Str(k) if allowed.contains(&k)))
        .collect();
    if unknown.is_empty() {
        return;
    }
    let list = unknown
        .iter()
        .map(|e| e.key.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let is_list = matches!(req.fields.value, crate::json::Value::Array(_));
    // Each diagnostic carries the whole list, so a hostile number of keys would make the
    // report quadratic; past the cap the last reported one counts the rest.
    let reported = unknown
        .len()
        .min(MAX_REPORTED)
        .min((MESSAGE_BUDGET / list.len().max(1)).max(1));
    // A key is renamed by --fix only to a field that is absent and that no earlier key claims.
    // Keys past the cap are still offered their rename (at most one per schema field), so one
    // --fix run settles however many unknown keys come first.
    let mut claimed: Vec<&str> = Vec::new();
    for (i, e) in unknown.iter().enumerate() {
        let key = e.key.to_string();
        let fix = match (e.key, e.key_span) {
            (PhpKey::Str(k), Some(key_span)) if !is_list => same_letters(k, &allowed)
                .filter(|f| req.entry(f).is_none() && !claimed.contains(f))
                .map(|f| {
                    claimed.push(f);
                    replace(
                        format!("rename `{k}` to `{f}`"),
                        key_span,
                        json_string(f),
                        Applicability::Safe,
                    )
                }),
            _ => None,
        };
        if i >= reported && fix.is_none() {
            continue;
        }
        let reach = if i == 0 {
            Reach::Recorded
        } else {
            Reach::Shadowed
        };
        let span = e.key_span.unwrap_or(e.value.span);
        let mut help = help_for(&key, target, entity, &allowed, is_list);
        if i + 1 == reported && unknown.len() > reported {
            help.push_str(&format!(
                " ({} more unknown keys are in the message but not reported one by one)",
                unknown.len() - reported
            ));
        }
        let d = cx
            .report(
                Code::VALIDATION_UNKNOWN_PARAMETERS,
                span,
                req.pointer_to(&key),
                &[("list", &list)],
                reach,
            )
            .label("unknown parameter")
            .help(help);
        if let Some(fix) = fix {
            d.fix(fix);
        }
    }
}

fn help_for(key: &str, target: Target, entity: Entity, allowed: &[&str], is_list: bool) -> String {
    if is_list {
        return format!(
            "`fields` is a list; it must be an object of named {} fields",
            entity.noun()
        );
    }
    if let Some(f) = entity.schema().iter().find(|f| f.name == key) {
        return if f.inferred {
            format!(
                "`{key}` is documented, but no public server code up to {target} accepts it; use --target cloud if your portal does"
            )
        } else {
            format!(
                "`{key}` is accepted from {} on; target {target} does not know it",
                f.since
            )
        };
    }
    if let Some(s) = did_you_mean(key, allowed) {
        return format!("did you mean `{s}`? Field names are exact, case-sensitive camelCase");
    }
    format!("remove it; known fields: {}", allowed.join(", "))
}
