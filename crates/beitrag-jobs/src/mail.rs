//! Sending email over SMTP (lettre). Only the job worker sends, so a slow
//! or absent mail server never delays a reader's request, and a failed
//! delivery is retried from the durable queue.

use lettre::message::Mailbox;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// A configured SMTP transport and sender.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// `None` when `smtp_url` is empty; an error for a bad URL or sender.
    pub fn new(smtp_url: &str, from: &str) -> Result<Option<Self>, String> {
        if smtp_url.trim().is_empty() {
            return Ok(None);
        }
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| format!("invalid [mail] smtp_url: {e}"))?
            .build();
        let from = from
            .parse()
            .map_err(|e| format!("invalid [mail] from: {e}"))?;
        Ok(Some(Self { transport, from }))
    }

    /// Sends a plain-text message; the error text is kept by the job queue.
    pub async fn send(&self, to: &str, subject: &str, body: String) -> Result<(), String> {
        self.send_with(to, subject, body, &[]).await
    }

    /// [`Mailer::send`] with further headers (`List-Unsubscribe`); the
    /// values must be plain ASCII, which lettre writes as they are.
    pub async fn send_with(
        &self,
        to: &str,
        subject: &str,
        body: String,
        headers: &[(&str, String)],
    ) -> Result<(), String> {
        let to: Mailbox = to.parse().map_err(|e| format!("bad recipient {to}: {e}"))?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN);
        for (name, value) in headers {
            let name = HeaderName::new_from_ascii((*name).to_owned())
                .map_err(|e| format!("bad header name {name}: {e}"))?;
            builder = builder.raw_header(HeaderValue::new(name, value.clone()));
        }
        let message = builder.body(body).map_err(|e| e.to_string())?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}
