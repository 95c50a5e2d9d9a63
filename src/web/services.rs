//! The service catalog: the list with search, and one service's passport with its regulation.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::errors::AppError;
use super::page::{PageCtx, render};
use crate::app::AppState;
use crate::domain::MsgId;
use crate::domain::catalog::{Category, Channel, Path, ProviderKind, Role, Service, ServiceForm};
use crate::render::diagram::{Box, Diagram, Lane};

/// What a list shows of one service.
pub struct ServiceCard {
    pub code: String,
    pub name: String,
    pub description: String,
    pub category: String,
    pub online: bool,
}

impl ServiceCard {
    pub fn new(ctx: &PageCtx, s: &Service) -> ServiceCard {
        ServiceCard {
            code: s.code.clone(),
            name: s.name.get(ctx.lang).to_string(),
            description: s.description.get(ctx.lang).to_string(),
            category: ctx.t(category_message(s.category).id()),
            online: s.is_online(),
        }
    }
}

pub struct CategoryGroup {
    pub slug: &'static str,
    pub title: String,
    pub services: Vec<ServiceCard>,
}

#[derive(Template)]
#[template(path = "services/index.html")]
struct ServicesPage {
    ctx: PageCtx,
    query: String,
    results_heading: String,
    /// Search results when there is a query; otherwise the catalog by category.
    results: Option<Vec<ServiceCard>>,
    groups: Vec<CategoryGroup>,
}

#[derive(Deserialize)]
pub struct CatalogQuery {
    q: Option<String>,
    category: Option<String>,
}

/// Longest query looked at; anything longer is cut (nobody types a paragraph into search).
const MAX_QUERY_CHARS: usize = 100;

pub async fn index(
    ctx: PageCtx,
    state: web::Data<AppState>,
    query: web::Query<CatalogQuery>,
) -> Result<HttpResponse, AppError> {
    let q: String = query
        .q
        .as_deref()
        .unwrap_or("")
        .trim()
        .chars()
        .take(MAX_QUERY_CHARS)
        .collect();
    let catalog = &state.catalog;
    let results = (!q.is_empty()).then(|| {
        catalog
            .search(&q)
            .into_iter()
            .map(|s| ServiceCard::new(&ctx, s))
            .collect()
    });
    let groups = Category::ALL
        .into_iter()
        .filter(|c| {
            query
                .category
                .as_deref()
                .is_none_or(|wanted| wanted == c.as_str())
        })
        .map(|c| CategoryGroup {
            slug: c.as_str(),
            title: ctx.t(category_message(c).id()),
            services: catalog
                .in_category(c)
                .map(|s| ServiceCard::new(&ctx, s))
                .collect(),
        })
        .collect();
    let results_heading = results
        .as_ref()
        .map(|r: &Vec<ServiceCard>| ctx.t_count("search-results", "n", r.len() as i64))
        .unwrap_or_default();
    render(&ServicesPage {
        ctx,
        query: q,
        results_heading,
        results,
        groups,
    })
}

/// One row of a regulation's step table.
pub struct StepRow {
    pub number: usize,
    pub role: String,
    pub action: String,
    pub result: String,
    pub duration: String,
    pub clause: String,
    pub can_refuse: bool,
    pub assumption: Option<String>,
}

/// One channel's regulated procedure: its table and its diagram.
pub struct PathView {
    pub channel: String,
    pub table_id: String,
    pub steps: Vec<StepRow>,
    pub diagram_svg: String,
}

#[derive(Template)]
#[template(path = "services/show.html")]
struct ServicePage<'a> {
    ctx: PageCtx,
    service: &'a Service,
    term: String,
    form: String,
    providers: Vec<String>,
    channels: Vec<String>,
    regulation_date: String,
    paths: Vec<PathView>,
}

pub async fn show(
    ctx: PageCtx,
    state: web::Data<AppState>,
    code: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let service = state.catalog.find(&code).ok_or(AppError::NotFound)?;
    let paths = service
        .paths
        .iter()
        .map(|p| path_view(&ctx, service, p))
        .collect();
    render(&ServicePage {
        term: ctx.duration(&service.term),
        form: ctx.t(form_message(service.form).id()),
        providers: service
            .provider_kinds
            .iter()
            .map(|k| ctx.t(provider_message(*k).id()))
            .collect(),
        channels: service
            .channels
            .iter()
            .map(|c| ctx.t(channel_message(*c).id()))
            .collect(),
        regulation_date: ctx.date(&service.regulation.date),
        paths,
        service,
        ctx,
    })
}

fn path_view(ctx: &PageCtx, service: &Service, path: &Path) -> PathView {
    let channel = ctx.t(channel_message(path.channel).id());
    let table_id = format!("steps-{}", path.channel.as_str());
    let steps: Vec<StepRow> = path
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| StepRow {
            number: i + 1,
            role: ctx.t(role_message(s.role).id()),
            action: s.action.get(ctx.lang).to_string(),
            result: s.result.get(ctx.lang).to_string(),
            duration: ctx.duration(&s.duration),
            clause: s.clause.clone(),
            can_refuse: s.can_refuse,
            assumption: s.assumption.clone(),
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
                label: ctx.t(role_message(*r).id()),
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
        start_label: ctx.t("diagram-start"),
        end_label: ctx.t("diagram-end"),
        refusal_label: ctx.t("diagram-refusal"),
    };
    PathView {
        channel,
        table_id,
        steps,
        diagram_svg: diagram.to_svg(),
    }
}

pub fn category_message(c: Category) -> MsgId {
    match c {
        Category::Preschool => MsgId("category-preschool"),
        Category::School => MsgId("category-school"),
        Category::Tvet => MsgId("category-tvet"),
        Category::Supplementary => MsgId("category-supplementary"),
        Category::Teachers => MsgId("category-teachers"),
    }
}

fn role_message(r: Role) -> MsgId {
    match r {
        Role::Applicant => MsgId("role-applicant"),
        Role::Operator => MsgId("role-operator"),
        Role::Courier => MsgId("role-courier"),
        Role::Clerk => MsgId("role-clerk"),
        Role::Head => MsgId("role-head"),
        Role::Executor => MsgId("role-executor"),
        Role::System => MsgId("role-system"),
    }
}

fn channel_message(c: Channel) -> MsgId {
    match c {
        Channel::Portal => MsgId("channel-portal"),
        Channel::Provider => MsgId("channel-provider"),
        Channel::StateCorporation => MsgId("channel-state-corporation"),
    }
}

fn provider_message(k: ProviderKind) -> MsgId {
    match k {
        ProviderKind::School => MsgId("provider-school"),
        ProviderKind::College => MsgId("provider-college"),
        ProviderKind::PreschoolOrganization => MsgId("provider-preschool-organization"),
        ProviderKind::SupplementaryEducationOrganization => {
            MsgId("provider-supplementary-education-organization")
        }
        ProviderKind::DistrictEducationDepartment => {
            MsgId("provider-district-education-department")
        }
        ProviderKind::CityEducationDepartment => MsgId("provider-city-education-department"),
        ProviderKind::RegionalEducationDepartment => {
            MsgId("provider-regional-education-department")
        }
    }
}

fn form_message(f: ServiceForm) -> MsgId {
    match f {
        ServiceForm::Electronic => MsgId("service-form-electronic"),
        ServiceForm::Paper => MsgId("service-form-paper"),
        ServiceForm::ElectronicOrPaper => MsgId("service-form-electronic-or-paper"),
    }
}
