//! Background work: the deadline watch and the outbox sender, run together every
//! `WATCH_INTERVAL_SECS` by one thread of each node. Several nodes can run them at once:
//! correctness comes from the claims (`FOR UPDATE SKIP LOCKED`), not from a single node.
//!
//! - The watch (`repo::deadline_watch`) marks and notifies in the transaction that claims the
//!   steps, so a step is warned once and flagged overdue once.
//! - The sender claims its own outbox rows (`repo::outbox::claim`), sends them after the claim
//!   has committed and marks each one as it goes, so a message is sent once. Only a crash
//!   between sending and marking re-sends that one message, after its claim expires. A failure
//!   puts the message off (`repo::outbox::backoff`) until `MAX_ATTEMPTS`.
//!
//! The channels are trait objects: e-mail through SMTP when configured (`Mailer`), text
//! messages through an `SmsGateway` (the development one logs them).

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use diesel::PgConnection;
use lettre::message::Mailbox;
use lettre::transport::smtp::extension::ClientId;
use lettre::{Message, SmtpTransport, Transport};

use crate::db::DbPool;
use crate::domain::MsgId;
use crate::domain::calendar::{WorkingCalendar, WorkingHours};
use crate::i18n::{self, Lang};
use crate::repo::deadline_watch::{self, WatchCounts};
use crate::repo::outbox;
use crate::sms::SmsGateway;

const BATCH: i64 = 20;
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);
/// A claim older than this was left by a sender that died, and is taken over. It is longer
/// than a whole batch can take (`BATCH` × `SMTP_TIMEOUT` ≈ 7 minutes), so a slow but living
/// sender never loses its rows to another.
pub const CLAIM_EXPIRES: TimeDelta = TimeDelta::minutes(15);

/// Sends one e-mail (already written in the recipient's language).
pub trait EmailTransport: Send + Sync {
    fn send(&self, to: &str, subject: &str, body: &str) -> anyhow::Result<()>;
}

/// E-mail through an SMTP server (`SMTP_URL`).
pub struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
}

impl Mailer {
    pub fn new(smtp_url: &str, from: &str) -> anyhow::Result<Mailer> {
        Ok(Mailer {
            transport: SmtpTransport::from_url(smtp_url)?
                .timeout(Some(SMTP_TIMEOUT))
                .build(),
            from: from.parse()?,
        })
    }
}

impl EmailTransport for Mailer {
    fn send(&self, to: &str, subject: &str, body: &str) -> anyhow::Result<()> {
        let message = Message::builder()
            .from(self.from.clone())
            .to(to.parse()?)
            .subject(subject)
            .body(body.to_string())?;
        self.transport.send(&message)?;
        Ok(())
    }
}

/// The outbox's channels. Without an e-mail transport, e-mails wait in the outbox (a node with
/// `SMTP_URL` sends them); text messages always go through the gateway.
pub struct OutboxSender {
    pub email: Option<Box<dyn EmailTransport>>,
    pub sms: Arc<dyn SmsGateway>,
    /// Names this process in `outbox.claimed_by`.
    pub name: String,
}

impl OutboxSender {
    pub fn new(email: Option<Box<dyn EmailTransport>>, sms: Arc<dyn SmsGateway>) -> OutboxSender {
        let name = format!("{}:{}", ClientId::default(), std::process::id())
            .chars()
            .take(64)
            .collect();
        OutboxSender { email, sms, name }
    }

    /// The channels this sender claims.
    fn channels(&self) -> Vec<&'static str> {
        let mut channels = vec!["sms"];
        if self.email.is_some() {
            channels.push("email");
        }
        channels
    }

    fn send(&self, message: &outbox::PendingMessage) -> anyhow::Result<()> {
        let lang = Lang::parse(&message.lang).unwrap_or_default();
        let text = i18n::render_notification(lang, &message.message_id, &message.args);
        match (message.channel.as_str(), &self.email) {
            ("sms", _) => self.sms.send(&message.recipient, &text),
            ("email", Some(email)) => email.send(
                &message.recipient,
                &i18n::t(lang, MsgId("email-subject").id(), &[]),
                &format!(
                    "{text}\n\n{}",
                    i18n::t(lang, MsgId("email-footer").id(), &[])
                ),
            ),
            (channel, _) => anyhow::bail!("no sender for the channel {channel:?}"),
        }
    }
}

/// Sends the messages waiting in the outbox at `now`; returns how many were sent. A pooled
/// connection is held only for the claim and for each mark, never while a channel talks.
pub fn send_pending(
    pool: &DbPool,
    sender: &OutboxSender,
    now: DateTime<Utc>,
) -> anyhow::Result<usize> {
    let batch = outbox::claim(
        &mut *pool.get()?,
        &sender.name,
        &sender.channels(),
        now,
        now - CLAIM_EXPIRES,
        BATCH,
    )?;
    let mut sent = 0;
    for message in batch {
        // A failure to mark stops the batch: the rest stay claimed and are sent after the
        // claim expires, and only this message may go out twice.
        match sender.send(&message) {
            Ok(()) => {
                outbox::mark_sent(&mut *pool.get()?, message.id, Utc::now())?;
                sent += 1;
            }
            Err(e) => {
                let retry_at = now.max(Utc::now()) + outbox::backoff(message.attempts);
                tracing::warn!(
                    outbox = message.id,
                    channel = message.channel,
                    attempts = message.attempts,
                    %retry_at,
                    error = %e,
                    "message not sent"
                );
                outbox::mark_failed(&mut *pool.get()?, message.id, &e.to_string(), retry_at)?;
            }
        }
    }
    Ok(sent)
}

/// The deadline watch at `now`: warns the staff acting on steps one working day before their
/// due instant, flags due steps overdue and tells the heads; each once.
pub fn watch_deadlines(
    conn: &mut PgConnection,
    calendar: &WorkingCalendar,
    now: DateTime<Utc>,
) -> diesel::QueryResult<WatchCounts> {
    deadline_watch::run(conn, calendar, now)
}

/// One round of background work: the watch (with the calendar as it is now), then the outbox.
pub fn run_once(
    pool: &DbPool,
    sender: &OutboxSender,
    hours: WorkingHours,
    now: DateTime<Utc>,
) -> anyhow::Result<(WatchCounts, usize)> {
    let watched = {
        let mut conn = pool.get()?;
        let calendar = crate::repo::calendar::load(&mut conn, hours)?;
        watch_deadlines(&mut conn, &calendar, now)?
    };
    let sent = send_pending(pool, sender, now)?;
    Ok((watched, sent))
}

/// Runs `run_once` every `interval` on its own thread, for as long as the process lives.
pub fn spawn_worker(pool: DbPool, sender: OutboxSender, hours: WorkingHours, interval: Duration) {
    std::thread::spawn(move || {
        loop {
            match run_once(&pool, &sender, hours, Utc::now()) {
                Ok((watched, sent)) => {
                    if watched != WatchCounts::default() || sent > 0 {
                        tracing::info!(
                            warned = watched.warned,
                            overdue = watched.overdue,
                            notified = watched.notified,
                            sent,
                            "background work done"
                        );
                    } else {
                        tracing::debug!("background work done, nothing to do");
                    }
                }
                Err(e) => tracing::error!(error = %format!("{e:#}"), "background work failed"),
            }
            std::thread::sleep(interval);
        }
    });
}
