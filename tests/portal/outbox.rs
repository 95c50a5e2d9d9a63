//! The outbox sender speaks SMTP to a real (tiny) SMTP server on loopback; text messages go
//! to a gateway that keeps them.

use egov_portal::domain::actor::UserId;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Barrier, mpsc};
use std::time::Duration;

use diesel::prelude::*;
use egov_portal::jobs::{CLAIM_EXPIRES, Mailer, OutboxSender};
use egov_portal::repo::outbox;

use crate::common::{Citizen, MemoryGateway, TestApp};

/// A sender with e-mail through the SMTP server at `url` and text messages into a memory.
fn sender(url: &str) -> OutboxSender {
    OutboxSender::new(
        Some(Box::new(Mailer::new(url, "portal@edu.kz").unwrap())),
        Arc::new(MemoryGateway::default()),
    )
}

/// The outbox sent now.
fn send_pending(pool: &egov_portal::db::DbPool, sender: &OutboxSender) -> anyhow::Result<usize> {
    egov_portal::jobs::send_pending(pool, sender, chrono::Utc::now())
}

/// Accepts one SMTP session and returns the DATA it received.
fn smtp_server() -> (u16, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let _ = tx.send(smtp_session(stream, Duration::ZERO));
    });
    (port, rx)
}

/// Serves SMTP sessions one thread each, for as long as the test runs; every message's DATA
/// is sent on the channel. Each message is accepted after `delay`, so senders overlap.
fn busy_smtp_server(delay: Duration) -> (u16, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let tx = tx.clone();
            std::thread::spawn(move || {
                let _ = tx.send(smtp_session(stream, delay));
            });
        }
    });
    (port, rx)
}

/// Speaks just enough SMTP to accept messages; returns the DATA received.
fn smtp_session(stream: TcpStream, delay: Duration) -> String {
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
                std::thread::sleep(delay);
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
    data
}

/// Queues `n` e-mails for `user`, to `mail1@test.kz` … `mailN@test.kz`, and returns them.
fn queue_emails(conn: &mut PgConnection, user: i64, n: i32) -> Vec<String> {
    diesel::sql_query(
        "WITH n AS (
             INSERT INTO notifications (user_id, message_id, args)
             SELECT $1, 'notice-password-changed', '{}'::jsonb FROM generate_series(1, $2)
             RETURNING id)
         INSERT INTO outbox (notification_id, channel, recipient, lang)
         SELECT id, 'email', 'mail' || row_number() OVER (ORDER BY id) || '@test.kz', 'kk' FROM n",
    )
    .bind::<diesel::sql_types::BigInt, _>(user)
    .bind::<diesel::sql_types::Integer, _>(n)
    .execute(conn)
    .unwrap();
    (1..=n).map(|i| format!("mail{i}@test.kz")).collect()
}

fn recipient(data: &str) -> String {
    data.lines()
        .find_map(|l| l.strip_prefix("To: "))
        .expect("a To header")
        .trim()
        .to_string()
}

#[test]
fn waiting_e_mails_are_sent_through_smtp_once() {
    let app = TestApp::new();
    let mut conn = app.db.conn();
    let user = Citizen::new(50).insert(&mut conn, "aigerim@mail.kz");
    let draft = egov_portal::repo::applications::save_draft(
        &mut conn,
        UserId(user.id),
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
    let sms = Arc::new(MemoryGateway::default());
    let mailer = OutboxSender::new(
        Some(Box::new(
            Mailer::new(&format!("smtp://127.0.0.1:{port}"), "portal@edu.kz").unwrap(),
        )),
        sms.clone(),
    );
    assert_eq!(
        send_pending(&app.pool, &mailer).unwrap(),
        2,
        "the e-mail and the SMS"
    );
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
    // The SMS went through the gateway, in the same language.
    let texts = sms.0.lock().unwrap().clone();
    assert_eq!(texts.len(), 1);
    assert!(
        texts[0]
            .1
            .contains(&format!("Заявление № {} отправлено", draft.number)),
        "{texts:?}"
    );
    // Sent once: the next run finds nothing.
    assert_eq!(send_pending(&app.pool, &mailer).unwrap(), 0);
    assert_eq!(app.count("outbox WHERE sent_at IS NOT NULL"), 2);
    assert_eq!(sms.0.lock().unwrap().len(), 1);
}

#[test]
fn two_senders_at_once_send_each_message_once() {
    let app = TestApp::new();
    let mut conn = app.db.conn();
    let user = Citizen::new(51).insert(&mut conn, "");
    let mut expected = queue_emails(&mut conn, user.id, 30);
    let (port, received) = busy_smtp_server(Duration::from_millis(20));
    let url = format!("smtp://127.0.0.1:{port}");
    let start = Arc::new(Barrier::new(2));
    let senders: Vec<_> = (0..2)
        .map(|_| {
            let (pool, url, start) = (app.pool.clone(), url.clone(), start.clone());
            std::thread::spawn(move || {
                let mailer = sender(&url);
                start.wait();
                send_pending(&pool, &mailer).unwrap()
            })
        })
        .collect();
    let sent: usize = senders.into_iter().map(|s| s.join().unwrap()).sum();
    assert_eq!(sent, 30);
    let mailer = sender(&url);
    assert_eq!(send_pending(&app.pool, &mailer).unwrap(), 0, "nothing left");

    let mut got: Vec<String> = (0..30)
        .map(|_| recipient(&received.recv_timeout(Duration::from_secs(10)).unwrap()))
        .collect();
    assert!(
        received.recv_timeout(Duration::from_millis(300)).is_err(),
        "no message twice"
    );
    got.sort();
    expected.sort();
    assert_eq!(got, expected);
    assert_eq!(
        app.count("outbox WHERE sent_at IS NOT NULL AND attempts = 1 AND claimed_by IS NOT NULL"),
        30
    );
}

#[test]
fn a_claimed_message_never_marked_waits_until_its_claim_expires() {
    let app = TestApp::new();
    let mut conn = app.db.conn();
    let user = Citizen::new(52).insert(&mut conn, "");
    queue_emails(&mut conn, user.id, 1);
    // A sender claims the message and dies before it can send or mark it.
    let now = chrono::Utc::now();
    let claimed = outbox::claim(
        &mut conn,
        "crashed-node",
        &["email"],
        now,
        now - CLAIM_EXPIRES,
        20,
    )
    .unwrap();
    assert_eq!(claimed.len(), 1);

    let (port, received) = busy_smtp_server(Duration::ZERO);
    let mailer = sender(&format!("smtp://127.0.0.1:{port}"));
    assert_eq!(send_pending(&app.pool, &mailer).unwrap(), 0);
    assert!(received.recv_timeout(Duration::from_millis(300)).is_err());
    assert_eq!(app.count("outbox WHERE claimed_by = 'crashed-node'"), 1);

    // Still claimed a minute before the claim expires.
    let backdate = |by: chrono::TimeDelta| {
        diesel::sql_query("UPDATE outbox SET claimed_at = $1")
            .bind::<diesel::sql_types::Timestamptz, _>(chrono::Utc::now() - by)
            .execute(&mut app.db.conn())
            .unwrap();
    };
    backdate(CLAIM_EXPIRES - chrono::TimeDelta::minutes(1));
    assert_eq!(send_pending(&app.pool, &mailer).unwrap(), 0);
    // Expired: another sender takes it over and sends it, once.
    backdate(CLAIM_EXPIRES + chrono::TimeDelta::minutes(1));
    assert_eq!(send_pending(&app.pool, &mailer).unwrap(), 1);
    let data = received.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(recipient(&data), "mail1@test.kz");
    assert_eq!(send_pending(&app.pool, &mailer).unwrap(), 0);
    assert_eq!(
        app.count(
            "outbox WHERE sent_at IS NOT NULL AND attempts = 2 AND claimed_by <> 'crashed-node'"
        ),
        1
    );
}

#[test]
fn a_message_that_cannot_be_sent_keeps_its_error_and_is_retried_until_the_limit() {
    let app = TestApp::new();
    let mut conn = app.db.conn();
    let user = Citizen::new(53).insert(&mut conn, "");
    queue_emails(&mut conn, user.id, 1);
    diesel::sql_query("UPDATE outbox SET recipient = 'not an address'")
        .execute(&mut conn)
        .unwrap();
    // Never reached: the address is refused before SMTP is spoken.
    let mailer = sender("smtp://127.0.0.1:9");
    let start = chrono::Utc::now();
    let run = |at| egov_portal::jobs::send_pending(&app.pool, &mailer, at).unwrap();
    assert_eq!(run(start), 0);
    assert_eq!(
        app.count("outbox WHERE last_error IS NOT NULL AND claimed_at IS NULL AND attempts = 1"),
        1,
        "the error is kept and the claim released"
    );
    // Each failure puts the next attempt off; a run before then leaves the message alone.
    let attempts = |n: i32| {
        app.count(&format!(
            "outbox WHERE attempts = {}",
            n.min(outbox::MAX_ATTEMPTS)
        ))
    };
    let mut at = start;
    for attempt in 2..=outbox::MAX_ATTEMPTS + 2 {
        run(at + chrono::TimeDelta::seconds(30));
        assert_eq!(attempts(attempt - 1), 1, "not yet attempt {attempt}");
        at += chrono::TimeDelta::hours(2);
        run(at);
        assert_eq!(attempts(attempt), 1, "attempt {attempt}");
    }
    assert_eq!(
        app.count(&format!(
            "outbox WHERE attempts = {} AND sent_at IS NULL AND last_error IS NOT NULL",
            outbox::MAX_ATTEMPTS
        )),
        1
    );
}
