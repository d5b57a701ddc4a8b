//! The email worker (server only): delivers outbox rows in the background.
//!
//! Each server process runs one worker. It claims a batch of due rows
//! ([`store::claim_due`]), hands each to the transport and records the
//! outcome; between batches it sleeps for the poll interval or until woken
//! through an [`EmailWaker`]. With several processes on one PostgreSQL
//! database each row is still claimed by one worker only.
//!
//! Transports: SMTP (lettre) when `SMTP_URL` is set, otherwise a mailbox
//! folder where each message becomes an RFC 5322 `.eml` file that a
//! developer can open in any mail client.
//!
//! Logs name the outbox id and the recipient, never a body: bodies carry
//! sign-in and reset links.

use super::store::{self, ClaimedEmail, DeliveryFailure, OutboxStatus, RetryPolicy};
use crate::db::{Db, DbError};
use lettre::{
    message::{header::ContentType, Attachment, Mailbox, MultiPart},
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};
use std::{
    fmt,
    future::Future,
    path::{Path, PathBuf},
    pin::Pin,
    sync::Arc,
    time::Duration,
};
use tokio::{sync::Notify, task::JoinHandle, time::Instant};

/// How the worker delivers and how often it looks.
#[derive(Debug, Clone)]
pub struct EmailConfig {
    pub transport: TransportConfig,
    /// `MAIL_FROM`: the From header, e.g. `Mentorhub <no-reply@example.org>`.
    pub from: String,
    /// `EMAIL_POLL_SECONDS`: how often due rows are looked for (retries and
    /// emails queued by other processes; a local [`EmailWaker`] is faster).
    pub poll_interval: Duration,
    pub retry: RetryPolicy,
    /// Rows claimed at once.
    pub batch_size: i64,
    /// How long a row may stay in `sending` before it is taken for the
    /// leftover of a stopped process and failed (never re-sent).
    pub lease: Duration,
    /// Limit on each SMTP command, so that a stuck server cannot hold a row
    /// anywhere near the lease.
    pub smtp_timeout: Duration,
}

impl EmailConfig {
    pub const DEFAULT_FROM: &'static str = "Mentorhub <no-reply@localhost>";
    pub const DEFAULT_MAILBOX_DIR: &'static str = "data/mailbox";
    pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(2);

    /// A configuration with the default retry policy, batch size and lease.
    pub fn new(
        transport: TransportConfig,
        from: impl Into<String>,
        poll_interval: Duration,
    ) -> Self {
        EmailConfig {
            transport,
            from: from.into(),
            poll_interval,
            retry: RetryPolicy::default(),
            batch_size: 20,
            lease: Duration::from_secs(600),
            smtp_timeout: Duration::from_secs(30),
        }
    }

    /// Checks `from` and the SMTP URL without connecting anywhere, so that a
    /// typo stops the server at startup rather than failing every email.
    pub fn check(&self) -> Result<(), EmailConfigError> {
        parse_from(&self.from)?;
        if let TransportConfig::Smtp { url } = &self.transport {
            AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .map_err(|e| EmailConfigError::SmtpUrl(e.to_string()))?;
        }
        Ok(())
    }
}

/// Where emails go.
#[derive(Clone, PartialEq, Eq)]
pub enum TransportConfig {
    /// `SMTP_URL`, as understood by lettre's `AsyncSmtpTransport::from_url`:
    /// `smtp://USER:PASSWORD@HOST:587?tls=required` (STARTTLS),
    /// `smtps://USER:PASSWORD@HOST:465` (TLS from the start), or
    /// `smtp://HOST:25` (no encryption: a relay on the same machine only).
    Smtp { url: String },
    /// `MAILBOX_DIR`: one `.eml` file per message.
    Mailbox { dir: PathBuf },
}

impl TransportConfig {
    /// SMTP when a URL is given, the mailbox folder otherwise.
    pub fn from_settings(smtp_url: Option<String>, mailbox_dir: impl Into<PathBuf>) -> Self {
        match smtp_url {
            Some(url) => TransportConfig::Smtp { url },
            None => TransportConfig::Mailbox {
                dir: mailbox_dir.into(),
            },
        }
    }
}

/// Never prints the SMTP password.
impl fmt::Debug for TransportConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransportConfig::Smtp { url } => write!(f, "Smtp({})", without_credentials(url)),
            TransportConfig::Mailbox { dir } => write!(f, "Mailbox({})", dir.display()),
        }
    }
}

/// Messages name the variable and never repeat the SMTP URL (it may hold a
/// password).
#[derive(Debug, thiserror::Error)]
pub enum EmailConfigError {
    #[error(
        "MAIL_FROM is not a valid sender ({0}); expected an address such as \
         `Mentorhub <no-reply@example.org>`"
    )]
    From(String),
    #[error(
        "SMTP_URL is not valid ({0}); expected smtp://USER:PASSWORD@HOST:587?tls=required, \
         smtps://USER:PASSWORD@HOST:465 or smtp://HOST:25"
    )]
    SmtpUrl(String),
}

fn parse_from(from: &str) -> Result<Mailbox, EmailConfigError> {
    from.parse::<Mailbox>()
        .map_err(|e| EmailConfigError::From(format!("{from:?}: {e}")))
}

/// `scheme://user:password@host:port?query` without `user:password@`.
fn without_credentials(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return "<unparsable URL>".to_owned();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    format!("{scheme}://{host}{tail}")
}

/// Wakes the worker at once, e.g. right after a transaction that enqueued an
/// email committed. Cheap to clone; waking a busy worker makes it look again
/// as soon as it is done.
#[derive(Clone, Default)]
pub struct EmailWaker(Arc<Notify>);

impl EmailWaker {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn wake(&self) {
        self.0.notify_one();
    }
}

impl fmt::Debug for EmailWaker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EmailWaker")
    }
}

enum Transport {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        /// For logs: the URL without credentials.
        target: String,
    },
    Mailbox(PathBuf),
}

impl fmt::Display for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Transport::Smtp { target, .. } => write!(f, "SMTP {target}"),
            Transport::Mailbox(dir) => write!(f, "mailbox folder {}", dir.display()),
        }
    }
}

/// The background delivery loop; see the module documentation.
pub struct EmailWorker {
    db: Db,
    config: EmailConfig,
    transport: Transport,
    from: Mailbox,
    waker: EmailWaker,
}

impl EmailWorker {
    pub fn new(db: Db, config: EmailConfig) -> Result<EmailWorker, EmailConfigError> {
        config.check()?;
        let from = parse_from(&config.from)?;
        let transport = match &config.transport {
            TransportConfig::Smtp { url } => {
                let target = without_credentials(url);
                if url.starts_with("smtp://") && !url.contains("tls=") && !is_loopback(&target) {
                    tracing::warn!(
                        "SMTP_URL ({target}) asks for no encryption: messages (and the SMTP \
                         password, if any) cross the network in clear text; add ?tls=required \
                         or use smtps://"
                    );
                }
                Transport::Smtp {
                    transport: AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                        .map_err(|e| EmailConfigError::SmtpUrl(e.to_string()))?
                        .timeout(Some(config.smtp_timeout))
                        .build(),
                    target,
                }
            }
            TransportConfig::Mailbox { dir } => Transport::Mailbox(dir.clone()),
        };
        Ok(EmailWorker {
            db,
            config,
            transport,
            from,
            waker: EmailWaker::new(),
        })
    }

    /// Shares a waker made earlier (for example one already in the app
    /// state) instead of the worker's own.
    pub fn with_waker(mut self, waker: EmailWaker) -> Self {
        self.waker = waker;
        self
    }

    pub fn waker(&self) -> EmailWaker {
        self.waker.clone()
    }

    /// Runs the worker on the tokio runtime until `shutdown` resolves. On
    /// shutdown the message being delivered is finished and the rest of its
    /// batch is put back for later.
    pub fn spawn(self, shutdown: impl Future<Output = ()> + Send + 'static) -> JoinHandle<()> {
        tokio::spawn(self.run(shutdown))
    }

    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        let shutdown = std::pin::pin!(shutdown);
        let mut stop = Stop::new(shutdown);
        tracing::info!(transport = %self.transport, "email worker started");
        self.fail_interrupted().await;
        let mut next_sweep = Instant::now() + self.config.lease;
        loop {
            if let Err(error) = self.deliver_batches(&mut stop).await {
                tracing::warn!("email worker: could not read the outbox: {error}");
            }
            if stop.requested().await {
                break;
            }
            if Instant::now() >= next_sweep {
                self.fail_interrupted().await;
                next_sweep = Instant::now() + self.config.lease;
            }
            tokio::select! {
                () = stop.wait() => break,
                () = self.waker.0.notified() => {}
                () = tokio::time::sleep(self.config.poll_interval) => {}
            }
        }
        tracing::info!("email worker stopped");
    }

    /// Claims and delivers due emails until none is left; returns how many
    /// were attempted.
    pub async fn deliver_due(&self) -> Result<usize, DbError> {
        let never = std::pin::pin!(std::future::pending());
        self.deliver_batches(&mut Stop::new(never)).await
    }

    async fn deliver_batches<F: Future<Output = ()>>(
        &self,
        stop: &mut Stop<'_, F>,
    ) -> Result<usize, DbError> {
        let mut attempted = 0;
        loop {
            let batch = store::claim_due(&self.db, store::now(), self.config.batch_size).await?;
            let full = batch.len() as i64 >= self.config.batch_size;
            let mut batch = batch.into_iter();
            while let Some(email) = batch.next() {
                if stop.requested().await {
                    let ids: Vec<i64> = std::iter::once(email.id)
                        .chain(batch.map(|email| email.id))
                        .collect();
                    store::release(&self.db, &ids).await?;
                    return Ok(attempted);
                }
                self.deliver(&email).await;
                attempted += 1;
            }
            if !full {
                return Ok(attempted);
            }
        }
    }

    /// One attempt at one claimed email, with its outcome recorded.
    async fn deliver(&self, email: &ClaimedEmail) {
        let outcome = match self.message(email) {
            Ok(message) => self.send(email, message).await,
            Err(failure) => Err(failure),
        };
        match outcome {
            Ok(()) => {
                tracing::info!(
                    outbox_id = email.id,
                    recipient = %email.recipient,
                    "email delivered via {}",
                    self.transport
                );
                if let Err(error) = store::mark_sent(&self.db, email.id, store::now()).await {
                    // The message left: the row stays `sending` and is
                    // failed after the lease, never sent again.
                    tracing::error!(
                        outbox_id = email.id,
                        "email delivered but not recorded as sent: {error}"
                    );
                }
            }
            Err(failure) => {
                let recorded = store::record_failure(
                    &self.db,
                    email,
                    &failure,
                    store::now(),
                    &self.config.retry,
                )
                .await;
                match recorded {
                    Ok(OutboxStatus::Failed) => tracing::error!(
                        outbox_id = email.id,
                        recipient = %email.recipient,
                        attempts = email.attempts + 1,
                        "email not delivered, giving up: {}",
                        failure.message
                    ),
                    Ok(_) => tracing::warn!(
                        outbox_id = email.id,
                        recipient = %email.recipient,
                        attempts = email.attempts + 1,
                        "email not delivered, will retry: {}",
                        failure.message
                    ),
                    Err(error) => tracing::error!(
                        outbox_id = email.id,
                        "email not delivered ({}) and the failure not recorded: {error}",
                        failure.message
                    ),
                }
            }
        }
    }

    fn message(&self, email: &ClaimedEmail) -> Result<Message, DeliveryFailure> {
        let to: Mailbox = email
            .recipient
            .parse()
            .map_err(|e| DeliveryFailure::permanent(format!("invalid recipient address: {e}")))?;
        // Stable across attempts of the same row, so that a receiving system
        // can spot a duplicate.
        let message_id = format!(
            "<mentorhub.{}.{}@{}>",
            email.id,
            email.created_at.and_utc().timestamp_micros(),
            self.from.email.domain()
        );
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(email.subject.as_str())
            .date_now()
            .message_id(Some(message_id));
        if let Some(url) = &email.list_unsubscribe {
            builder = builder
                .header(ListUnsubscribe(format!("<{url}>")))
                .header(ListUnsubscribePost);
        }
        let alternative =
            MultiPart::alternative_plain_html(email.text_body.clone(), email.html_body.clone());
        let body = match (
            &email.attachment_name,
            &email.attachment_type,
            &email.attachment_body,
        ) {
            (Some(name), Some(content_type), Some(file)) => {
                let content_type = ContentType::parse(content_type).map_err(|e| {
                    DeliveryFailure::permanent(format!("invalid attachment type: {e}"))
                })?;
                MultiPart::mixed()
                    .multipart(alternative)
                    .singlepart(Attachment::new(name.clone()).body(file.clone(), content_type))
            }
            _ => alternative,
        };
        builder
            .multipart(body)
            .map_err(|e| DeliveryFailure::permanent(format!("could not build the message: {e}")))
    }

    async fn send(&self, email: &ClaimedEmail, message: Message) -> Result<(), DeliveryFailure> {
        match &self.transport {
            Transport::Smtp { transport, .. } => {
                // 5xx answers are final. Anything else is retried; should a
                // server accept the message and the connection break before
                // its answer arrives, that retry is a duplicate, as with any
                // SMTP client (RFC 5321, 6.1).
                transport.send(message).await.map(drop).map_err(|e| {
                    if e.is_permanent() {
                        DeliveryFailure::permanent(e.to_string())
                    } else {
                        DeliveryFailure::transient(e.to_string())
                    }
                })
            }
            Transport::Mailbox(dir) => {
                let (dir, name, bytes) = (
                    dir.clone(),
                    mailbox_file_name(email.id, &email.recipient),
                    message.formatted(),
                );
                tokio::task::spawn_blocking(move || write_atomically(&dir, &name, &bytes))
                    .await
                    .map_err(|e| DeliveryFailure::transient(format!("mailbox writer: {e}")))?
                    .map_err(|e| DeliveryFailure::transient(format!("mailbox folder: {e}")))
            }
        }
    }

    async fn fail_interrupted(&self) {
        match store::fail_interrupted(&self.db, store::now(), self.config.lease).await {
            Ok(ids) if ids.is_empty() => {}
            Ok(ids) => tracing::warn!(
                outbox_ids = ?ids,
                "emails left in `sending` by a stopped process were marked failed, not \
                 re-sent: they may or may not have left"
            ),
            Err(error) => {
                tracing::warn!("email worker: could not check for interrupted emails: {error}")
            }
        }
    }
}

/// `<id>-<recipient>.eml`, the recipient reduced to characters that are
/// safe in a file name everywhere.
fn mailbox_file_name(id: i64, recipient: &str) -> String {
    let recipient: String = recipient
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '@' | '.' | '_' | '+' | '-') {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    format!("{id}-{recipient}.eml")
}

/// Writes `bytes` to `dir/name` so that a reader sees the whole file or
/// none: a hidden temporary file in the same folder, flushed, then renamed.
fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::create_dir_all(dir)?;
    let temporary = dir.join(format!(".{name}.tmp"));
    let mut file = std::fs::File::create(&temporary)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&temporary, dir.join(name))
}

fn is_loopback(target: &str) -> bool {
    let host = target.split_once("://").map_or(target, |(_, rest)| rest);
    ["localhost", "127.", "[::1]"]
        .iter()
        .any(|prefix| host.starts_with(prefix))
}

/// The shutdown future, polled without blocking between two deliveries and
/// awaited while idle. Remembers that it resolved, so it is never polled
/// again afterwards.
struct Stop<'a, F> {
    future: Pin<&'a mut F>,
    done: bool,
}

impl<'a, F: Future<Output = ()>> Stop<'a, F> {
    fn new(future: Pin<&'a mut F>) -> Self {
        Stop {
            future,
            done: false,
        }
    }

    async fn requested(&mut self) -> bool {
        if !self.done {
            tokio::select! {
                biased;
                () = self.future.as_mut() => self.done = true,
                () = std::future::ready(()) => {}
            }
        }
        self.done
    }

    async fn wait(&mut self) {
        if !self.done {
            self.future.as_mut().await;
            self.done = true;
        }
    }
}

/// `List-Unsubscribe: <url>` (RFC 2369) on notifications a member can
/// turn off; with [`ListUnsubscribePost`], one click does it (RFC 8058).
#[derive(Debug, Clone)]
struct ListUnsubscribe(String);

impl lettre::message::header::Header for ListUnsubscribe {
    fn name() -> lettre::message::header::HeaderName {
        lettre::message::header::HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(value: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(value.to_owned()))
    }

    fn display(&self) -> lettre::message::header::HeaderValue {
        lettre::message::header::HeaderValue::new(Self::name(), self.0.clone())
    }
}

#[derive(Debug, Clone)]
struct ListUnsubscribePost;

impl lettre::message::header::Header for ListUnsubscribePost {
    fn name() -> lettre::message::header::HeaderName {
        lettre::message::header::HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }

    fn display(&self) -> lettre::message::header::HeaderValue {
        lettre::message::header::HeaderValue::new(
            Self::name(),
            "List-Unsubscribe=One-Click".to_owned(),
        )
    }
}

#[cfg(test)]
mod tests;
