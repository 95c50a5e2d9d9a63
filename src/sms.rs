//! Text messages to citizens' phones behind a gateway trait, so a real SMS provider can be
//! plugged in: the signing codes and the outbox's SMS rows (`jobs::OutboxSender`) both go
//! through it. None is configured yet: the development gateway writes the message to the server
//! log, clearly marked, instead of sending it.

/// Sends one text message.
pub trait SmsGateway: Send + Sync {
    fn send(&self, phone: &str, text: &str) -> anyhow::Result<()>;
}

/// No SMS provider: the message goes to the log (never use it in production).
pub struct DevelopmentGateway;

impl SmsGateway for DevelopmentGateway {
    fn send(&self, phone: &str, text: &str) -> anyhow::Result<()> {
        tracing::warn!(
            phone,
            text,
            "DEVELOPMENT SMS GATEWAY: not sent, only logged"
        );
        Ok(())
    }
}
