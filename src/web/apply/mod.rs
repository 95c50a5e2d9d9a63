//! Applying online: the form (`form`), then "check your answers", consent and signature, and
//! the receipt (`submit`); `views` holds what the applicant's pages show of an application.

mod form;
mod submit;
mod views;

pub use form::{form, save};
pub use submit::{receipt, review, sign_and_submit};
pub use views::{
    AnswerView, DocumentView, answer_views, document_views, expected_label, organization_label,
};
