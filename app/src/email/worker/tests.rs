//! The worker's tests on both databases: the mailbox folder, attachments,
//! retries and failures, configuration errors.

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
            EmailWorker::new(db.clone(), fast(TransportConfig::Smtp { url: smtp.url() })).unwrap();
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
            EmailWorker::new(db.clone(), fast(TransportConfig::Smtp { url: smtp.url() })).unwrap();
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
            EmailWorker::new(db.clone(), fast(TransportConfig::Smtp { url: smtp.url() })).unwrap();
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
        let email = templates::password_reset("Hub", "ada@example.org", "Ada", "https://x.test/r")
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
