//! Output formats other than HTML pages: the business-process diagram (SVG) and one-page PDF
//! documents (the results of services).

pub mod diagram;
pub mod pdf;
pub mod result;

/// Escapes text for XML/HTML content and attribute values.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
