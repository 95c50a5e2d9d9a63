//! The regulation's business-process diagram as an inline SVG, drawn from the same steps the
//! engine runs: one swimlane per role, the steps in order left to right, arrows between them,
//! a start and an end mark, and a decision diamond after each step that can end in refusal.
//!
//! Pure layout: the caller passes the texts already in the page's language.

use std::fmt::Write;

use super::escape_xml;

pub struct Lane {
    pub label: String,
}

pub struct Box {
    /// Index into `Diagram::lanes`.
    pub lane: usize,
    /// Short text inside the box (e.g. "2 · 3 сағат").
    pub label: String,
    /// Full text shown as the box's tooltip (the action).
    pub detail: String,
    pub can_refuse: bool,
}

pub struct Diagram {
    /// Unique within the page (used for element ids).
    pub id: String,
    pub title: String,
    /// Id of the element (the step table) that describes the same steps in text.
    pub described_by: String,
    pub lanes: Vec<Lane>,
    pub boxes: Vec<Box>,
    pub start_label: String,
    pub end_label: String,
    pub refusal_label: String,
}

const LABEL_W: i32 = 170;
const COL_W: i32 = 150;
const LANE_H: i32 = 84;
const BOX_W: i32 = 118;
const BOX_H: i32 = 48;
const MARK_COL: i32 = 70;

impl Diagram {
    pub fn to_svg(&self) -> String {
        let cols = self.boxes.len() as i32;
        let width = LABEL_W + MARK_COL + cols * COL_W + MARK_COL;
        let height = (self.lanes.len().max(1) as i32) * LANE_H;
        let id = escape_xml(&self.id);
        let mut svg = String::new();
        let _ = write!(
            svg,
            r##"<svg xmlns="http://www.w3.org/2000/svg" class="bp-diagram" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="{id}-title" aria-describedby="{described}" font-family="Arial, sans-serif" font-size="13"><title id="{id}-title">{title}</title><defs><marker id="{id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1b1f24"/></marker></defs>"##,
            described = escape_xml(&self.described_by),
            title = escape_xml(&self.title),
        );
        for (i, lane) in self.lanes.iter().enumerate() {
            let y = i as i32 * LANE_H;
            let fill = if i % 2 == 0 { "#f4f7fa" } else { "#ffffff" };
            let _ = write!(
                svg,
                r##"<rect x="0" y="{y}" width="{width}" height="{LANE_H}" fill="{fill}" stroke="#c9d3de"/><rect x="0" y="{y}" width="{LABEL_W}" height="{LANE_H}" fill="#e8f1fb" stroke="#c9d3de"/>"##
            );
            write_wrapped(
                &mut svg,
                &lane.label,
                10,
                y + LANE_H / 2,
                22,
                "start",
                "#083f78",
                true,
            );
        }
        let center = |lane: usize| lane as i32 * LANE_H + LANE_H / 2;
        let box_x = |col: i32| LABEL_W + MARK_COL + col * COL_W + (COL_W - BOX_W) / 2;
        let (first_lane, last_lane) = match (self.boxes.first(), self.boxes.last()) {
            (Some(f), Some(l)) => (f.lane, l.lane),
            _ => (0, 0),
        };

        // Start mark, then an arrow into the first box.
        let start_x = LABEL_W + MARK_COL / 2;
        let _ = write!(
            svg,
            r##"<circle cx="{start_x}" cy="{cy}" r="12" fill="#0b5cad"><title>{t}</title></circle>"##,
            cy = center(first_lane),
            t = escape_xml(&self.start_label),
        );
        if !self.boxes.is_empty() {
            arrow(
                &mut svg,
                &id,
                start_x + 12,
                center(first_lane),
                box_x(0),
                center(first_lane),
            );
        }

        for (col, b) in self.boxes.iter().enumerate() {
            let col = col as i32;
            let x = box_x(col);
            let y = center(b.lane) - BOX_H / 2;
            let _ = write!(
                svg,
                r##"<g><title>{detail}</title><rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="#ffffff" stroke="#0b5cad" stroke-width="2"/>"##,
                detail = escape_xml(&b.detail),
            );
            write_wrapped(
                &mut svg,
                &b.label,
                x + BOX_W / 2,
                center(b.lane),
                16,
                "middle",
                "#1b1f24",
                false,
            );
            svg.push_str("</g>");

            let out_x = x + BOX_W;
            let next_x = if col + 1 < cols {
                box_x(col + 1)
            } else {
                LABEL_W + MARK_COL + cols * COL_W + MARK_COL / 2 - 14
            };
            let next_lane = self
                .boxes
                .get(col as usize + 1)
                .map_or(last_lane, |n| n.lane);
            let mut from_x = out_x;
            if b.can_refuse {
                // A decision: go on, or end here with a refusal (drawn below the diamond).
                let dx = out_x + (COL_W - BOX_W) / 2 + 2;
                let cy = center(b.lane);
                let _ = write!(
                    svg,
                    r##"<g><title>{t}</title><path d="M{l},{cy} L{dx},{top} L{r},{cy} L{dx},{bot} z" fill="#fff4d6" stroke="#b3261e" stroke-width="2"/></g>"##,
                    t = escape_xml(&self.refusal_label),
                    l = dx - 10,
                    r = dx + 10,
                    top = cy - 10,
                    bot = cy + 10,
                );
                arrow(&mut svg, &id, out_x, cy, dx - 10, cy);
                let ry = cy + 28;
                let _ = write!(
                    svg,
                    r##"<line x1="{dx}" y1="{y1}" x2="{dx}" y2="{y2}" stroke="#b3261e" stroke-width="1.5"/><circle cx="{dx}" cy="{ry}" r="7" fill="#ffffff" stroke="#b3261e" stroke-width="3"><title>{t}</title></circle>"##,
                    y1 = cy + 10,
                    y2 = ry - 7,
                    t = escape_xml(&self.refusal_label),
                );
                from_x = dx + 10;
            }
            connect(
                &mut svg,
                &id,
                from_x,
                center(b.lane),
                next_x,
                center(next_lane),
            );
        }

        // End mark: a ringed dot.
        let end_x = LABEL_W + MARK_COL + cols * COL_W + MARK_COL / 2;
        let _ = write!(
            svg,
            r##"<g><title>{t}</title><circle cx="{end_x}" cy="{cy}" r="13" fill="#ffffff" stroke="#1b1f24" stroke-width="2"/><circle cx="{end_x}" cy="{cy}" r="8" fill="#1b1f24"/></g>"##,
            cy = center(last_lane),
            t = escape_xml(&self.end_label),
        );
        svg.push_str("</svg>");
        svg
    }
}

fn arrow(svg: &mut String, id: &str, x1: i32, y1: i32, x2: i32, y2: i32) {
    let _ = write!(
        svg,
        r##"<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#1b1f24" stroke-width="1.5" marker-end="url(#{id}-arrow)"/>"##
    );
}

/// An arrow from one lane to another: across, down or up at the middle, then across.
fn connect(svg: &mut String, id: &str, x1: i32, y1: i32, x2: i32, y2: i32) {
    if y1 == y2 {
        arrow(svg, id, x1, y1, x2, y2);
        return;
    }
    let mid = x1 + (x2 - x1) / 2;
    let _ = write!(
        svg,
        r##"<polyline points="{x1},{y1} {mid},{y1} {mid},{y2} {x2},{y2}" fill="none" stroke="#1b1f24" stroke-width="1.5" marker-end="url(#{id}-arrow)"/>"##
    );
}

/// Text broken into lines of about `width` characters, centred vertically on `cy`.
#[allow(clippy::too_many_arguments)]
fn write_wrapped(
    svg: &mut String,
    text: &str,
    x: i32,
    cy: i32,
    width: usize,
    anchor: &str,
    fill: &str,
    bold: bool,
) {
    let mut lines: Vec<String> = vec![];
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    let line_h = 15;
    let first_y = cy - (lines.len() as i32 - 1) * line_h / 2 + 4;
    let weight = if bold { r#" font-weight="700""# } else { "" };
    let _ = write!(
        svg,
        r#"<text x="{x}" y="{first_y}" text-anchor="{anchor}" fill="{fill}"{weight}>"#
    );
    for (i, line) in lines.iter().enumerate() {
        let dy = if i == 0 { 0 } else { line_h };
        let _ = write!(
            svg,
            r#"<tspan x="{x}" dy="{dy}">{}</tspan>"#,
            escape_xml(line)
        );
    }
    svg.push_str("</text>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Diagram {
        Diagram {
            id: "d1".into(),
            title: "Процесс <A & B>".into(),
            described_by: "steps-1".into(),
            lanes: vec![
                Lane {
                    label: "Кеңсе қызметкері".into(),
                },
                Lane {
                    label: "Басшы".into(),
                },
            ],
            boxes: vec![
                Box {
                    lane: 0,
                    label: "1 · 10 минут".into(),
                    detail: "Тіркейді \"x\"".into(),
                    can_refuse: true,
                },
                Box {
                    lane: 1,
                    label: "2 · 3 сағат".into(),
                    detail: "Бұрыштама".into(),
                    can_refuse: false,
                },
                Box {
                    lane: 0,
                    label: "3 · 15 минут".into(),
                    detail: "Береді".into(),
                    can_refuse: false,
                },
            ],
            start_label: "Басы".into(),
            end_label: "Соңы".into(),
            refusal_label: "Бас тарту".into(),
        }
    }

    #[test]
    fn draws_one_box_per_step_lanes_marks_and_a_decision() {
        let svg = sample().to_svg();
        assert!(svg.starts_with("<svg "));
        assert!(svg.ends_with("</svg>"));
        assert_eq!(svg.matches(r#"rx="6""#).count(), 3, "three step boxes");
        assert_eq!(
            svg.matches(r##"fill="#e8f1fb""##).count(),
            2,
            "two lane headers"
        );
        assert_eq!(
            svg.matches(r##"fill="#fff4d6""##).count(),
            1,
            "one decision"
        );
        assert!(svg.contains("Процесс &lt;A &amp; B&gt;"), "text is escaped");
        assert!(svg.contains("Тіркейді &quot;x&quot;"));
        assert!(svg.contains(r#"aria-describedby="steps-1""#));
    }
}
