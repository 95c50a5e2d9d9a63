//! Background work. The outbox sender e-mails notifications through SMTP; rows are claimed with
//! `FOR UPDATE SKIP LOCKED`, so several nodes can run it at once without sending twice.

use std::time::Duration;

use diesel::prelude::*;
use lettre::message::Mailbox;
use lettre::{Message, SmtpTransport, Transport};

use crate::db::DbPool;
use crate::db::schema::{notifications, outbox};
use crate::domain::MsgId;
use crate::i18n::{self, Lang};

/// Attempts before a row is left alone (its `last_error` says why).
const MAX_ATTEMPTS: i32 = 5;
const BATCH: i64 = 20;

pub struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
}

impl Mailer {
    pub fn new(smtp_url: &str, from: &str) -> anyhow::Result<Mailer> {
        Ok(Mailer {
            transport: SmtpTransport::from_url(smtp_url)?
                .timeout(Some(Duration::from_secs(20)))
                .build(),
            from: from.parse()?,
        })
    }
}

/// Sends the e-mails waiting in the outbox; returns how many were sent.
pub fn send_pending(conn: &mut PgConnection, mailer: &Mailer) -> QueryResult<usize> {
    conn.transaction(|conn| {
        let rows: Vec<(i64, String, String, String, serde_json::Value)> = outbox::table
            .inner_join(notifications::table)
            .filter(outbox::channel.eq("email"))
            .filter(outbox::sent_at.is_null())
            .filter(outbox::attempts.lt(MAX_ATTEMPTS))
            .order(outbox::id)
            .limit(BATCH)
            .select((
                outbox::id,
                outbox::recipient,
                outbox::lang,
                notifications::message_id,
                notifications::args,
            ))
            .for_update()
            .skip_locked()
            .load(conn)?;
        let mut sent = 0;
        for (id, recipient, lang, message_id, args) in rows {
            let lang = Lang::parse(&lang).unwrap_or_default();
            let result = build(mailer, &recipient, lang, &message_id, &args)
                .and_then(|m| mailer.transport.send(&m).map_err(anyhow::Error::from));
            let row = outbox::table.find(id);
            match result {
                Ok(_) => {
                    diesel::update(row)
                        .set((
                            outbox::sent_at.eq(diesel::dsl::now),
                            outbox::attempts.eq(outbox::attempts + 1),
                        ))
                        .execute(conn)?;
                    sent += 1;
                }
                Err(e) => {
                    tracing::warn!(outbox = id, error = %e, "e-mail not sent");
                    diesel::update(row)
                        .set((
                            outbox::attempts.eq(outbox::attempts + 1),
                            outbox::last_error.eq(e.to_string()),
                        ))
                        .execute(conn)?;
                }
            }
        }
        Ok(sent)
    })
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
            match pool.get() {
                Ok(mut conn) => {
                    if let Err(e) = send_pending(&mut conn, &mailer) {
                        tracing::error!(error = %e, "outbox sender failed");
                    }
                }
                Err(e) => tracing::error!(error = %e, "outbox sender has no database connection"),
            }
            std::thread::sleep(Duration::from_secs(10));
        }
    });
}
