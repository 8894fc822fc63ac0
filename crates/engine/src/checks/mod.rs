//! The checks, run stage by stage in the server's order ([`crate::spec::order`]), and the
//! prediction of the portal's answer from what they find.
//!
//! Every check reports through [`Cx`]; none of them formats output or decides the answer.
//! A server finding says whether the portal would actually record it ([`Reach`]); the runner
//! then replays the server's rule "stop at the end of a stage, answer with the first recorded
//! error" to pick the answer.

mod access;
mod body;
mod carried;
mod columns;
pub mod cross;
mod dataset;
mod field_rules;
mod fields_present;
mod id;
mod items;
mod lints;
mod list;
mod orm;
mod pasted;
mod settings;
mod source;
mod unknown_params;

use crate::diag::{Answer, Applicability, Carriage, Diagnostic, Edit, Fix, Label, Report, Via};
use crate::json::{self, Entry, Node, Value};
use crate::php::PhpKey;
use crate::span::Span;
use crate::spec::methods::{Family, InputMode, InputShape, Method, Op};
use crate::spec::order::Stage;
use crate::spec::{Code, Message, Origin, Target};
use crate::{Levels, Options};

/// Whether the portal would record a server finding, given the checks that run before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    /// The server records this error; the first recorded one of a finished stage is the answer.
    Recorded,
    /// The server crashes here (uncaught TypeError, HTTP 500) if the stage is reached at all.
    Crash,
    /// A real problem the server does not get to in this request (an earlier rule of the same
    /// item failed, or it is part of an error already recorded); it would surface once the
    /// earlier one is fixed.
    Shadowed,
}

pub(crate) struct Finding {
    diag: Diagnostic,
    stage: Stage,
    reach: Reach,
    /// The `argument` of a root-level answer (spec §2.0).
    argument: Option<&'static str>,
}

/// The reporting context handed to every check.
pub(crate) struct Cx<'o> {
    pub target: Target,
    /// The checked text, for tokens quoted as written.
    pub text: &'o [u8],
    levels: &'o Levels,
    assumptions: Vec<String>,
    /// Set once the answer is decided: what later stages would take for granted no longer
    /// matters to it.
    answered: bool,
    stage: Stage,
    findings: Vec<Finding>,
    /// Lints, with whether they are reported (an allowed code of a lint that runs is built,
    /// then dropped).
    lints: Vec<(Diagnostic, bool)>,
    /// The codes the lint now running declares (checked in debug builds).
    running: Option<&'static [&'static [Code]]>,
}

impl<'o> Cx<'o> {
    fn new(target: Target, levels: &'o Levels, text: &'o [u8]) -> Self {
        Cx {
            target,
            text,
            levels,
            assumptions: Vec::new(),
            answered: false,
            stage: Stage::Body,
            findings: Vec::new(),
            lints: Vec::new(),
            running: None,
        }
    }

    /// Whether findings of `code` are reported at all (a lint can be allowed).
    pub fn reports(&self, code: Code) -> bool {
        self.levels.severity(code).is_some()
    }

    /// The lint that starts running now, by its codes, or none.
    fn running(&mut self, codes: Option<&'static [&'static [Code]]>) {
        self.running = codes;
    }

    /// Reports a server finding with the code's message template filled from `args`.
    pub fn report(
        &mut self,
        code: Code,
        span: Span,
        pointer: String,
        args: &[(&str, &str)],
        reach: Reach,
    ) -> &mut Diagnostic {
        debug_assert_eq!(
            code.origin(),
            Origin::Server,
            "{code} is reported as a lint"
        );
        self.findings.push(Finding {
            diag: diagnostic(code, span, pointer, code.message(args)),
            stage: self.stage,
            reach,
            argument: None,
        });
        &mut self.findings.last_mut().expect("just pushed").diag
    }

    /// Reports one of b24lint's own lints; lints never change the predicted answer.
    pub fn lint(&mut self, message: Message<'_>, span: Span, pointer: String) -> &mut Diagnostic {
        let code = message.code();
        match self.running {
            Some(groups) => debug_assert!(
                groups.iter().any(|g| g.contains(&code)),
                "a lint reported {code}, which its entry in lints::LINTS does not list"
            ),
            None => debug_assert!(
                lints::LINTS_ELSEWHERE.contains(&code),
                "{code} is reported outside lints::LINTS, but lints::LINTS_ELSEWHERE does not list it"
            ),
        }
        let diag = diagnostic(code, span, pointer, message.text());
        let severity = self.levels.severity(code);
        self.lints.push((
            Diagnostic {
                severity: severity.unwrap_or(diag.severity),
                ..diag
            },
            severity.is_some(),
        ));
        &mut self.lints.last_mut().expect("just pushed").0
    }

    /// Reports a value that makes the portal fail with a PHP TypeError (HTTP 500). It is the
    /// answer only if the server gets to it (`reach` is `Recorded` for the rule before it).
    pub fn crash(&mut self, node: &Node, pointer: String, reach: Reach) -> &mut Diagnostic {
        let reach = match reach {
            Reach::Recorded => Reach::Crash,
            other => other,
        };
        self.report(Code::PHP_TYPE_ERROR, node.span, pointer, &[], reach)
    }

    /// Records something the prediction takes for granted.
    pub fn assume(&mut self, sentence: String) {
        if !self.answered && !self.assumptions.contains(&sentence) {
            self.assumptions.push(sentence);
        }
    }

    fn set_argument(&mut self, argument: &'static str) {
        if let Some(f) = self.findings.last_mut() {
            f.argument = Some(argument);
        }
    }
}

/// A fresh diagnostic at the code's default severity; [`Cx::report`] and [`Cx::lint`] are the
/// only makers.
fn diagnostic(code: Code, span: Span, pointer: String, message: String) -> Diagnostic {
    Diagnostic {
        code,
        severity: code.info().severity,
        message,
        span,
        label: None,
        pointer,
        labels: Vec::new(),
        help: None,
        server_answer: false,
        fix: None,
    }
}

/// Builder-style additions to a fresh diagnostic.
pub(crate) trait Decorate {
    fn fix(&mut self, fix: Fix) -> &mut Self;
    fn label(&mut self, text: impl Into<String>) -> &mut Self;
    fn help(&mut self, text: impl Into<String>) -> &mut Self;
    fn also(&mut self, span: Span, text: impl Into<String>) -> &mut Self;
}

impl Decorate for Diagnostic {
    fn fix(&mut self, fix: Fix) -> &mut Self {
        self.fix = Some(fix);
        self
    }

    fn label(&mut self, text: impl Into<String>) -> &mut Self {
        self.label = Some(text.into());
        self
    }

    fn help(&mut self, text: impl Into<String>) -> &mut Self {
        self.help = Some(text.into());
        self
    }

    fn also(&mut self, span: Span, text: impl Into<String>) -> &mut Self {
        self.labels.push(Label {
            span,
            text: text.into(),
        });
        self
    }
}

/// A fix that replaces one span.
pub(crate) fn replace(
    title: String,
    span: Span,
    replacement: String,
    applicability: Applicability,
) -> Fix {
    Fix {
        title,
        applicability,
        edits: vec![Edit { span, replacement }],
    }
}

/// A JSON string literal for `s`.
pub(crate) fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// The definition a request carries (`fields`), as the field checks of every family see it.
pub(crate) struct Request<'a> {
    /// The checked text.
    pub text: &'a [u8],
    /// The `fields` object (or list) as sent.
    pub fields: &'a Node,
    /// Its entries as PHP sees them (duplicates merged).
    pub entries: Vec<Entry<'a>>,
    /// JSON Pointer of `fields` in the document (`/fields`, or empty for a bare definition).
    pub pointer: String,
}

impl<'a> Request<'a> {
    /// The entry for a schema field name (string keys only; names are exact).
    pub fn entry(&self, name: &str) -> Option<&Entry<'a>> {
        self.entries
            .iter()
            .find(|e| matches!(e.key, PhpKey::Str(k) if k == name))
    }

    pub fn pointer_to(&self, key: &str) -> String {
        crate::pointer::push(&self.pointer, key)
    }
}

/// How many assumptions every report begins with: the caller, the permissions, the
/// transport ([`first_assumptions`]); the file's own follow.
pub(crate) const FIRST_ASSUMPTIONS: usize = 3;

const APP_CALLER: &str =
    "The call comes from an installed application (OAuth), not from a webhook.";
const WEBHOOK_CALLER: &str =
    "The call comes from an incoming webhook (/rest/<user>/<secret>/), not from an application.";
const PERMISSIONS: &str =
    "The user has both BI Builder permissions (access, and external source configuration).";
const FORM_BODY: &str =
    "The body is sent form-encoded as written (application/x-www-form-urlencoded).";

/// The first three assumptions of every report: the caller, the permissions, the transport.
fn first_assumptions(caller: crate::Caller, carriage: Carriage) -> Vec<String> {
    let caller = match caller {
        crate::Caller::App => APP_CALLER,
        crate::Caller::Webhook => WEBHOOK_CALLER,
    };
    let body = match carriage {
        Carriage::Sent(t) => t.describe(),
        Carriage::Form => FORM_BODY,
    };
    vec![
        caller.to_string(),
        PERMISSIONS.to_string(),
        body.to_string(),
    ]
}

/// Checks one document with the method of its envelope or of the options.
pub(crate) fn check(text: &[u8], options: &Options) -> Report {
    check_with_summary(text, options).0
}

/// [`check`], and what the lints across files need of the document, taken from the same parse.
pub(crate) fn check_with_summary(
    text: &[u8],
    options: &Options,
) -> (Report, Option<cross::Summary>) {
    let parsed = json::parse(text);
    if parsed.is_err() && (options.form_body || crate::transport::form::looks_like(text)) {
        return (form_body(text, options), None);
    }
    let mut hint = None;
    if let Err(e) = &parsed {
        match pasted::recognise(text, options) {
            crate::literal::Outcome::Literal(c) => {
                if let Some(report) = pasted::check(text, &c, e, options) {
                    return (report, None);
                }
            }
            crate::literal::Outcome::Broken {
                lang,
                callee,
                problem,
                span,
            } => hint = Some((lang, callee, problem, span)),
            crate::literal::Outcome::NotLiteral => {}
        }
    }
    let mut cx = Cx::new(options.target, &options.levels, text);
    let (method, shape, answer, caller) = run(&mut cx, text, &parsed, options);
    if let Some((lang, callee, problem, span)) = hint {
        pasted::broken_hint(&mut cx, lang, callee.as_deref(), &problem, span);
    }
    let carriage = Carriage::Sent(options.transport);
    let mut report = finish(cx, method, options, shape, answer, caller, carriage);
    let mut summary = None;
    if let Ok(parsed) = &parsed {
        crate::fix::keep_faithful_renames(&parsed.root, &mut report.diagnostics);
        summary = cross::summarize(text, &parsed.root, &report);
    }
    (report, summary)
}

fn run(
    cx: &mut Cx,
    text: &[u8],
    parsed: &Result<json::Parsed, json::SyntaxError>,
    options: &Options,
) -> (Method, InputShape, Option<Answer>, crate::Caller) {
    let plain = access::CallerAt::given(options.caller);
    let parsed = match parsed {
        Ok(p) => p,
        Err(e) => {
            // The portal ignores an undecodable body: the method runs without parameters.
            cx.stage = Stage::Body;
            body::syntax_error(cx, e);
            let method = options.method;
            let shape = match (method.op(), options.input) {
                (Op::Add, InputMode::Fields) => InputShape::Fields,
                _ => InputShape::Request,
            };
            let empty = Node {
                span: Span::new(e.span.start, e.span.start),
                value: Value::Object(Vec::new()),
            };
            let before = cx.findings.len();
            let answer = run_method(cx, text, &empty, "", method, shape, options, None, &plain);
            // What the empty parameters cause is the syntax error's doing; a method the portal
            // does not have is not.
            for f in &mut cx.findings[before..] {
                if f.diag.code != Code::ERROR_METHOD_NOT_FOUND {
                    f.diag.help = Some(format!("fix the JSON syntax error: {}", body::IGNORED));
                }
            }
            return (method, shape, answer, plain.caller);
        }
    };
    let mut named = None;
    // An envelope may say where the call goes.
    let url = parsed.root.get("url").map(|(_, m)| &m.value);
    let (root, base, method, url) = match envelope(&parsed.root) {
        Envelope::None => (&parsed.root, "", options.method, None),
        Envelope::Method(method, name, params) => {
            named = Some(name);
            // The file's own word wins, as a call's method name does; the setting it overrides
            // is said, not silently dropped.
            if options.method_given && method != options.method {
                cx.lint(
                    Message::EnvelopeMethodDiffers {
                        named: method.name(),
                        given: options.method.name(),
                    },
                    name.span,
                    "/method".to_string(),
                )
                .label("this method is checked")
                .help(format!(
                    "make the two agree: write \"{}\" here, or set the method of this file to \"{}\"",
                    options.method.name(),
                    method.name()
                ));
            }
            (params, "/params", method, url)
        }
        Envelope::Unknown(name, params) => {
            let written = name.as_str().unwrap_or_default();
            let names: Vec<_> = Method::ALL.iter().map(|m| m.name()).collect();
            let lower = written.trim().to_ascii_lowercase();
            let lower = lower.strip_suffix(".json").unwrap_or(&lower);
            let near = crate::suggest::did_you_mean(lower, &names);
            cx.lint(
                Message::EnvelopeMethod { method: written },
                name.span,
                "/method".to_string(),
            )
            .label("unknown method")
            .help(match near {
                Some(near) => format!("did you mean {near}?"),
                None => format!("supported: {}", names.join(", ")),
            });
            // Every method of the four families is known, so another name in one of them is
            // one the REST server does not have: it answers before any BIConnector code runs,
            // and the parameters are never read.
            if Family::of_name(lower).is_some() {
                cx.stage = Stage::MethodExists;
                cx.report(
                    Code::ERROR_METHOD_NOT_FOUND,
                    name.span,
                    "/method".to_string(),
                    &[],
                    Reach::Recorded,
                )
                .label("no such method")
                .help(match near {
                    Some(near) => {
                        format!("the REST server has no method by this name; did you mean {near}?")
                    }
                    None => "the REST server has no method by this name".to_string(),
                });
                let answer = pick_answer(cx, Stage::MethodExists);
                cx.answered = answer.is_some();
                return (options.method, InputShape::Request, answer, plain.caller);
            }
            (params, "/params", options.method, url)
        }
    };
    let shape = if method.op() == Op::Add && base.is_empty() {
        resolve_shape(options.input, root, method)
    } else {
        InputShape::Request
    };
    let who = access::CallerAt::of(options.caller, url);
    let under = (shape == InputShape::Fields).then_some("fields");
    let auth = who.caller == crate::Caller::App;
    let answer = match crate::transport::carry(root, base, under, options.transport, auth) {
        None => run_method(
            cx,
            text,
            root,
            base,
            method,
            shape,
            options,
            Some(parsed),
            &who,
        ),
        Some(carried) => {
            carried::notes(cx, &carried, options.transport, method);
            carried::limits(cx, &carried.limits, carried.auth_dropped);
            let answer = run_method(
                cx,
                text,
                &carried.root,
                base,
                method,
                shape,
                options,
                None,
                &who,
            );
            carried::key_order(cx);
            carried::lost_fields(cx, root);
            answer
        }
    };
    // A method the portal does not have is a fault of the name the file gives it.
    if let Some(name) = named {
        for f in &mut cx.findings {
            if f.diag.code == Code::ERROR_METHOD_NOT_FOUND {
                f.diag.span = name.span;
                f.diag.pointer = "/method".to_string();
            }
        }
    }
    (method, shape, answer, who.caller)
}

/// A raw form body (`fields[title]=…&…`): read as PHP reads it, checked as the request of the
/// run's method. No envelope names a method here, and no JSON is there to fix.
fn form_body(text: &[u8], options: &Options) -> Report {
    let mut cx = Cx::new(options.target, &options.levels, text);
    let segments = crate::transport::form::segments(text);
    let whole = Span::new(0, crate::transport::form::trim_line_end(text).len());
    let decoded =
        crate::transport::decode::decode(&segments, crate::transport::decode::Reader::Post, whole);
    carried::limits(&mut cx, &decoded.limits, false);
    let who = access::CallerAt::given(options.caller);
    let method = options.method;
    let answer = run_method(
        &mut cx,
        text,
        &decoded.root,
        "",
        method,
        InputShape::Request,
        options,
        None,
        &who,
    );
    finish(
        cx,
        method,
        options,
        InputShape::Request,
        answer,
        who.caller,
        Carriage::Form,
    )
}

/// A file `{"method": "biconnector.connector.update", "params": {…}}` names its method; it
/// may say where the call goes too (`"url": "https://portal/rest/1/secret/…"`).
pub(crate) enum Envelope<'a> {
    None,
    /// The method, its name as written, and the parameters.
    Method(Method, &'a Node, &'a Node),
    Unknown(&'a Node, &'a Node),
}

pub(crate) fn envelope(root: &Node) -> Envelope<'_> {
    let Value::Object(members) = &root.value else {
        return Envelope::None;
    };
    let (Some((_, method)), Some((_, params))) = (root.get("method"), root.get("params")) else {
        return Envelope::None;
    };
    let only_these = members
        .iter()
        .all(|m| m.key == "method" || m.key == "params" || m.key == "url");
    let Some(name) = method
        .value
        .as_str()
        .filter(|_| only_these && params.value.is_array())
    else {
        return Envelope::None;
    };
    match name.parse::<Method>() {
        Ok(m) => Envelope::Method(m, &method.value, &params.value),
        Err(_) => Envelope::Unknown(&method.value, &params.value),
    }
}

/// What the stages of one request find and hand on to later ones.
#[derive(Default)]
struct State<'a> {
    /// The top-level `id`, once the Id stage read it.
    id: Option<id::Id<'a>>,
    /// `fields`, once FieldsPresent found them.
    request: Option<Request<'a>>,
    /// The connector's settings items as the server reads them, and those that passed.
    settings: Vec<items::Item<'a>>,
    valid_settings: Vec<settings::ValidItem<'a>>,
    /// A dataset's columns: as items (for the lints) and as the column checks read them.
    column_items: Vec<items::Item<'a>>,
    columns: Vec<columns::Column<'a>>,
}

/// Runs the stages of a method over its parameters (`root`), replaying the portal's rule for
/// which finding becomes the answer.
#[allow(clippy::too_many_arguments)]
fn run_method<'a>(
    cx: &mut Cx,
    text: &'a [u8],
    root: &'a Node,
    base: &str,
    method: Method,
    shape: InputShape,
    options: &Options,
    parsed: Option<&crate::json::Parsed>,
    who: &access::CallerAt<'_>,
) -> Option<Answer> {
    let mut answer = None;
    let mut state = State::default();
    let entity = method.entity();
    let op = method.op();
    let mode = match op {
        Op::Add => field_rules::Mode::Add,
        _ => field_rules::Mode::Update,
    };
    let upper = cx.target.converts_to_upper();
    // A stage that reads `fields` runs only once FieldsPresent found them; that stage ends
    // the request when it does not, so this skip is never taken for a method's real order.
    macro_rules! fields {
        () => {
            match state.request.as_ref() {
                Some(request) => request,
                None => continue,
            }
        };
    }
    for &stage in crate::spec::order::stages(method, cx.target) {
        cx.stage = stage;
        let mut stop = false;
        match stage {
            Stage::MethodExists => {
                missing_method(cx, root, method);
                stop = true;
            }
            Stage::Body => {
                if let (InputShape::Fields, Some(parsed)) = (shape, parsed) {
                    body::wrapped_depth(cx, parsed);
                }
            }
            Stage::Access => access::check(cx, who, root, method),
            Stage::Id => state.id = id::check(cx, root, base, method.family()),
            Stage::FieldsPresent => {
                match fields_present::check(cx, text, root, shape, base, entity) {
                    Some(req) => state.request = Some(req),
                    None => stop = true,
                }
            }
            Stage::UnknownParams => unknown_params::check(cx, fields!(), entity),
            Stage::FieldRules => field_rules::check(cx, fields!(), mode, entity),
            Stage::ConnectorLookup => lookup(cx, id::Kind::Connector, &state.id, base, options),
            Stage::SourceLookup => lookup(cx, id::Kind::Source, &state.id, base, options),
            Stage::DatasetLookup => {
                let crashed = op == Op::FieldsUpdate
                    && state.id.as_ref().is_some_and(|id| {
                        id::crashes_as_int_param(cx, id, crate::pointer::push(base, "id"))
                    });
                if !crashed {
                    lookup(cx, id::Kind::Dataset, &state.id, base, options);
                }
            }
            Stage::Settings => {
                state.settings = items::settings_items(fields!(), upper);
                state.valid_settings = settings::check(cx, &state.settings);
            }
            Stage::SettingsEncode => settings::check_encodable(cx, &state.valid_settings),
            // An update writes no APP_ID; an add writes the caller's, which a webhook lacks.
            Stage::Orm => orm::check(cx, fields!(), op == Op::Add && access::no_app_id(cx, who)),
            Stage::LinkedSources => {
                if let Some(id) = &state.id {
                    id::linked_sources(cx, id);
                }
            }
            Stage::ListParams => list::check(cx, root, base, entity),
            Stage::ListOrder => {
                if access::no_app_id(cx, who) {
                    access::list_without_app(cx, root);
                }
                list::order_directions(cx, root, base, entity)
            }
            Stage::SourceConnector => {
                source::connector(cx, fields!(), options.known_connectors.as_deref())
            }
            Stage::ConnectionCheck => source::connection(cx, op),
            Stage::SourceTitle => source::title(cx, fields!(), op),
            Stage::SourceWrite => source::write(cx, fields!(), op),
            Stage::SourceSettings => {
                source::settings_values(cx, fields!(), options.connector_codes.as_deref())
            }
            Stage::LinkedDatasets => {
                if let Some(id) = &state.id {
                    source::linked_datasets(cx, id.value);
                }
            }
            Stage::DatasetName => dataset::name(cx, fields!()),
            Stage::DatasetSource => {
                dataset::source(cx, fields!(), options.known_sources.as_deref())
            }
            Stage::DatasetPrepare => {
                let request = fields!();
                state.column_items = items::items_of(request, "fields", upper);
                state.columns = dataset::columns_of(&state.column_items);
                dataset::prepare(cx, request, &state.columns);
            }
            Stage::Columns => {
                let dups = if op == Op::Add {
                    columns::Duplicates::CodesOnly
                } else {
                    columns::Duplicates::CodesAndNames
                };
                columns::check(cx, &state.columns, dups);
            }
            Stage::DatasetNameLength => dataset::name_length(cx, fields!()),
            Stage::InvalidMethod => dataset::invalid_method(cx, fields!(), method.family().word()),
            Stage::FieldsUpdateParams => {
                state.columns =
                    dataset::fields_update_params(cx, root, base, method.family().word())
            }
            Stage::DatasetWrite => dataset::write(cx, state.request.as_ref(), &state.columns),
            Stage::DeleteEvent => {
                if let Some(id) = &state.id {
                    dataset::delete_event(cx, id, base);
                }
            }
            Stage::ExistingColumns => {
                if let Some(id) = &state.id {
                    dataset::existing_columns(cx, &state.columns, id.value);
                }
            }
        }
        if answer.is_none() {
            answer = pick_answer(cx, stage);
            cx.answered = answer.is_some();
        }
        if stop {
            break;
        }
    }
    lints::run(
        cx,
        &lints::Input {
            root,
            base,
            method,
            shape,
            request: state.request.as_ref(),
            settings: &state.settings,
            columns: &state.column_items,
        },
    );
    answer
}

fn lookup(cx: &mut Cx, kind: id::Kind, id: &Option<id::Id<'_>>, base: &str, options: &Options) {
    if let Some(id) = id {
        id::lookup(
            cx,
            kind,
            id.value,
            id.node,
            crate::pointer::push(base, "id"),
            kind.known(options),
        );
    }
}

/// `biconnector.table.*` on a portal that predates it: the REST server knows no such method.
fn missing_method(cx: &mut Cx, root: &Node, method: Method) {
    let target = cx.target;
    cx.report(
        Code::ERROR_METHOD_NOT_FOUND,
        root.opening(),
        String::new(),
        &[],
        Reach::Recorded,
    )
    .label(format!("{} does not exist on {target}", method.name()))
    .help(format!(
        "{} is registered from {} on; on older portals use biconnector.dataset.* (same parameters)",
        method.name(),
        method.since()
    ));
}

/// `auto`: a request body if the top-level object has a `fields` object, a bare definition if
/// it has a field name of the method's schema, a request body otherwise. A dataset's columns
/// are called `fields` too, but they are a list: a bare dataset definition has `fields: […]`.
fn resolve_shape(mode: InputMode, root: &Node, method: Method) -> InputShape {
    match mode {
        InputMode::Request => InputShape::Request,
        InputMode::Fields => InputShape::Fields,
        InputMode::Auto => {
            let has = |k: &str| root.get(k).is_some();
            let fields_object = root
                .get("fields")
                .is_some_and(|(_, m)| matches!(m.value.value, Value::Object(_)));
            let connector = method.family() == Family::Connector;
            if fields_object || (connector && has("fields")) {
                InputShape::Request
            } else if method.entity().schema().iter().any(|f| has(f.name)) {
                InputShape::Fields
            } else {
                InputShape::Request
            }
        }
    }
}

/// The answer decided by the stage that just ran, if any: a crash in the stage wins (the
/// settings loop goes on after an error, spec C1); otherwise the first recorded error once a
/// stage that ends on error is done.
fn pick_answer(cx: &mut Cx, stage: Stage) -> Option<Answer> {
    let crash = cx
        .findings
        .iter()
        .position(|f| f.stage == stage && f.reach == Reach::Crash);
    if let Some(idx) = crash {
        cx.findings[idx].diag.server_answer = true;
        return Some(Answer::Crash);
    }
    if !stage.ends_on_error() {
        return None;
    }
    let idx = cx
        .findings
        .iter()
        .position(|f| f.reach == Reach::Recorded)?;
    let f = &mut cx.findings[idx];
    f.diag.server_answer = true;
    Some(match f.diag.code {
        Code::ERROR_ARGUMENT => Answer::Root {
            http: 400,
            error: "ERROR_ARGUMENT".to_string(),
            description: f.diag.message.clone(),
            argument: f.argument.map(str::to_string),
        },
        Code::ERROR_METHOD_NOT_FOUND => Answer::Root {
            http: 404,
            error: "ERROR_METHOD_NOT_FOUND".to_string(),
            description: f.diag.message.clone(),
            argument: None,
        },
        code => Answer::Error {
            code,
            message: f.diag.message.clone(),
        },
    })
}

/// Display order: by position; at one position a syntax error (the cause) first, then the
/// server's answer, then by code.
pub(crate) fn sort_for_display(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| {
        (
            d.span.start,
            d.code != Code::JSON_SYNTAX,
            !d.server_answer,
            d.code,
            d.span.end,
        )
    });
}

fn finish(
    cx: Cx,
    method: Method,
    options: &Options,
    shape: InputShape,
    answer: Option<Answer>,
    caller: crate::Caller,
    carriage: Carriage,
) -> Report {
    let levels = cx.levels;
    let mut assumptions = first_assumptions(caller, carriage);
    assumptions.extend(cx.assumptions);
    let mut diagnostics: Vec<Diagnostic> = cx
        .findings
        .into_iter()
        .map(|f| f.diag)
        // An allowed server code is hidden; the answer it decided stays.
        .filter(|d| levels.severity(d.code).is_some())
        .chain(cx.lints.into_iter().filter(|(_, on)| *on).map(|(d, _)| d))
        .collect();
    if !matches!(carriage, Carriage::Sent(crate::Transport::Json)) {
        // The checks read what PHP decoded; a fix for that text would not be one for the
        // document as written (or the form body is no JSON at all).
        for d in &mut diagnostics {
            d.fix = None;
        }
    }
    sort_for_display(&mut diagnostics);
    Report {
        method,
        target: options.target,
        input: shape,
        via: Via { caller, carriage },
        diagnostics,
        answer: answer.unwrap_or(Answer::Accepted),
        assumptions,
    }
}
