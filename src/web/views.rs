//! What the pages about one application show, shared by the application form and the cabinet:
//! answers, documents, dates and the provider, in the page's language.

use std::collections::BTreeMap;

use chrono::Utc;

use crate::domain::MsgId;
use crate::domain::catalog::{FieldType, Service};
use crate::repo::applications::DocumentInfo;
use crate::repo::organizations::OrganizationRow;
use crate::web::page::PageCtx;

/// A question and the applicant's answer, for "check your answers" and the application page.
pub struct AnswerView {
    pub label: String,
    pub value: String,
}

/// The answers in form order, with select values shown by their labels.
pub fn answer_views(
    ctx: &PageCtx,
    service: &Service,
    answers: &BTreeMap<String, String>,
) -> Vec<AnswerView> {
    service
        .fields
        .iter()
        .filter(|f| f.field_type != FieldType::File)
        .map(|f| {
            let raw = answers.get(&f.name).cloned().unwrap_or_default();
            let value = match f.field_type {
                FieldType::Select => f
                    .options
                    .iter()
                    .find(|o| o.value == raw)
                    .map(|o| ctx.tr(&o.label).to_string())
                    .unwrap_or_default(),
                FieldType::Checkbox => {
                    let answer = if raw == "true" {
                        MsgId("answer-yes")
                    } else {
                        MsgId("answer-no")
                    };
                    ctx.text(answer.id()).into_owned()
                }
                FieldType::Date => raw.parse().map(|d| ctx.date(&d)).unwrap_or(raw),
                _ => raw,
            };
            AnswerView {
                label: ctx.tr(&f.label).to_string(),
                value,
            }
        })
        .collect()
}

/// An uploaded document as the applicant sees it: which document it is, the file, its size.
pub struct DocumentView {
    pub id: i64,
    pub label: String,
    pub file_name: String,
    pub size: String,
}

/// The uploads in form order, each named by its field's label.
pub fn document_views(
    ctx: &PageCtx,
    service: &Service,
    docs: &[DocumentInfo],
) -> Vec<DocumentView> {
    let position = |d: &DocumentInfo| service.fields.iter().position(|f| f.name == d.field);
    let mut docs: Vec<&DocumentInfo> = docs.iter().collect();
    docs.sort_by_key(|d| (position(d), d.id));
    docs.into_iter()
        .map(|d| DocumentView {
            id: d.id.0,
            label: service
                .fields
                .iter()
                .find(|f| f.name == d.field)
                .map(|f| ctx.tr(&f.label).to_string())
                .unwrap_or_else(|| d.field.clone()),
            file_name: d.file_name.clone(),
            size: ctx.file_size(i64::from(d.size_bytes)),
        })
        .collect()
}

/// The legal deadline, or that the regulation sets none for this channel.
pub fn expected_label(ctx: &PageCtx, expected: Option<chrono::DateTime<Utc>>) -> String {
    expected.map_or_else(
        || ctx.text("receipt-no-term").into_owned(),
        |t| ctx.date_time(&t),
    )
}

/// A service's name in the page's language, or its code when the catalog no longer has it.
pub fn service_name(
    ctx: &PageCtx,
    catalog: &crate::domain::catalog::Catalog,
    code: &str,
) -> String {
    catalog
        .find(code)
        .map_or_else(|| code.to_string(), |s| ctx.tr(&s.name).to_string())
}

/// "Name — address" (the address names the district or town).
pub fn organization_label(ctx: &PageCtx, o: &OrganizationRow) -> String {
    format!("{} — {}", ctx.pick(&o.name_kk, &o.name_ru), o.address)
}

/// "Working time left: 3 h 20 min" or "Overdue by 1 h 5 min of working time".
pub fn standing_label(ctx: &PageCtx, standing: crate::domain::calendar::Standing) -> String {
    use crate::domain::calendar::Standing;
    let (id, delta) = match standing {
        Standing::Left(d) => ("application-time-left", d),
        Standing::Overdue(d) => ("application-overdue-by", d),
    };
    ctx.t1(id, "time", &ctx.working_time(delta))
}
