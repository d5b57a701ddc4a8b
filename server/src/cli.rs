//! Admin tasks on the command line, run against the configured database.

use app::{
    accounts::{policy, security, store},
    db::Db,
    error::FieldErrors,
};
use std::io::BufRead;

/// `server create-admin EMAIL [NAME]`: promotes (and reactivates) the
/// account with this email, or creates it as a hub admin. A new account's
/// password comes from `MENTORHUB_ADMIN_PASSWORD` or the first line of
/// standard input, so it never appears in the process list.
pub async fn create_admin(db: &Db, args: &[String]) -> Result<String, String> {
    let email = args
        .first()
        .ok_or("usage: server create-admin EMAIL [NAME]")?;
    let name = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| email.split('@').next().unwrap_or("Admin").to_owned());
    let mut errors = FieldErrors::new();
    policy::check_email(&mut errors, "email", email);
    policy::check_name(&mut errors, "name", &name);
    if let Some(message) = errors.messages.values().next() {
        return Err(message.clone());
    }
    let now = chrono::Utc::now().naive_utc();
    let existing = store::find_by_email(db, email)
        .await
        .map_err(|e| e.to_string())?;
    let password_hash = match existing {
        Some(_) => None,
        None => {
            let password = read_password()?;
            let mut errors = FieldErrors::new();
            policy::check_password(&mut errors, "password", &password, &name, email);
            if let Some(message) = errors.get("password") {
                return Err(message.to_owned());
            }
            Some(
                security::hash_password(password)
                    .await
                    .map_err(|e| e.to_string())?,
            )
        }
    };
    let existed = store::create_or_promote_admin(db, &name, email, password_hash.as_deref(), now)
        .await
        .map_err(|e| e.to_string())?;
    Ok(if existed {
        format!("{email} is now a hub admin")
    } else {
        format!("created hub admin {email}")
    })
}

fn read_password() -> Result<String, String> {
    if let Ok(password) = std::env::var("MENTORHUB_ADMIN_PASSWORD") {
        return Ok(password);
    }
    eprintln!("Password for the new admin (one line on standard input):");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("could not read the password: {e}"))?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        return Err("no password given (set MENTORHUB_ADMIN_PASSWORD or pipe it in)".into());
    }
    Ok(password)
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::db::testing::TestDb;

    #[tokio::test(flavor = "multi_thread")]
    async fn creates_then_promotes_an_admin() {
        for test_db in [Some(TestDb::sqlite().await), TestDb::postgres().await]
            .into_iter()
            .flatten()
        {
            let db = &test_db.db;
            let now = chrono::Utc::now().naive_utc();
            // An ordinary member exists and is promoted without a password.
            let seed = store::SessionSeed {
                token_hash: "t".into(),
                user_agent: String::new(),
                ip_address: String::new(),
            };
            store::sign_up(db, "First", "first@example.org", "h", &seed, false, now)
                .await
                .unwrap();
            store::sign_up(
                db,
                "Member",
                "member@example.org",
                "h",
                &seed_for("m"),
                false,
                now,
            )
            .await
            .unwrap();
            let message = create_admin(db, &["MEMBER@example.org".into()])
                .await
                .unwrap();
            assert_eq!(message, "MEMBER@example.org is now a hub admin");
            assert!(
                store::find_by_email(db, "member@example.org")
                    .await
                    .unwrap()
                    .unwrap()
                    .is_hub_admin
            );
            // A bad email is refused before anything happens.
            assert!(create_admin(db, &["not-an-email".into()]).await.is_err());
        }
    }

    fn seed_for(token: &str) -> store::SessionSeed {
        store::SessionSeed {
            token_hash: token.into(),
            user_agent: String::new(),
            ip_address: String::new(),
        }
    }
}
