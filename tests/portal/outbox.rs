//! The outbox sender speaks SMTP to a real (tiny) SMTP server on loopback.

use egov_portal::domain::actor::{Actor, UserId};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::mpsc;

use egov_portal::jobs::{Mailer, send_pending};

use crate::common::{Citizen, TestApp};

/// Accepts one SMTP session and returns the DATA it received.
fn smtp_server() -> (u16, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut out = stream;
        writeln!(out, "220 test ESMTP\r").unwrap();
        let mut data = String::new();
        let mut in_data = false;
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap_or(0) > 0 {
            if in_data {
                if line == ".\r\n" {
                    in_data = false;
                    write!(out, "250 queued\r\n").unwrap();
                } else {
                    data.push_str(&line);
                }
            } else {
                let cmd = line.to_ascii_uppercase();
                if cmd.starts_with("EHLO") || cmd.starts_with("HELO") {
                    write!(out, "250 test\r\n").unwrap();
                } else if cmd.starts_with("DATA") {
                    in_data = true;
                    write!(out, "354 go\r\n").unwrap();
                } else if cmd.starts_with("QUIT") {
                    write!(out, "221 bye\r\n").unwrap();
                    break;
                } else {
                    write!(out, "250 ok\r\n").unwrap();
                }
            }
            line.clear();
        }
        let _ = tx.send(data);
    });
    (port, rx)
}

#[test]
fn waiting_e_mails_are_sent_through_smtp_once() {
    let app = TestApp::new();
    let mut conn = app.db.conn();
    let user = Citizen::new(50).insert(&mut conn, "aigerim@mail.kz");
    let draft = egov_portal::repo::applications::save_draft(
        &mut conn,
        Actor::Citizen(UserId(user.id)),
        egov_portal::repo::applications::DraftInput {
            service_code: "00403002",
            idempotency_key: "outbox-test-key-0001",
            version: None,
            organization_id: None,
            answers: &Default::default(),
            documents: vec![],
        },
        chrono::Utc::now(),
    )
    .unwrap();
    egov_portal::repo::notifications::notify(
        &mut conn,
        UserId(user.id),
        draft.id,
        egov_portal::domain::MsgId("notice-application-submitted"),
        serde_json::json!({ "number": draft.number, "date": "2026-11-24" }),
        "ru",
    )
    .unwrap();

    let (port, received) = smtp_server();
    let mailer = Mailer::new(&format!("smtp://127.0.0.1:{port}"), "portal@edu.kz").unwrap();
    assert_eq!(send_pending(&mut conn, &mailer).unwrap(), 1);
    let data = received
        .recv_timeout(std::time::Duration::from_secs(10))
        .unwrap();
    assert!(data.contains("To: aigerim@mail.kz"), "{data}");
    let (_, encoded) = data.split_once("\r\n\r\n").expect("headers, then the body");
    use base64::Engine;
    let body = base64::engine::general_purpose::STANDARD
        .decode(encoded.split_whitespace().collect::<String>())
        .unwrap();
    let body = String::from_utf8(body).unwrap();
    assert!(
        body.contains(&format!("Заявление № {} отправлено", draft.number)),
        "{body}"
    );
    assert!(body.contains("24 ноября 2026 г."), "{body}");
    // Sent once: the next run finds nothing; the SMS row waits for an SMS gateway.
    assert_eq!(send_pending(&mut conn, &mailer).unwrap(), 0);
    assert_eq!(
        app.count("outbox WHERE channel = 'email' AND sent_at IS NOT NULL"),
        1
    );
    assert_eq!(
        app.count("outbox WHERE channel = 'sms' AND sent_at IS NULL"),
        1
    );
}
