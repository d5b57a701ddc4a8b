//! The account page's calendar feed section: the member's personal feed
//! address (a `webcal://` link calendar apps subscribe to) and a reset
//! that replaces it. Its resource and action are created by the route,
//! before the account page's own (see `shell::AccountRoute`).

use crate::{
    error::AppError,
    events::{
        api::{get_calendar_feed, ResetCalendarFeed},
        CalendarFeed,
    },
    programs::admin::flag_notice,
    ui::{FormFeedback, FormNotice},
};
use leptos::prelude::*;

/// The feed and its reset, for the account page.
#[derive(Clone, Copy)]
pub struct FeedSection {
    feed: Resource<Result<CalendarFeed, AppError>>,
    reset: ServerAction<ResetCalendarFeed>,
}

impl FeedSection {
    /// Create it at the top of the page, with the page's other resources.
    pub fn new() -> Self {
        let reset = ServerAction::<ResetCalendarFeed>::new();
        let feed = Resource::new(move || reset.version().get(), |_| get_calendar_feed());
        FeedSection { feed, reset }
    }

    pub fn view(self) -> impl IntoView {
        let FeedSection { feed, reset } = self;
        let quiet = Signal::derive(|| false);
        let done = flag_notice("feed_reset", quiet, |_| {
            Some(
                "Your feed has a new address. Subscribe to it again; the old one no longer works."
                    .into(),
            )
        });
        let feedback = FormFeedback::new(reset.value());
        view! {
            <section aria-labelledby="calendar-feed-title" id="calendar-feed" class="stack">
                <h2 id="calendar-feed-title">"Calendar feed"</h2>
                <p>"Subscribe to your events in your calendar app: every event you registered for or wait for, kept up to date. The address is personal; anyone who has it sees your events."</p>
                <FormNotice message=done tone="success" />
                <FormNotice message=feedback.general() />
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        feed.await.map(|feed| view! {
                            <p><a class="button button--secondary" href=feed.webcal.clone() rel="external">"Subscribe in my calendar app"</a></p>
                            <div class="field">
                                <label class="field__label" for="calendar-feed-url">"Feed address"</label>
                                <input id="calendar-feed-url" type="text" readonly value=feed.url.clone() />
                            </div>
                        })
                    })}
                </Suspense>
                <ActionForm action=reset attr:class="inline-form">
                    <button type="submit" class="button button--secondary button--small">"Make a new address"</button>
                    <span class="muted">"If you shared it by mistake: the old address stops working."</span>
                </ActionForm>
            </section>
        }
    }
}

impl Default for FeedSection {
    fn default() -> Self {
        Self::new()
    }
}
