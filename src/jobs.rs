//! Background work. The outbox sender e-mails notifications through SMTP. Several nodes can run
//! it at once: each claims its own rows (`repo::outbox::claim`), sends them after the claim has
//! committed and marks each one as it goes, so a message is sent once. Only a crash between
//! sending and marking re-sends that one message, after its claim expires.

use std::time::Duration;

use chrono::{TimeDelta, Utc};
use lettre::message::Mailbox;
use lettre::transport::smtp::extension::ClientId;
use lettre::{Message, SmtpTransport, Transport};

use crate::db::DbPool;
use crate::domain::MsgId;
use crate::i18n::{self, Lang};
use crate::repo::outbox;

const BATCH: i64 = 20;
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);
/// A claim older than this was left by a sender that died, and is taken over. It is longer
/// than a whole batch can take (`BATCH` × `SMTP_TIMEOUT` ≈ 7 minutes), so a slow but living
/// sender never loses its rows to another.
pub const CLAIM_EXPIRES: TimeDelta = TimeDelta::minutes(15);

pub struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
    /// Names this process in `outbox.claimed_by`.
    sender: String,
}

impl Mailer {
    pub fn new(smtp_url: &str, from: &str) -> anyhow::Result<Mailer> {
        let sender = format!("{}:{}", ClientId::default(), std::process::id())
            .chars()
            .take(64)
            .collect();
        Ok(Mailer {
            transport: SmtpTransport::from_url(smtp_url)?
                .timeout(Some(SMTP_TIMEOUT))
                .build(),
            from: from.parse()?,
            sender,
        })
    }
}

/// Sends the e-mails waiting in the outbox; returns how many were sent. A pooled connection is
/// held only for the claim and for each mark, never while SMTP talks.
pub fn send_pending(pool: &DbPool, mailer: &Mailer) -> anyhow::Result<usize> {
    let now = Utc::now();
    let batch = outbox::claim(
        &mut *pool.get()?,
        &mailer.sender,
        now,
        now - CLAIM_EXPIRES,
        BATCH,
    )?;
    let mut sent = 0;
    for mail in batch {
        let lang = Lang::parse(&mail.lang).unwrap_or_default();
        let result = build(mailer, &mail.recipient, lang, &mail.message_id, &mail.args)
            .and_then(|m| mailer.transport.send(&m).map_err(anyhow::Error::from));
        // A failure to mark stops the batch: the rest stay claimed and are sent after the
        // claim expires, and only this message may go out twice.
        match result {
            Ok(_) => {
                outbox::mark_sent(&mut *pool.get()?, mail.id, Utc::now())?;
                sent += 1;
            }
            Err(e) => {
                tracing::warn!(outbox = mail.id, error = %e, "e-mail not sent");
                outbox::mark_failed(&mut *pool.get()?, mail.id, &e.to_string())?;
            }
        }
    }
    Ok(sent)
}

fn build(
    mailer: &Mailer,
    to: &str,
    lang: Lang,
    message_id: &str,
    args: &serde_json::Value,
) -> anyhow::Result<Message> {
    Ok(Message::builder()
        .from(mailer.from.clone())
        .to(to.parse()?)
        .subject(i18n::t(lang, MsgId("email-subject").id(), &[]))
        .body(format!(
            "{}\n\n{}",
            i18n::render_notification(lang, message_id, args),
            i18n::t(lang, MsgId("email-footer").id(), &[])
        ))?)
}

/// Runs the sender every few seconds on its own thread, for as long as the process lives.
pub fn spawn_outbox_sender(pool: DbPool, mailer: Mailer) {
    std::thread::spawn(move || {
        loop {
            if let Err(e) = send_pending(&pool, &mailer) {
                tracing::error!(error = %format!("{e:#}"), "outbox sender failed");
            }
            std::thread::sleep(Duration::from_secs(10));
        }
    });
}
