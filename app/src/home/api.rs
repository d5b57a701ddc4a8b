//! The home page's one server function.

use crate::{error::AppError, home::MemberHome};
use leptos::prelude::*;

/// The signed-in member's home page; `None` for a visitor (who gets the
/// hub's welcome). A fixed number of queries, whatever the member's
/// history.
#[server(prefix = "/api", endpoint = "home")]
pub async fn get_home() -> Result<Option<MemberHome>, AppError> {
    crate::error::serve(async {
        use crate::home::store;
        let Some(viewer) = crate::accounts::session::viewer().await? else {
            return Ok(None);
        };
        let state = crate::state::app_state()?;
        let db = state.db.clone();
        let hub = state.hub_settings.read(&db).await?.hub_name;
        let user = &viewer.user;
        let zone: chrono_tz::Tz = user.time_zone.trim().parse().unwrap_or(chrono_tz::UTC);
        let now = chrono::Utc::now().naive_utc();
        let who = store::belonging(&db, user.id, user.is_hub_admin).await?;
        let (programs, more_programs) = store::my_programs(&db, user.id).await?;
        let (partners, requests, requests_total) = store::mentoring(&db, user.id, zone).await?;
        let (my_events, next_events) =
            store::home_events(&db, &who, &hub, &user.time_zone, now).await?;
        let answers = store::followed_threads(&db, &who, &hub, zone, now).await?;
        let decisions = store::decisions(&db, &who).await?;
        let resources = store::new_resources(&db, &who, &hub, now).await?;
        Ok(Some(MemberHome {
            name: user.name.clone(),
            programs,
            more_programs,
            partners,
            requests,
            requests_total,
            my_events,
            next_events,
            answers,
            resources,
            admin: who.hub_admin || !who.managed.is_empty(),
            decisions,
        }))
    })
    .await
}
