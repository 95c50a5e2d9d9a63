//! A service's passport: what the regulation says about it, each fact with its source, and its
//! steps per channel as a table and a diagram.

use actix_web::{HttpResponse, web};
use askama::Template;

use super::errors::AppError;
use super::page::{PageCtx, render};
use super::services::{channel_message, form_message, provider_message, role_message};
use crate::domain::MsgId;
use crate::domain::catalog::{
    Channel, Counting, Document, DocumentKind, Duration, NoteAbout, Path, Role, Service, Term,
};
use crate::render::diagram::{Box, Diagram, Lane};
use crate::state::AppState;

/// One row of a regulation's step table.
pub struct StepRow {
    pub number: usize,
    pub role: String,
    pub action: String,
    pub result: String,
    pub duration: String,
    pub source: String,
    /// Where the duration comes from, when not from the step's clause.
    pub duration_source: Option<String>,
    pub can_refuse: bool,
    /// The step or its duration is not in the seed (marked with an asterisk).
    pub outside_seed: bool,
}

/// One channel's regulated procedure: its table and its diagram.
pub struct PathView {
    pub channel: String,
    pub table_id: String,
    pub steps: Vec<StepRow>,
    pub diagram_svg: String,
}

/// A channel's term as the passport shows it.
pub struct TermRow {
    pub channels: String,
    pub term: String,
    pub counting: String,
    pub limits: Vec<String>,
    pub source: String,
}

/// A document line: its name and what the regulation says about it.
pub struct DocumentRow {
    pub name: String,
    /// Set when the entry applies only on some channels.
    pub channels: Option<String>,
    pub condition: Option<String>,
    pub validity: Option<String>,
    pub fetched_by: Option<String>,
    pub source: String,
}

pub struct DocumentGroup {
    pub title: String,
    pub hint: String,
    pub documents: Vec<DocumentRow>,
}

/// A refusal (to accept, or of the service) with its source.
pub struct RefusalRow {
    pub text: String,
    pub receipt: Option<String>,
    pub channels: Option<String>,
    pub source: String,
}

pub struct NoteRow {
    pub text: String,
    pub source: String,
}

#[derive(Template)]
#[template(path = "services/show.html")]
struct ServicePage<'a> {
    ctx: PageCtx,
    service: &'a Service,
    terms: Vec<TermRow>,
    /// Channels the sources give no term for.
    untimed_channels: Vec<String>,
    working_hours: String,
    form: String,
    providers: Vec<String>,
    channels: Vec<String>,
    facts: FactSources,
    regulation_date: String,
    repealed: Option<String>,
    documents: Vec<DocumentGroup>,
    refusals_to_accept: Vec<RefusalRow>,
    refusal_grounds: Vec<RefusalRow>,
    notes: Notes,
    paths: Vec<PathView>,
}

/// The passport facts' sources, in the page's language.
struct FactSources {
    result: String,
    cost: String,
    channels: String,
    form: String,
    providers: String,
}

struct Notes {
    service: Vec<NoteRow>,
    term: Vec<NoteRow>,
    documents: Vec<NoteRow>,
    refusals: Vec<NoteRow>,
    steps: Vec<NoteRow>,
}

pub async fn show(
    ctx: PageCtx,
    state: web::Data<AppState>,
    code: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let service = state.catalog.find(&code).ok_or(AppError::NotFound)?;
    let hours = &state.config.working_hours;
    let notes = |about| {
        service
            .notes_about(about)
            .map(|n| NoteRow {
                text: ctx.tr(&n.text).to_string(),
                source: ctx.source(&n.source),
            })
            .collect()
    };
    render(&ServicePage {
        terms: service.terms.iter().map(|t| term_row(&ctx, t)).collect(),
        untimed_channels: service
            .channels
            .iter()
            .filter(|c| service.term(**c).is_none())
            .map(|c| ctx.text(channel_message(*c).id()).into_owned())
            .collect(),
        working_hours: crate::i18n::t(
            ctx.lang,
            "service-working-hours",
            &[
                ("start", &hours.start.format("%H:%M").to_string()),
                ("end", &hours.end.format("%H:%M").to_string()),
                (
                    "break_start",
                    &hours.break_start.format("%H:%M").to_string(),
                ),
                ("break_end", &hours.break_end.format("%H:%M").to_string()),
            ],
        ),
        form: ctx.text(form_message(service.form).id()).into_owned(),
        providers: service
            .provider_kinds
            .iter()
            .map(|k| ctx.text(provider_message(*k).id()).into_owned())
            .collect(),
        channels: service
            .channels
            .iter()
            .map(|c| ctx.text(channel_message(*c).id()).into_owned())
            .collect(),
        facts: FactSources {
            result: ctx.source(&service.sources.result),
            cost: ctx.source(&service.sources.cost),
            channels: ctx.source(&service.sources.channels),
            form: ctx.source(&service.sources.form),
            providers: ctx.source(&service.sources.providers),
        },
        regulation_date: ctx.date(&service.regulation.date),
        repealed: service.regulation.repealed.as_ref().map(|r| {
            crate::i18n::t(
                ctx.lang,
                "service-regulation-repealed",
                &[("date", &ctx.date(&r.date)), ("act", ctx.tr(&r.by))],
            )
        }),
        documents: document_groups(&ctx, service),
        refusals_to_accept: service
            .refusals_to_accept
            .iter()
            .map(|r| RefusalRow {
                text: ctx.tr(&r.text).to_string(),
                receipt: r.receipt.as_ref().map(|t| ctx.tr(t).to_string()),
                channels: channel_list(&ctx, service, &r.channels),
                source: ctx.source(&r.source),
            })
            .collect(),
        refusal_grounds: service
            .refusal_grounds
            .iter()
            .map(|g| RefusalRow {
                text: ctx.tr(&g.text).to_string(),
                receipt: None,
                channels: None,
                source: ctx.source(&g.source),
            })
            .collect(),
        notes: Notes {
            service: notes(NoteAbout::Service),
            term: notes(NoteAbout::Term),
            documents: notes(NoteAbout::Documents),
            refusals: notes(NoteAbout::Refusals),
            steps: notes(NoteAbout::Steps),
        },
        paths: service
            .paths
            .iter()
            .map(|p| path_view(&ctx, service, p))
            .collect(),
        service,
        ctx,
    })
}

fn term_row(ctx: &PageCtx, t: &Term) -> TermRow {
    let limit = |id: &str, d: &Option<Duration>| {
        d.as_ref().map(|d| ctx.t1(id, "duration", &ctx.duration(d)))
    };
    TermRow {
        channels: t
            .channels
            .iter()
            .map(|c| ctx.text(channel_message(*c).id()).into_owned())
            .collect::<Vec<_>>()
            .join(", "),
        term: ctx.duration(&t.duration()),
        counting: match &t.counting_source {
            None => ctx.text(counting_message(t.counting).id()).into_owned(),
            Some(s) => format!(
                "{} ({})",
                ctx.text(counting_message(t.counting).id()).into_owned(),
                ctx.source(s)
            ),
        },
        limits: [
            limit("service-term-max-waiting", &t.max_waiting),
            limit("service-term-max-service", &t.max_service),
        ]
        .into_iter()
        .flatten()
        .collect(),
        source: ctx.source(&t.source),
    }
}

/// "only at the State Corporation" when an entry is not for every channel of the service.
fn channel_list(ctx: &PageCtx, service: &Service, channels: &[Channel]) -> Option<String> {
    let partial = !channels.is_empty() && service.channels.iter().any(|c| !channels.contains(c));
    partial.then(|| {
        let names: Vec<String> = channels
            .iter()
            .map(|c| ctx.text(channel_message(*c).id()).into_owned())
            .collect();
        ctx.t1("service-only-channels", "channels", &names.join(", "))
    })
}

fn document_groups(ctx: &PageCtx, service: &Service) -> Vec<DocumentGroup> {
    DocumentKind::ALL
        .into_iter()
        .map(|kind| DocumentGroup {
            title: ctx.text(document_kind_message(kind).0.id()).into_owned(),
            hint: ctx.text(document_kind_message(kind).1.id()).into_owned(),
            documents: service
                .documents_of_kind(kind)
                .map(|d| DocumentRow {
                    name: ctx.tr(&d.name).to_string(),
                    channels: channel_list(ctx, service, &d.channels),
                    condition: document_condition(ctx, d),
                    validity: d.validity.as_ref().map(|v| ctx.tr(v).to_string()),
                    fetched_by: d.fetched_by.map(|r| {
                        ctx.t1(
                            "service-document-fetched-by",
                            "role",
                            &ctx.text(role_message(r).id()),
                        )
                    }),
                    source: ctx.source(&d.source),
                })
                .collect(),
        })
        .filter(|g| !g.documents.is_empty())
        .collect()
}

/// When a document is needed, in words: "needed: if any" or "required: for non-residents".
pub fn document_condition(ctx: &PageCtx, d: &Document) -> Option<String> {
    d.condition.as_ref().map(|c| {
        let id = if d.required_when.is_some() {
            "service-document-required-when"
        } else {
            "service-document-condition"
        };
        ctx.t1(id, "condition", ctx.tr(c))
    })
}

fn path_view(ctx: &PageCtx, service: &Service, path: &Path) -> PathView {
    let channel = ctx.text(channel_message(path.channel).id()).into_owned();
    let table_id = format!("steps-{}", path.channel.as_str());
    let steps: Vec<StepRow> = path
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| StepRow {
            number: i + 1,
            role: ctx.text(role_message(s.role).id()).into_owned(),
            action: s.action.get(ctx.lang).to_string(),
            result: s.result.get(ctx.lang).to_string(),
            duration: ctx.duration(&s.duration),
            source: ctx.source(&s.source),
            duration_source: s.duration_source.as_ref().map(|d| ctx.source(d)),
            can_refuse: s.can_refuse,
            outside_seed: s.is_outside_seed(),
        })
        .collect();
    // Lanes in the order roles first act, so the flow reads top-left to bottom-right.
    let mut roles: Vec<Role> = vec![];
    for s in &path.steps {
        if !roles.contains(&s.role) {
            roles.push(s.role);
        }
    }
    let diagram = Diagram {
        id: format!("bp-{}-{}", service.slug, path.channel.as_str()),
        title: ctx.t1("diagram-title", "channel", &channel),
        described_by: table_id.clone(),
        lanes: roles
            .iter()
            .map(|r| Lane {
                label: ctx.text(role_message(*r).id()).into_owned(),
            })
            .collect(),
        boxes: path
            .steps
            .iter()
            .zip(&steps)
            .map(|(s, row)| Box {
                lane: roles.iter().position(|r| *r == s.role).unwrap_or(0),
                label: format!("{} · {}", row.number, row.duration),
                detail: row.action.clone(),
                can_refuse: s.can_refuse,
            })
            .collect(),
        start_label: ctx.text("diagram-start").into_owned(),
        end_label: ctx.text("diagram-end").into_owned(),
        refusal_label: ctx.text("diagram-refusal").into_owned(),
    };
    PathView {
        channel,
        table_id,
        steps,
        diagram_svg: diagram.to_svg(),
    }
}

fn counting_message(c: Counting) -> MsgId {
    match c {
        Counting::FromMoment => MsgId("counting-from-moment"),
        Counting::AcceptanceDayNotCounted => MsgId("counting-acceptance-day-not-counted"),
    }
}

/// A document kind's heading and the line that says what happens to such documents.
fn document_kind_message(k: DocumentKind) -> (MsgId, MsgId) {
    match k {
        DocumentKind::BroughtKept => (
            MsgId("document-kind-brought-kept"),
            MsgId("document-kind-brought-kept-hint"),
        ),
        DocumentKind::ShownReturned => (
            MsgId("document-kind-shown-returned"),
            MsgId("document-kind-shown-returned-hint"),
        ),
        DocumentKind::Fetched => (
            MsgId("document-kind-fetched"),
            MsgId("document-kind-fetched-hint"),
        ),
    }
}
