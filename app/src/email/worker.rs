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
mod tests {
    use super::*;
    use crate::{
        db::testing::on_both_backends,
        email::{store::OutboxQueries, templates, OutgoingEmail},
        error::AppError,
        write_transaction,
    };
    use std::sync::Mutex;
    use tokio::{
        io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
        net::TcpListener,
    };

    async fn enqueue(db: &Db, email: &OutgoingEmail) -> i64 {
        let id: Result<i64, AppError> =
            async { write_transaction!(db, |conn| Ok(conn.enqueue(email).await?)) }.await;
        id.unwrap()
    }

    /// Polls the row until it has `status`; the deadline only keeps a broken
    /// worker from hanging the test run.
    async fn wait_for_status(db: &Db, id: i64, status: OutboxStatus) -> store::OutboxEntry {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let entry = store::find(db, id).await.unwrap().unwrap();
            if entry.status == status {
                return entry;
            }
            assert!(
                Instant::now() < deadline,
                "{db:?}: outbox row never became {status:?}: {entry:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    fn fast(transport: TransportConfig) -> EmailConfig {
        let mut config = EmailConfig::new(
            transport,
            "Acme Mentoring <no-reply@acme.test>",
            Duration::from_millis(20),
        );
        config.retry.base_delay = Duration::from_millis(10);
        config
    }

    /// Just enough of an SMTP server, on loopback, for lettre: no TLS, no
    /// authentication. Answers the end of each message's data with the next
    /// queued reply, or 250 when none is left.
    struct FakeSmtp {
        port: u16,
        log: Arc<Mutex<SmtpLog>>,
    }

    #[derive(Default)]
    struct SmtpLog {
        data_replies: std::collections::VecDeque<&'static str>,
        /// Messages whose data was fully sent, accepted or not.
        data_transactions: usize,
        accepted: Vec<String>,
    }

    impl FakeSmtp {
        async fn start(data_replies: &[&'static str]) -> FakeSmtp {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let port = listener.local_addr().unwrap().port();
            let log = Arc::new(Mutex::new(SmtpLog {
                data_replies: data_replies.iter().copied().collect(),
                ..SmtpLog::default()
            }));
            let shared = log.clone();
            tokio::spawn(async move {
                while let Ok((stream, _)) = listener.accept().await {
                    tokio::spawn(Self::session(stream, shared.clone()));
                }
            });
            FakeSmtp { port, log }
        }

        fn url(&self) -> String {
            format!("smtp://127.0.0.1:{}", self.port)
        }

        async fn session(stream: tokio::net::TcpStream, log: Arc<Mutex<SmtpLog>>) {
            let (reader, mut writer) = stream.into_split();
            let mut reader = BufReader::new(reader);
            if writer.write_all(b"220 fake.test ESMTP\r\n").await.is_err() {
                return;
            }
            let mut in_data = false;
            let mut data = String::new();
            let mut line = Vec::new();
            loop {
                line.clear();
                match reader.read_until(b'\n', &mut line).await {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                let text = String::from_utf8_lossy(&line).into_owned();
                let answer: String = if in_data {
                    if text != ".\r\n" {
                        data.push_str(&text);
                        continue;
                    }
                    in_data = false;
                    let mut log = log.lock().unwrap();
                    log.data_transactions += 1;
                    let answer = log.data_replies.pop_front().unwrap_or("250 2.0.0 queued");
                    if answer.starts_with('2') {
                        log.accepted.push(std::mem::take(&mut data));
                    }
                    data.clear();
                    answer.to_owned()
                } else {
                    let command = text.trim_end().to_ascii_uppercase();
                    if command.starts_with("EHLO") {
                        "250-fake.test\r\n250 8BITMIME".to_owned()
                    } else if command.starts_with("DATA") {
                        in_data = true;
                        "354 end data with <CR><LF>.<CR><LF>".to_owned()
                    } else if command.starts_with("QUIT") {
                        let _ = writer.write_all(b"221 2.0.0 bye\r\n").await;
                        return;
                    } else if ["HELO", "MAIL FROM:", "RCPT TO:", "RSET", "NOOP"]
                        .iter()
                        .any(|verb| command.starts_with(verb))
                    {
                        "250 2.0.0 OK".to_owned()
                    } else {
                        "502 5.5.2 command not recognized".to_owned()
                    }
                };
                if writer
                    .write_all(format!("{answer}\r\n").as_bytes())
                    .await
                    .is_err()
                {
                    return;
                }
            }
        }
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_refused_first_attempt_is_retried_and_the_message_arrives_once() {
        on_both_backends(|db| async move {
            let smtp = FakeSmtp::start(&["451 4.3.0 try again later"]).await;
            let id = enqueue(
                &db,
                &templates::password_reset(
                    "Acme Mentoring",
                    "ada@example.org",
                    "Ada",
                    "https://hub.example.org/reset/t0k3n",
                ),
            )
            .await;

            let worker =
                EmailWorker::new(db.clone(), fast(TransportConfig::Smtp { url: smtp.url() }))
                    .unwrap();
            let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
            let running = worker.spawn(async move {
                let _ = stopped.await;
            });
            let entry = wait_for_status(&db, id, OutboxStatus::Sent).await;
            stop.send(()).unwrap();
            running.await.unwrap();

            assert_eq!(entry.attempts, 2, "{db:?}: {entry:?}");
            assert!(entry.sent_at.is_some());
            let last_error = entry.last_error.unwrap_or_default();
            assert!(last_error.contains("451"), "{last_error}");

            // Nothing is left to deliver: another pass sends nothing.
            let again =
                EmailWorker::new(db.clone(), fast(TransportConfig::Smtp { url: smtp.url() }))
                    .unwrap();
            assert_eq!(again.deliver_due().await.unwrap(), 0);

            let log = smtp.log.lock().unwrap();
            assert_eq!(log.data_transactions, 2, "{db:?}");
            assert_eq!(log.accepted.len(), 1, "{db:?}");
            let message = &log.accepted[0];
            assert!(message.contains("To: ada@example.org"), "{message}");
            assert!(
                message.contains("Subject: Reset your Acme Mentoring password"),
                "{message}"
            );
            assert!(
                message.contains("From: \"Acme Mentoring\" <no-reply@acme.test>")
                    || message.contains("From: Acme Mentoring <no-reply@acme.test>"),
                "{message}"
            );
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_permanent_refusal_fails_the_email_without_retrying() {
        on_both_backends(|db| async move {
            let smtp = FakeSmtp::start(&["554 5.7.1 rejected"]).await;
            let id = enqueue(
                &db,
                &templates::password_reset("Hub", "a@example.org", "A", "https://h/r"),
            )
            .await;
            let worker =
                EmailWorker::new(db.clone(), fast(TransportConfig::Smtp { url: smtp.url() }))
                    .unwrap();
            assert_eq!(worker.deliver_due().await.unwrap(), 1);
            let entry = store::find(&db, id).await.unwrap().unwrap();
            assert_eq!(entry.status, OutboxStatus::Failed, "{db:?}: {entry:?}");
            assert_eq!(entry.attempts, 1);
            assert!(entry.last_error.unwrap_or_default().contains("554"));
            assert_eq!(worker.deliver_due().await.unwrap(), 0);
            assert_eq!(smtp.log.lock().unwrap().data_transactions, 1);
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn an_unreachable_server_leaves_the_email_pending_for_a_retry() {
        on_both_backends(|db| async move {
            // A port that was just free: nobody listens there.
            let port = TcpListener::bind("127.0.0.1:0")
                .await
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            let id = enqueue(
                &db,
                &templates::password_reset("Hub", "a@example.org", "A", "https://h/r"),
            )
            .await;
            let mut config = fast(TransportConfig::Smtp {
                url: format!("smtp://127.0.0.1:{port}"),
            });
            config.retry.base_delay = Duration::from_secs(3600);
            let worker = EmailWorker::new(db.clone(), config).unwrap();
            assert_eq!(worker.deliver_due().await.unwrap(), 1);
            let entry = store::find(&db, id).await.unwrap().unwrap();
            assert_eq!(entry.status, OutboxStatus::Pending, "{db:?}: {entry:?}");
            assert_eq!(entry.attempts, 1);
            assert!(entry.next_attempt_at > store::now());
            assert_eq!(worker.deliver_due().await.unwrap(), 0);
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn an_invalid_recipient_fails_at_once() {
        on_both_backends(|db| async move {
            let dir = scratch_dir();
            let mut email = templates::password_reset("Hub", "not an address", "A", "https://h/r");
            email.to = "not an address".into();
            let id = enqueue(&db, &email).await;
            let worker = EmailWorker::new(
                db.clone(),
                fast(TransportConfig::Mailbox { dir: dir.clone() }),
            )
            .unwrap();
            worker.deliver_due().await.unwrap();
            let entry = store::find(&db, id).await.unwrap().unwrap();
            assert_eq!(entry.status, OutboxStatus::Failed, "{db:?}: {entry:?}");
            assert!(entry.last_error.unwrap_or_default().contains("recipient"));
            let _ = std::fs::remove_dir_all(dir);
        })
        .await;
    }

    fn scratch_dir() -> PathBuf {
        std::env::temp_dir()
            .join("mentorhub-tests")
            .join(format!("mailbox-{}", uuid::Uuid::new_v4().simple()))
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn an_attachment_travels_as_a_second_part_beside_the_text_and_html() {
        on_both_backends(|db| async move {
            let dir = scratch_dir();
            let calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n";
            let email =
                templates::password_reset("Hub", "ada@example.org", "Ada", "https://x.test/r")
                    .with_attachment(crate::email::Attachment {
                        name: "event-7.ics".into(),
                        content_type: "text/calendar; charset=utf-8; method=PUBLISH".into(),
                        body: calendar.into(),
                    });
            let id = enqueue(&db, &email).await;
            let worker = EmailWorker::new(
                db.clone(),
                fast(TransportConfig::Mailbox { dir: dir.clone() }),
            )
            .unwrap();
            assert_eq!(worker.deliver_due().await.unwrap(), 1);
            let raw = std::fs::read(dir.join(format!("{id}-ada@example.org.eml"))).unwrap();
            let mail = mailparse::parse_mail(&raw).unwrap();
            assert_eq!(mail.ctype.mimetype, "multipart/mixed", "{db:?}");
            assert_eq!(mail.subparts.len(), 2, "{db:?}");
            assert_eq!(mail.subparts[0].ctype.mimetype, "multipart/alternative");
            let file = &mail.subparts[1];
            assert_eq!(file.ctype.mimetype, "text/calendar");
            assert_eq!(
                file.get_body().unwrap().replace("\r\n", "\n"),
                calendar.replace("\r\n", "\n")
            );
            assert_eq!(
                file.get_content_disposition()
                    .params
                    .get("filename")
                    .map(String::as_str),
                Some("event-7.ics")
            );
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn the_mailbox_holds_a_parseable_eml_with_both_parts() {
        on_both_backends(|db| async move {
            let dir = scratch_dir().join("not-yet-created");
            let link = "https://hub.example.org/reset/t0k3n-42";
            let id = enqueue(
                &db,
                &templates::password_reset("Café Mentoring", "ada.l+hub@example.org", "Ada", link),
            )
            .await;
            let worker = EmailWorker::new(
                db.clone(),
                fast(TransportConfig::Mailbox { dir: dir.clone() }),
            )
            .unwrap();
            assert_eq!(worker.deliver_due().await.unwrap(), 1);
            assert_eq!(
                store::find(&db, id).await.unwrap().unwrap().status,
                OutboxStatus::Sent,
                "{db:?}"
            );

            let files: Vec<String> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|entry| entry.unwrap().file_name().into_string().unwrap())
                .collect();
            assert_eq!(files, [format!("{id}-ada.l+hub@example.org.eml")], "{db:?}");
            let raw = std::fs::read(dir.join(&files[0])).unwrap();
            let mail = mailparse::parse_mail(&raw).unwrap();
            let header = |name: &str| {
                mail.headers
                    .iter()
                    .find(|h| h.get_key_ref().eq_ignore_ascii_case(name))
                    .map(|h| h.get_value())
            };
            assert_eq!(
                header("Subject").as_deref(),
                Some("Reset your Café Mentoring password")
            );
            assert_eq!(header("To").as_deref(), Some("ada.l+hub@example.org"));
            assert!(header("From").unwrap().contains("no-reply@acme.test"));
            assert!(header("Date").is_some());
            assert!(header("Message-ID")
                .unwrap()
                .starts_with(&format!("<mentorhub.{id}.")));
            assert_eq!(mail.ctype.mimetype, "multipart/alternative");
            let parts: Vec<(String, String)> = mail
                .subparts
                .iter()
                .map(|part| (part.ctype.mimetype.clone(), part.get_body().unwrap()))
                .collect();
            assert_eq!(parts.len(), 2);
            assert_eq!(parts[0].0, "text/plain");
            assert_eq!(parts[1].0, "text/html");
            for (kind, body) in &parts {
                assert!(body.contains("Café Mentoring"), "{kind}: {body}");
                assert!(body.contains(link), "{kind}: {body}");
                assert!(body.contains("Ada"), "{kind}: {body}");
            }
            let _ = std::fs::remove_dir_all(dir.parent().unwrap());
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_woken_worker_delivers_without_waiting_for_the_poll() {
        on_both_backends(|db| async move {
            let dir = scratch_dir();
            let mut config = fast(TransportConfig::Mailbox { dir: dir.clone() });
            // Polling alone would not find the email while the test runs.
            config.poll_interval = Duration::from_secs(3600);
            // Open the two connections this test uses before the worker
            // runs: a SQLite connection opened while another is being opened
            // can fail at once with "database is locked", because the pool's
            // connection setup sets journal_mode before busy_timeout.
            let warm = (
                db.connection().await.unwrap(),
                db.connection().await.unwrap(),
            );
            drop(warm);
            let worker = EmailWorker::new(db.clone(), config).unwrap();
            let waker = worker.waker();
            let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
            let running = worker.spawn(async move {
                let _ = stopped.await;
            });
            let id = enqueue(
                &db,
                &templates::password_reset("Hub", "a@example.org", "A", "https://h/r"),
            )
            .await;
            waker.wake();
            wait_for_status(&db, id, OutboxStatus::Sent).await;
            stop.send(()).unwrap();
            running.await.unwrap();
            let _ = std::fs::remove_dir_all(dir);
        })
        .await;
    }

    #[test]
    fn configuration_errors_name_the_variable_and_hide_the_password() {
        let config = |url: &str, from: &str| {
            EmailConfig::new(
                TransportConfig::Smtp { url: url.into() },
                from,
                Duration::from_secs(2),
            )
        };
        assert!(config(
            "smtps://u:secret@mail.example.org",
            EmailConfig::DEFAULT_FROM
        )
        .check()
        .is_ok());
        assert!(config(
            "smtp://u:secret@mail.example.org:587?tls=required",
            "a@b.org"
        )
        .check()
        .is_ok());
        let message = config(
            "imap://u:secret@mail.example.org",
            EmailConfig::DEFAULT_FROM,
        )
        .check()
        .unwrap_err()
        .to_string();
        assert!(message.starts_with("SMTP_URL"), "{message}");
        assert!(!message.contains("secret"), "{message}");
        let message = config("smtps://mail.example.org", "not an address")
            .check()
            .unwrap_err()
            .to_string();
        assert!(message.starts_with("MAIL_FROM"), "{message}");

        let debug = format!(
            "{:?}",
            config("smtps://u:secret@mail.example.org:465", "a@b.org")
        );
        assert!(!debug.contains("secret"), "{debug}");
        assert!(debug.contains("smtps://mail.example.org:465"), "{debug}");
    }

    #[test]
    fn mailbox_file_names_are_safe() {
        assert_eq!(
            mailbox_file_name(7, "ada@example.org"),
            "7-ada@example.org.eml"
        );
        assert_eq!(
            mailbox_file_name(8, "../../etc/passwd\"<x>"),
            "8-.._.._etc_passwd__x_.eml"
        );
        assert!(!mailbox_file_name(9, "a/b\\c").contains(['/', '\\']));
    }
}
