//! b24lint's own lints: what the portal accepts but that breaks later. They run after the
//! server's pipeline and never change the predicted answer.

// Named for what they look at; the server's own checks of the same things are
// `checks::{columns, settings, source}`.
mod column_keys;
mod hygiene;
mod logo;
mod params;
mod setting_items;
mod sort;
mod source_fields;
mod urls;

use super::items::Item;
use super::{Cx, Request};
use crate::json::Node;
use crate::spec::methods::{Family, InputShape, Method, Op};
use crate::spec::Code;

/// What the lints of one request read: the document, the request as the server checks saw it,
/// and the items those checks built.
pub(crate) struct Input<'r, 'a> {
    pub root: &'a Node,
    /// JSON Pointer of the parameters (`/params` in an envelope file).
    pub base: &'r str,
    pub method: Method,
    pub shape: InputShape,
    /// `fields`, when the request got that far.
    pub request: Option<&'r Request<'a>>,
    /// A connector's settings items as the server reads them.
    pub settings: &'r [Item<'a>],
    /// A dataset's column items.
    pub columns: &'r [Item<'a>],
}

/// One lint: the codes it reports (in groups, so a group another lint reports too is written
/// once), which methods it looks at, and the function that looks.
pub(crate) struct Lint {
    pub codes: &'static [&'static [Code]],
    pub applies: fn(Method, InputShape) -> bool,
    pub run: fn(&mut Cx, &Input<'_, '_>),
}

/// Runs a lint of `fields` when the request got that far.
fn on_fields(cx: &mut Cx, i: &Input<'_, '_>, lint: impl Fn(&mut Cx, &Request<'_>)) {
    if let Some(req) = i.request {
        lint(cx, req);
    }
}

fn always(_: Method, _: InputShape) -> bool {
    true
}

fn family(m: Method, f: Family) -> bool {
    m.family() == f
}

/// What the URL checks report; the logo lint checks a logo given as a URL with them.
const URL_CODES: &[Code] = &[
    Code::URL_INVALID,
    Code::URL_CLEARTEXT,
    Code::URL_PRIVATE_HOST,
    Code::URL_CREDENTIALS,
];

/// The column key lints, of added datasets and of fields.update alike.
const COLUMN_CODES: &[Code] = &[Code::COLUMN_KEY, Code::COLUMN_TYPE_CASE];

/// Every lint, in the order they run (the report sorts findings by position afterwards). A
/// lint whose codes are all allowed is not run at all.
pub(crate) const LINTS: &[Lint] = &[
    Lint {
        codes: &[&[
            Code::PARAM_START,
            Code::PARAM_CASE,
            Code::PARAM_UNKNOWN,
            Code::PARAMS_IGNORED,
            Code::FILTER_LOGIC_BYPASS,
            Code::FILTER_UNMAPPED,
        ]],
        applies: |_, shape| shape == InputShape::Request,
        run: |cx, i| params::check(cx, i.root, i.base, i.method),
    },
    Lint {
        codes: &[&[Code::DUPLICATE_KEY]],
        applies: always,
        run: |cx, i| hygiene::duplicate_keys(cx, i.root),
    },
    Lint {
        codes: &[&[Code::TEXT_WHITESPACE]],
        applies: always,
        run: |cx, i| on_fields(cx, i, hygiene::text),
    },
    Lint {
        codes: &[URL_CODES],
        applies: |m, _| family(m, Family::Connector),
        run: |cx, i| on_fields(cx, i, urls::check_endpoints),
    },
    Lint {
        codes: &[
            &[
                Code::LOGO_DATA_URI,
                Code::LOGO_BASE64,
                Code::LOGO_MIME_MISMATCH,
                Code::LOGO_NOT_IMAGE,
                Code::LOGO_CONTENT,
                Code::LOGO_SVG,
                Code::LOGO_TOO_LONG,
                Code::LOGO_UNCOMMON_TYPE,
            ],
            // A logo given as a URL is checked as one.
            URL_CODES,
        ],
        applies: |m, _| family(m, Family::Connector),
        run: |cx, i| on_fields(cx, i, logo::check),
    },
    Lint {
        codes: &[&[
            Code::SETTING_DUPLICATE_CODE,
            Code::SETTING_EMPTY,
            Code::SETTING_CODE_CHARS,
            Code::SETTING_NOT_STRING,
        ]],
        applies: |m, _| family(m, Family::Connector),
        run: |cx, i| on_fields(cx, i, |cx, req| setting_items::check(cx, req, i.settings)),
    },
    Lint {
        codes: &[&[Code::SORT_COERCED]],
        applies: |m, _| family(m, Family::Connector),
        run: |cx, i| on_fields(cx, i, sort::check),
    },
    Lint {
        codes: &[&[Code::SETTINGS_REPLACED]],
        applies: |m, _| m == Method::ConnectorUpdate,
        run: |cx, i| {
            on_fields(cx, i, |cx, req| {
                params::settings_replaced(cx, req, i.settings)
            })
        },
    },
    Lint {
        codes: &[&[
            Code::SOURCE_ACTIVE_IGNORED,
            Code::SOURCE_SETTINGS_SHAPE,
            Code::SOURCE_SETTING_VALUE,
        ]],
        applies: |m, _| family(m, Family::Source),
        run: |cx, i| {
            on_fields(cx, i, |cx, req| {
                source_fields::check(cx, req, i.method.op())
            })
        },
    },
    // dataset.update's `fields` is refused as a whole (INVALID_METHOD): no column lints.
    Lint {
        codes: &[COLUMN_CODES],
        applies: |m, _| matches!(m.family(), Family::Dataset | Family::Table) && m.op() == Op::Add,
        run: |cx, i| on_fields(cx, i, |cx, _| column_keys::check(cx, i.columns)),
    },
    Lint {
        codes: &[COLUMN_CODES],
        applies: |m, _| m.op() == Op::FieldsUpdate,
        run: |cx, i| column_keys::check_added(cx, i.root, i.base),
    },
];

/// The lint codes reported outside [`LINTS`]: a syntax error while reading the body, an
/// envelope's unknown method before any method runs, what a form transport changed, and the
/// comparisons across files.
pub(crate) const LINTS_ELSEWHERE: &[Code] = &[
    Code::JSON_SYNTAX,
    Code::PASTED_LITERAL,
    Code::ENVELOPE_METHOD,
    Code::ENVELOPE_METHOD_DIFFERS,
    Code::TRANSPORT_VALUE,
    Code::TRANSPORT_FALSE_TRUE,
    Code::TRANSPORT_KEY_VANISHES,
    Code::TRANSPORT_KEY_ORDER,
    Code::TRANSPORT_INPUT_VARS,
    Code::TRANSPORT_NESTING,
    Code::SOURCE_SETTINGS_CODES,
    Code::DATASET_EXTERNAL_CODE_DUPLICATE,
];

/// Runs the lints that apply to the request and have a code that is reported.
pub(crate) fn run(cx: &mut Cx, input: &Input<'_, '_>) {
    for lint in LINTS {
        let reported = lint.codes.iter().flat_map(|g| g.iter());
        if !(lint.applies)(input.method, input.shape) || !reported.clone().any(|c| cx.reports(*c)) {
            continue;
        }
        cx.running(Some(lint.codes));
        (lint.run)(cx, input);
        cx.running(None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::codes::TABLE;
    use crate::spec::Origin;

    #[test]
    fn every_lint_code_is_reported_in_one_place() {
        for row in TABLE.iter().filter(|row| row.origin == Origin::Lint) {
            let in_lints = LINTS
                .iter()
                .any(|l| l.codes.iter().any(|g| g.contains(&row.code)));
            let elsewhere = LINTS_ELSEWHERE.contains(&row.code);
            assert!(in_lints != elsewhere, "{}", row.name);
        }
    }
}
