//! Applying online: the form (`form`) and what it posts (`save`), then "check your answers",
//! consent, signature and submission (`review`), and the receipt (`receipt`).

mod form;
mod receipt;
mod review;
mod save;

pub use form::form;
pub use receipt::receipt;
pub use review::{review, send_code, sign_and_submit};
pub use save::save;

use crate::repo::applications::{self as apps, ApplicationRow, DocumentInfo};
use crate::repo::organizations::OrganizationRow;
use crate::repo::users::{self, User};
use crate::state::AppState;
use crate::web::errors::AppError;
use crate::web::guard::Citizen;

/// The citizen's own application with what its pages show, and the citizen (for the signature).
struct Mine {
    app: ApplicationRow,
    user: User,
    organization: Option<OrganizationRow>,
    documents: Vec<DocumentInfo>,
}

/// The citizen's application by number; another's, or an unknown number, is 404.
async fn load_mine(state: &AppState, citizen: Citizen, number: String) -> Result<Mine, AppError> {
    state
        .db(move |conn| {
            let Some(apps::Loaded {
                app,
                organization,
                documents,
            }) = apps::load(conn, citizen.actor(), &number)?
            else {
                return Ok(None);
            };
            let user = users::find(conn, citizen.id.0)?.ok_or(diesel::result::Error::NotFound)?;
            Ok(Some(Mine {
                app,
                user,
                organization,
                documents,
            }))
        })
        .await?
        .ok_or(AppError::NotFound)
}
