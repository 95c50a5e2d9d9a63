//! When the head signs (or the executor decides, where no head signs after the decision), the
//! result (or the motivated refusal) becomes a PDF in the applicant's language, signed with the
//! organization's key and stored once — in the same transaction as the signing move, so there
//! is never a signature without its document or the reverse.

use chrono::{DateTime, Utc};
use diesel::PgConnection;

use crate::domain::actor::Staff;
use crate::domain::catalog::{Service, Text};
use crate::domain::signature::{self, SealingKey};
use crate::i18n::{self, Lang};
use crate::render::result::{self, ResultDocument};
use crate::repo::Refusal;
use crate::repo::applications::ApplicationRow;
use crate::repo::applications::engine::MoveRefusal;
use crate::repo::results::{self, NewResult};
use crate::repo::{organizations, staff, users};
use crate::web::services::role_message;

/// The document number of an application's result: `RES-2026-00000004`.
pub fn document_number(application_number: &str) -> String {
    format!("RES-{}", application_number.trim_start_matches("KZ-"))
}

fn failed(e: impl std::error::Error + Send + Sync + 'static) -> Refusal<MoveRefusal> {
    Refusal::Db(diesel::result::Error::QueryBuilderError(Box::new(e)))
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct RenderError(String);

/// The signer as the regulation names them: the head, or the executor whose decision is final.
fn signer_role(role: crate::domain::actor::StaffRole) -> crate::domain::catalog::Role {
    use crate::domain::actor::StaffRole;
    use crate::domain::catalog::Role;
    match role {
        StaffRole::Executor => Role::Executor,
        StaffRole::Clerk => Role::Clerk,
        _ => Role::Head,
    }
}

pub fn sign_document(
    conn: &mut PgConnection,
    app: &ApplicationRow,
    service: &Service,
    signer: Staff,
    sealing: &SealingKey,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<(), Refusal<MoveRefusal>> {
    let applicant =
        users::find(conn, app.applicant_id.0)?.ok_or(Refusal::Rule(MoveRefusal::NotFound))?;
    let organization_id = app
        .organization_id
        .ok_or(Refusal::Rule(MoveRefusal::Forbidden))?;
    let organization =
        organizations::find(conn, organization_id)?.ok_or(Refusal::Rule(MoveRefusal::NotFound))?;
    let head = staff::find(conn, signer.id)?.ok_or(Refusal::Rule(MoveRefusal::Forbidden))?;
    let lang = Lang::parse(&users::lang_of(conn, applicant.id)?).unwrap_or_default();
    let pick = |text: &Text| text.get(lang).to_string();
    let number = document_number(&app.number);
    let code = signature::verification_code(sealing, &number);
    let verify_url = format!("{public_url}/verify?number={number}&code={code}");
    let ground: Option<String> = app
        .refusal_ground
        .as_deref()
        .and_then(|g| serde_json::from_str::<Text>(g).ok())
        .map(|g| pick(&g));
    let refusal = app.decision.as_deref() == Some("refusal");
    let full_name = applicant.full_name();
    let date = i18n::format_date(lang, crate::domain::local_date(now));
    let pdf = result::render(&ResultDocument {
        lang,
        organization_kk: &organization.name_kk,
        organization_ru: &organization.name_ru,
        application_number: &app.number,
        service: &pick(&service.name),
        applicant: &full_name,
        refusal,
        ground: ground.as_deref(),
        text: app.decision_note.as_deref().unwrap_or_default(),
        date: &date,
        signer: &head.full_name,
        signer_role: &i18n::t(lang, role_message(signer_role(head.role)).id(), &[]),
        document_number: &number,
        verify_url: &verify_url,
        code: &code,
    })
    .map_err(|e| failed(RenderError(e)))?;
    results::store(
        conn,
        sealing,
        NewResult {
            application_id: app.id.0,
            document_number: &number,
            kind: if refusal { "refusal" } else { "result" },
            lang: lang.code(),
            pdf,
            organization_id,
            signed_by: signer.id.0,
            signed_at: now,
        },
    )?;
    Ok(())
}
