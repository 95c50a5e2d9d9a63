//! The result of a service (or the motivated refusal) as the one-page PDF the head signs, in the
//! applicant's language: the Republic, the provider in both languages, the application, the
//! service, the applicant, the decision, the signer, the date, the document number and a QR code
//! that leads to `/verify`.

use crate::i18n::{self, Lang};
use crate::render::pdf::{self, Page};

/// What the document says.
pub struct ResultDocument<'a> {
    pub lang: Lang,
    pub organization_kk: &'a str,
    pub organization_ru: &'a str,
    pub application_number: &'a str,
    pub service: &'a str,
    pub applicant: &'a str,
    pub refusal: bool,
    /// The refusal's legal ground, in the document's language.
    pub ground: Option<&'a str>,
    pub text: &'a str,
    pub date: &'a str,
    pub signer: &'a str,
    pub signer_role: &'a str,
    pub document_number: &'a str,
    /// The address the QR code holds: `…/verify?number=…&code=…`.
    pub verify_url: &'a str,
    pub code: &'a str,
}

pub fn render(doc: &ResultDocument<'_>) -> Result<Vec<u8>, String> {
    let t = |id: &str| i18n::t(doc.lang, id, &[]);
    let labelled = |id: &str, value: &str| format!("{}: {value}", t(id));
    let mut page = Page::default();
    page.line(t("result-republic"), 14.0)
        .line(doc.organization_kk, 11.0)
        .line(doc.organization_ru, 11.0)
        .line("", 8.0)
        .line(
            t(if doc.refusal {
                "result-title-refusal"
            } else {
                "result-title"
            }),
            16.0,
        )
        .line(
            labelled("result-document-number", doc.document_number),
            11.0,
        )
        .line(labelled("result-application", doc.application_number), 11.0)
        .line(labelled("result-service", doc.service), 11.0)
        .line(labelled("result-applicant", doc.applicant), 11.0)
        .line("", 8.0);
    if let Some(ground) = doc.ground {
        page.line(labelled("result-ground", ground), 11.0);
    }
    page.line(doc.text, 12.0)
        .line("", 8.0)
        .line(labelled("result-date", doc.date), 11.0)
        .line(
            labelled(
                "result-signed",
                &format!("{}, {}", doc.signer, doc.signer_role),
            ),
            11.0,
        )
        .line(t("result-signature-note"), 9.0)
        .line(labelled("result-code", doc.code), 11.0)
        .line(doc.verify_url, 9.0);
    page.squares = qr_squares(doc.verify_url);
    pdf::render(&page)
}

/// The QR code's dark modules as squares in the page's lower right corner.
fn qr_squares(data: &str) -> Vec<(f32, f32, f32)> {
    let Ok(code) = qrcode::QrCode::new(data.as_bytes()) else {
        return vec![];
    };
    let width = code.width();
    let module = 120.0 / width as f32;
    let (left, bottom) = (595.0 - 56.0 - 120.0, 56.0);
    code.to_colors()
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == qrcode::Color::Dark)
        .map(|(i, _)| {
            let (x, y) = ((i % width) as f32, (i / width) as f32);
            (
                left + x * module,
                bottom + (width as f32 - 1.0 - y) * module,
                module,
            )
        })
        .collect()
}
