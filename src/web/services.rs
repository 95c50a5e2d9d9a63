//! The service catalog: the list with search, and the names of the catalog's values (roles,
//! channels, providers, forms) in the page's language. A service's own page is `passport`.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::errors::AppError;
use super::page::{PageCtx, render};
use crate::domain::MsgId;
use crate::domain::catalog::{Category, Channel, ProviderKind, Role, Service, ServiceForm};
use crate::state::AppState;

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
            category: ctx.text(category_message(s.category).id()).into_owned(),
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
            title: ctx.text(category_message(c).id()).into_owned(),
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

pub fn category_message(c: Category) -> MsgId {
    match c {
        Category::Preschool => MsgId("category-preschool"),
        Category::School => MsgId("category-school"),
        Category::Tvet => MsgId("category-tvet"),
        Category::Supplementary => MsgId("category-supplementary"),
        Category::Teachers => MsgId("category-teachers"),
    }
}

pub fn role_message(r: Role) -> MsgId {
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

pub fn channel_message(c: Channel) -> MsgId {
    match c {
        Channel::Portal => MsgId("channel-portal"),
        Channel::Provider => MsgId("channel-provider"),
        Channel::StateCorporation => MsgId("channel-state-corporation"),
    }
}

pub fn provider_message(k: ProviderKind) -> MsgId {
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

pub fn form_message(f: ServiceForm) -> MsgId {
    match f {
        ServiceForm::Electronic => MsgId("service-form-electronic"),
        ServiceForm::Paper => MsgId("service-form-paper"),
        ServiceForm::ElectronicOrPaper => MsgId("service-form-electronic-or-paper"),
    }
}
