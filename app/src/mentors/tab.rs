//! `/programs/:slug/mentors`: the program's mentors as cards with filters
//! and sorts, favorites and requests for mentees, and the viewer's own
//! mentoring (their mentor, or their mentees and places) above them.

use super::{
    api::{get_mentors_tab, EndMentorship, SetFavorite, UpdateMyPlaces},
    offset_label, MentorCard, MentorSort, MentorsTab, Mentorship, MyMentoring,
};
use crate::{
    error::AppError,
    programs::{
        admin::{flag_notice, Reloads},
        api::get_program_page,
        home::ProgramHeader,
        MatchingMode, Role,
    },
    ui::{
        set_page_status, Avatar, CheckBox, ErrorNotice, FormFeedback, FormNotice, GetForm, Pager,
        SignInPrompt,
    },
};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};

/// The slug of the current route.
pub fn use_slug() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("slug").unwrap_or_default())
}

#[component]
pub fn MentorsTabPage() -> impl IntoView {
    let slug = use_slug();
    let location = use_location();
    let query = use_query_map();
    let places = ServerAction::<UpdateMyPlaces>::new();
    let end = ServerAction::<EndMentorship>::new();
    let reloads = Reloads::new();
    reloads.after(places.value());
    reloads.after(end.value());
    let page = Resource::new(move || slug.get(), get_program_page);
    let tab = Resource::new(
        move || (slug.get(), location.search.get(), reloads.get()),
        move |(slug, _, _)| {
            let q = query.get_untracked();
            let get = |key: &str| q.get(key).unwrap_or_default();
            get_mentors_tab(
                slug,
                get("q"),
                get("expertise"),
                get("language"),
                get("within"),
                get("places"),
                get("favorites"),
                get("sort"),
                crate::ui::page_param(q.get_str("page")),
            )
        },
    );
    view! {
        <ProgramHeader page />
        <div class="page program-section">
            <Transition fallback=|| view! { <p>"Loading mentors…"</p> }>
                {move || Suspend::new(async move {
                    match tab.await {
                        Ok(tab) => view! { <Tab tab places end /> }.into_any(),
                        Err(AppError::Forbidden) => {
                            set_page_status(403);
                            view! {
                                <h2 id="tab-title">"Mentors is for members"</h2>
                                <div class="empty-state">
                                    <p>"Only the program's approved members see its mentors. Join from the About tab; once an admin approves you, this tab opens."</p>
                                </div>
                            }.into_any()
                        }
                        Err(AppError::Unauthorized) => view! {
                            <SignInPrompt heading="Mentors is for members".to_owned() heading_id="tab-title" />
                        }.into_any(),
                        Err(AppError::NotFound) => ().into_any(),
                        Err(error) => view! { <ErrorNotice message=error.message_about("q") /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn Tab(
    tab: MentorsTab,
    places: ServerAction<UpdateMyPlaces>,
    end: ServerAction<EndMentorship>,
) -> impl IntoView {
    let places_feedback = FormFeedback::new(places.value());
    let end_feedback = FormFeedback::new(end.value());
    let quiet = Signal::derive(move || {
        places_feedback.error().get().is_some() || end_feedback.error().get().is_some()
    });
    let saved = flag_notice("saved", quiet, |_| Some("Your places are saved.".into()));
    let ended = flag_notice("ended", quiet, |_| Some("The mentorship has ended.".into()));
    let pages = tab.page_count();
    let query = tab.filters.query();
    let base = format!("{}/mentors", tab.program_path);
    let link = {
        let (base, query) = (base.clone(), query.clone());
        move |n: i64| {
            if query.is_empty() {
                format!("{base}?page={n}")
            } else {
                format!("{base}?{query}&page={n}")
            }
        }
    };
    let back = if tab.page > 1 {
        if query.is_empty() {
            format!("page={}", tab.page)
        } else {
            format!("{query}&page={}", tab.page)
        }
    } else {
        query.clone()
    };
    let favorite = ServerAction::<SetFavorite>::new();
    let cards_body = if tab.browsing_hidden {
        view! {
            <div class="empty-state">
                <h3 class="empty-state__title">"The admins match mentors and mentees here"</h3>
                <p>"In this program the admins pair each mentee with a mentor, using the answers you gave when joining. You will get an email, and your mentor will appear on this tab, once you are matched."</p>
            </div>
        }
        .into_any()
    } else if tab.cards.is_empty() {
        let filtered = tab.filters != super::MentorFilters::default();
        view! {
            <div class="empty-state">
                <h3 class="empty-state__title">{if filtered { "No mentors match these filters" } else { "No mentors yet" }}</h3>
                <p>{if filtered {
                    "Try fewer filters, or include mentors who are full."
                } else {
                    "Mentors appear here once an admin approves them."
                }}</p>
            </div>
        }
        .into_any()
    } else {
        let can_favorite = tab.can_favorite();
        let can_request = tab.can_request() && tab.me.request_refusal.is_none();
        let program_id = tab.program_id;
        let path = tab.program_path.clone();
        let cards = tab
            .cards
            .iter()
            .cloned()
            .map(|card| {
                let back = back.clone();
                let path = path.clone();
                view! { <Card card program_id path can_favorite can_request favorite back /> }
            })
            .collect_view();
        view! {
            <p class="muted" role="status">{summary(tab.total, tab.page, pages)}</p>
            <ul class="mentor-grid">{cards}</ul>
            <Pager page=tab.page pages of="mentors" link />
        }
        .into_any()
    };
    view! {
        <h2 id="tab-title">"Mentors"</h2>
        <FormNotice message=saved tone="success" />
        <FormNotice message=ended tone="success" />
        <FormNotice message=places_feedback.general() />
        <FormNotice message=end_feedback.general() />
        <MyPanel tab=tab.clone() places end places_feedback end_feedback />
        {(!tab.browsing_hidden).then(|| view! { <Filters tab=tab.clone() /> })}
        {cards_body}
    }
}

fn summary(total: i64, page: i64, pages: i64) -> String {
    let count = crate::programs::admin::plural(total, "mentor", "mentors");
    if pages > 1 {
        format!("{count} · page {page} of {pages}")
    } else {
        count
    }
}

#[component]
fn Filters(tab: MentorsTab) -> impl IntoView {
    let filters = tab.filters.clone();
    let option = |value: String, selected: &str| {
        let is = value == selected;
        view! { <option value=value.clone() selected=is>{value.clone()}</option> }
    };
    let expertise = tab
        .expertise_options
        .iter()
        .map(|tag| option(tag.clone(), &filters.expertise))
        .collect_view();
    let languages = tab
        .language_options
        .iter()
        .map(|language| option(language.clone(), &filters.language))
        .collect_view();
    let within = filters.within_hours;
    let sorts = MentorSort::ALL
        .iter()
        .map(|sort| view! { <option value=sort.as_str() selected=*sort == filters.sort>{sort.label()}</option> })
        .collect_view();
    let favorites_only = filters.favorites_only;
    view! {
        <GetForm class="directory-filters mentor-filters" role="search">
            <div class="field">
                <label class="field__label" for="mentor-search">"Search mentors"</label>
                <input id="mentor-search" type="search" name="q" value=filters.search.clone()
                    placeholder="Name, headline or topic" maxlength=crate::text::MAX_SEARCH />
            </div>
            <div class="field">
                <label class="field__label" for="mentor-expertise">"Expertise"</label>
                <select id="mentor-expertise" name="expertise">
                    <option value="">"Any"</option>
                    {expertise}
                </select>
            </div>
            <div class="field">
                <label class="field__label" for="mentor-language">"Language"</label>
                <select id="mentor-language" name="language">
                    <option value="">"Any"</option>
                    {languages}
                </select>
            </div>
            <div class="field">
                <label class="field__label" for="mentor-within">"Time zone"</label>
                <select id="mentor-within" name="within">
                    <option value="" selected=within.is_none()>"Anywhere"</option>
                    {[1, 3, 6].into_iter().map(|h| view! {
                        <option value=h.to_string() selected=within == Some(h)>{format!("Within ±{h} h of me")}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label class="field__label" for="mentor-places">"Places"</label>
                <select id="mentor-places" name="places">
                    <option value="open" selected=filters.open_only>"With open places"</option>
                    <option value="any" selected=!filters.open_only>"Everyone, full or not"</option>
                </select>
            </div>
            <div class="field">
                <label class="field__label" for="mentor-sort">"Sort by"</label>
                <select id="mentor-sort" name="sort">{sorts}</select>
            </div>
            {tab.can_favorite().then(|| view! {
                <CheckBox label="Only my favorites" name="favorites" value="1" id="mentor-favorites"
                    checked=Signal::derive(move || favorites_only) />
            })}
            <button type="submit" class="button button--secondary">"Show mentors"</button>
        </GetForm>
    }
}

#[component]
fn Card(
    card: MentorCard,
    program_id: i64,
    path: String,
    can_favorite: bool,
    can_request: bool,
    favorite: ServerAction<SetFavorite>,
    back: String,
) -> impl IntoView {
    let mentor_id = card.user_id;
    // Shown at once on a click (optimistic), then what the server said.
    let marked = RwSignal::new(card.favorite);
    let shown = Signal::derive(move || match favorite.input().get() {
        Some(input) if input.mentor_id == mentor_id => input.on,
        _ => marked.get(),
    });
    Effect::new(move |_| {
        if let Some(Ok((id, on))) = favorite.value().get() {
            if id == mentor_id {
                marked.set(on);
            }
        }
    });
    let time = match (&card.local_time, card.offset_from_viewer) {
        (Some(local), Some(offset)) => format!("{local} local time ({})", offset_label(offset)),
        (Some(local), None) => format!("{local} local time"),
        _ => "Time zone not given".to_owned(),
    };
    let name = card.name.clone();
    let score = card.score.clone();
    let places_class = if card.places.has_room() {
        "badge badge--member"
    } else {
        "badge badge--draft"
    };
    let request = (can_request && card.places.has_room() && !card.requested).then(|| {
        view! {
            <a class="button button--primary button--small" href=format!("{path}/mentors/{mentor_id}/request")>
                "Ask to be my mentor"
                <span class="visually-hidden">{format!(" ({})", card.name)}</span>
            </a>
        }
    });
    let requested = card
        .requested
        .then(|| view! { <span class="badge badge--pending">"Request sent"</span> });
    view! {
        <li class="card mentor-card" id=format!("mentor-{mentor_id}")>
            <div class="mentor-card__head">
                <Avatar name=card.name.clone() />
                <div>
                    <h3 class="card__title"><a href=format!("/members/{mentor_id}")>{card.name.clone()}</a></h3>
                    {(!card.headline.is_empty()).then(|| view! { <p class="muted">{card.headline.clone()}</p> })}
                </div>
            </div>
            <p class="cluster">
                <span class=places_class>{card.places.label()}</span>
                <span class="muted">{time}</span>
            </p>
            {(!card.expertise.is_empty()).then(|| view! {
                <ul class="cluster tag-list" aria-label=format!("Expertise of {}", card.name)>
                    {card.expertise.iter().map(|tag| view! { <li class="badge">{tag.clone()}</li> }).collect_view()}
                </ul>
            })}
            {(!card.languages.is_empty()).then(|| view! {
                <p><span class="muted">"Speaks "</span>{card.languages.join(", ")}</p>
            })}
            {(!card.card_answers.is_empty()).then(|| view! {
                <dl class="mentor-card__answers">
                    {card.card_answers.iter().map(|(prompt, value)| view! {
                        <dt>{prompt.clone()}</dt><dd>{value.clone()}</dd>
                    }).collect_view()}
                </dl>
            })}
            {score.map(|score| view! {
                <details class="mentor-card__score">
                    <summary>{format!("Match for you: {} points", score.total())}</summary>
                    <ul>{score.explain().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                </details>
            })}
            <div class="cluster">
                {can_favorite.then(|| view! {
                    <ActionForm action=favorite attr:class="mentor-card__favorite">
                        <input type="hidden" name="program_id" value=program_id />
                        <input type="hidden" name="mentor_id" value=mentor_id />
                        <input type="hidden" name="on" value=move || if shown.get() { "false" } else { "true" } />
                        <input type="hidden" name="back" value=back.clone() />
                        <button type="submit" class="button button--secondary button--small"
                            aria-pressed=move || if shown.get() { "true" } else { "false" }>
                            {move || if shown.get() { "★ Favorite" } else { "☆ Mark as favorite" }}
                            <span class="visually-hidden">{format!(" ({name})")}</span>
                        </button>
                    </ActionForm>
                })}
                {request}
                {requested}
            </div>
        </li>
    }
}

#[component]
fn MyPanel(
    tab: MentorsTab,
    places: ServerAction<UpdateMyPlaces>,
    end: ServerAction<EndMentorship>,
    places_feedback: FormFeedback,
    end_feedback: FormFeedback,
) -> impl IntoView {
    let me: MyMentoring = tab.me.clone();
    let program_id = tab.program_id;
    let requests_link =
        (tab.mode == MatchingMode::MenteeRequests && me.role.is_some()).then(|| {
            let text = match me.role {
                Some(Role::Mentor) => format!("Requests to you ({} waiting)", me.pending_received),
                _ => format!("Your requests ({} waiting)", me.pending_sent),
            };
            view! { <p><a href=format!("{}/requests", tab.program_path)>{text}</a></p> }
        });
    let body = match me.role {
        Some(Role::Mentee) => {
            let mentor = me.mentorships.first().cloned();
            view! {
                <h3>"Your mentor"</h3>
                {match mentor {
                    Some(m) => view! { <MentorshipItem m program_id end feedback=end_feedback other_is_mentor=true /> }.into_any(),
                    None => view! {
                        <p>{match tab.mode {
                            MatchingMode::MenteeRequests => "You have no mentor yet. Ask one of the mentors below; they accept or decline by email.",
                            MatchingMode::MenteeFavorites => "You have no mentor yet. Mark the mentors you would like as favorites: the admins consider them when matching.",
                            MatchingMode::AdminMatch => "You have no mentor yet. The admins will match you and let you know by email.",
                        }}</p>
                        {me.request_refusal.clone().map(|why| view! { <p class="muted">{why}</p> })}
                        {(me.favorites > 0).then(|| view! { <p class="muted">{crate::programs::admin::plural(me.favorites, "favorite", "favorites")} " marked."</p> })}
                    }.into_any(),
                }}
            }
            .into_any()
        }
        Some(Role::Mentor) => {
            let settings = me.settings.clone();
            let mentees = me.mentorships.clone();
            view! {
                <h3>"Your mentees"</h3>
                {if mentees.is_empty() {
                    view! { <p>"No mentees yet."</p> }.into_any()
                } else {
                    view! {
                        <ul class="stack">
                            {mentees.into_iter().map(|m| view! { <MentorshipItem m program_id end feedback=end_feedback other_is_mentor=false /> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                {settings.map(|s| view! { <PlacesForm settings=s program_id places feedback=places_feedback /> })}
            }
            .into_any()
        }
        None => view! {
            <p>"You manage this program. Match mentors and mentees from the program's "
                <a href=format!("{}/admin/matching", tab.program_path)>"matching page"</a> "."</p>
        }
        .into_any(),
    };
    view! {
        <section class="card stack my-mentoring" aria-labelledby="my-mentoring-title">
            <h2 id="my-mentoring-title" class="visually-hidden">"Your mentoring"</h2>
            {body}
            {requests_link}
        </section>
    }
}

#[component]
fn MentorshipItem(
    m: Mentorship,
    program_id: i64,
    end: ServerAction<EndMentorship>,
    feedback: FormFeedback,
    other_is_mentor: bool,
) -> impl IntoView {
    let other = if other_is_mentor {
        m.mentor.clone()
    } else {
        m.mentee.clone()
    };
    let id = m.id;
    let reason_id = format!("end-reason-{id}");
    let note_id = format!("end-note-{id}");
    view! {
        <div class="mentorship">
            <p>
                <a href=format!("/members/{}", other.user_id)>{other.name.clone()}</a>
                " · " <a href=format!("mailto:{}", other.email)>{other.email.clone()}</a>
                <span class="muted">" · since " {crate::programs::admin::day(m.started_at)}</span>
            </p>
            <details>
                <summary>"End this mentorship" <span class="visually-hidden">{format!(" with {}", other.name)}</span></summary>
                <ActionForm action=end attr:class="stack">
                    <input type="hidden" name="program_id" value=program_id />
                    <input type="hidden" name="mentorship_id" value=id />
                    <div class="field">
                        <label class="field__label" for=reason_id.clone()>"Why it ends"</label>
                        <select id=reason_id name="reason">
                            {super::EndReason::ALL.iter().map(|r| view! { <option value=r.as_str()>{r.label()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label class="field__label" for=note_id.clone()>"Note (optional)"</label>
                        <textarea id=note_id name="note" rows="2" maxlength=super::MAX_RESPONSE>{feedback.value_or("note", String::new)}</textarea>
                        <crate::ui::FieldError id=format!("end-note-{id}-error") error=feedback.field("note") />
                    </div>
                    <button type="submit" class="button button--danger button--small">"End mentorship"</button>
                </ActionForm>
            </details>
        </div>
    }
}

#[component]
fn PlacesForm(
    settings: super::MentorSettings,
    program_id: i64,
    places: ServerAction<UpdateMyPlaces>,
    feedback: FormFeedback,
) -> impl IntoView {
    let own = settings
        .own_capacity
        .map(|c| c.to_string())
        .unwrap_or_default();
    let paused = settings.places.paused;
    let help = format!(
        "{} Leave empty for the program's default ({}); at most {}.",
        settings.places.label(),
        settings.default_capacity,
        settings.max_capacity
    );
    view! {
        <ActionForm action=places attr:class="stack places-form">
            <input type="hidden" name="program_id" value=program_id />
            <div class="field">
                <label class="field__label" for="field-capacity">"How many mentees you take"</label>
                <input id="field-capacity" name="capacity" type="number" min="1" max=settings.max_capacity
                    value=feedback.value_or("capacity", move || own.clone())
                    aria-describedby="field-capacity-help field-capacity-error"
                    aria-invalid=move || feedback.field("capacity").get().is_some().then_some("true") />
                <p class="field__help" id="field-capacity-help">{help}</p>
                <crate::ui::FieldError id="field-capacity-error" error=feedback.field("capacity") />
            </div>
            {settings.capacity_override.map(|c| view! {
                <p class="muted">{format!("An admin set your places to {c}. {}", settings.capacity_note)}</p>
            })}
            <CheckBox label="Taking new mentees now" name="taking" checked=Signal::derive(move || !paused) />
            <button type="submit" class="button button--secondary button--small">"Save my places"</button>
        </ActionForm>
    }
}
