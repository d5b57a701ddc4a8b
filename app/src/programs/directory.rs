//! The Mentoring Programs tab: a grid of program tiles with the viewer's own
//! status on each, a search box and a "my programs" filter.

use super::{
    api::list_program_tiles, MembershipStatus, MyMembership, ProgramDirectory, ProgramStatus,
    ProgramTile,
};
use crate::{
    accounts::UserResource,
    error::AppError,
    hub::HubSettings,
    hub::WithHub,
    ui::{CheckBox, ErrorNotice, GetForm, NoncedStyle, Pager},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ProgramDirectoryPage() -> impl IntoView {
    let query = use_query_map();
    let tiles = Resource::new(
        move || {
            let query = query.read();
            (
                query.get("q").unwrap_or_default(),
                query.get("mine").is_some_and(|mine| mine == "1"),
                crate::ui::page_param(query.get_str("page")),
            )
        },
        |(search, mine, page)| list_program_tiles(search, mine, page),
    );
    // The heading sits inside the hub-settings suspense (it is the hub's
    // label for this tab); nothing below creates a resource.
    view! {
        <WithHub render=move |hub: HubSettings| {
            view! {
                <Title text=format!("{} · {}", hub.labels.programs, hub.hub_name) />
                <section class="page stack" aria-labelledby="page-title">
                    <div class="page-header">
                        <h1 id="page-title">{hub.labels.programs.clone()}</h1>
                        <CreateProgramLink />
                    </div>
                    <Directory tiles />
                </section>
            }
        } />
    }
}

/// Hub admins create programs.
#[component]
fn CreateProgramLink() -> impl IntoView {
    let UserResource(user) = crate::context::expect();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                user.await.ok().flatten().filter(|user| user.is_hub_admin).map(|_| view! {
                    <a class="button button--primary" href="/programs/new">"Create a program"</a>
                })
            })}
        </Suspense>
    }
}

#[component]
fn Directory(tiles: Resource<Result<ProgramDirectory, AppError>>) -> impl IntoView {
    let query = use_query_map();
    let search = move || query.read().get("q").unwrap_or_default();
    let mine = move || query.read().get("mine").is_some_and(|mine| mine == "1");
    view! {
        <GetForm class="directory-filters" role="search">
            <div class="field">
                <label class="field__label" for="program-search">"Search programs"</label>
                <input id="program-search" type="search" name="q" value=search
                    placeholder="Name or topic" maxlength=crate::text::MAX_SEARCH />
            </div>
            <CheckBox label="Only my programs" name="mine" value="1" id="program-mine"
                checked=Signal::derive(mine) />
            <button type="submit" class="button button--secondary">"Show programs"</button>
        </GetForm>
        <Suspense fallback=|| view! { <p>"Loading programs…"</p> }>
            {move || Suspend::new(async move {
                match tiles.await {
                    Ok(directory) if directory.tiles.is_empty() => view! { <NoPrograms filtered=!search().is_empty() || mine() /> }.into_any(),
                    Ok(directory) => {
                        let pages = directory.page_count();
                        let (page, total) = (directory.page, directory.total);
                        let covers: String = directory
                            .tiles
                            .iter()
                            .map(|tile| cover_rule(tile.id, &tile.cover_color))
                            .collect();
                        let (search, mine) = (search(), mine());
                        let link = move |n: i64| directory_path(&search, mine, n);
                        view! {
                            <NoncedStyle css=covers />
                            <p class="muted" role="status">{directory_summary(total, page, pages)}</p>
                            <ul class="tile-grid">
                                {directory.tiles.into_iter().map(|tile| view! { <Tile tile /> }).collect_view()}
                            </ul>
                            <Pager page pages of="programs" link />
                        }
                            .into_any()
                    }
                    Err(error) => view! {
                        <ErrorNotice message=error.message_about("q") />
                    }
                        .into_any(),
                }
            })}
        </Suspense>
    }
}

/// The address of one page of the directory with its filters.
fn directory_path(search: &str, mine: bool, page: i64) -> String {
    let mut path = format!("/programs?page={page}");
    if !search.is_empty() {
        path.push_str("&q=");
        path.push_str(&crate::text::urlencode(search));
    }
    if mine {
        path.push_str("&mine=1");
    }
    path
}

/// "1000 programs · page 2 of 42", or "3 programs" when they fit on one page.
fn directory_summary(total: i64, page: i64, pages: i64) -> String {
    let count = super::admin::plural(total, "program", "programs");
    if pages > 1 {
        format!("{count} · page {page} of {pages}")
    } else {
        count
    }
}

/// A style rule giving `.cover-<id>` its colour. Colours reach a style sheet
/// (not a `style` attribute: the content security policy forbids those) and
/// only as validated `#rrggbb`.
pub fn cover_rule(program_id: i64, color: &str) -> String {
    let color = if crate::hub::is_hex_color(color) {
        color
    } else {
        super::DEFAULT_COVER_COLOR
    };
    format!(".cover-{program_id}{{--cover:{color}}}")
}

#[component]
fn NoPrograms(filtered: bool) -> impl IntoView {
    if filtered {
        view! {
            <div class="empty-state">
                <h2 class="empty-state__title">"No programs match"</h2>
                <p>"Try other words, or " <a href="/programs">"show every program"</a> "."</p>
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="empty-state">
                <h2 class="empty-state__title">"No programs are open yet"</h2>
                <p>"When the hub's admins open a mentoring program, it appears here as a tile you can open and join."</p>
            </div>
        }
        .into_any()
    }
}

#[component]
fn Tile(tile: ProgramTile) -> impl IntoView {
    let path = super::program_path(&tile.slug);
    let title_id = format!("program-{}-title", tile.id);
    let counts = member_counts(tile.mentor_count, tile.mentee_count);
    let status = (tile.status != ProgramStatus::Open)
        .then(|| view! { <span class="badge badge--draft">{tile.status.label()}</span> });
    let unlisted =
        (!tile.listed).then(|| view! { <span class="badge badge--draft">"Unlisted"</span> });
    let pending = (tile.can_manage && tile.pending_count > 0).then(|| {
        view! {
            <a class="badge badge--pending" href=format!("{path}/admin/applications")>
                {format!("{} to review", tile.pending_count)}
            </a>
        }
    });
    view! {
        <li class="tile">
            <div class=format!("tile__cover cover-{}", tile.id) aria-hidden="true"></div>
            <div class="tile__body">
                <h2 class="tile__title" id=title_id>
                    <a href=path>{tile.name.clone()}</a>
                </h2>
                <p class="tile__summary">{tile.summary.clone()}</p>
                <p class="tile__meta">
                    <MembershipBadge membership=tile.my_membership.clone() />
                    {status}
                    {unlisted}
                    {pending}
                    <span>{counts}</span>
                </p>
            </div>
        </li>
    }
}

/// "1 mentor · 3 mentees": a program's approved members by role.
pub fn member_counts(mentors: i64, mentees: i64) -> String {
    format!(
        "{} · {}",
        super::admin::plural(mentors, "mentor", "mentors"),
        super::admin::plural(mentees, "mentee", "mentees")
    )
}

/// The viewer's own status in a program, in words (colour only repeats it).
#[component]
pub fn MembershipBadge(membership: Option<MyMembership>) -> impl IntoView {
    let (class, text) = match &membership {
        None => ("badge", "Not joined".to_owned()),
        Some(m) => match m.status {
            MembershipStatus::Pending => (
                "badge badge--pending",
                format!("Pending approval as {}", m.role.label().to_lowercase()),
            ),
            MembershipStatus::Approved => (
                "badge badge--member",
                format!("Member as {}", m.role.label().to_lowercase()),
            ),
            MembershipStatus::Declined => ("badge badge--declined", "Declined".to_owned()),
            MembershipStatus::Withdrawn | MembershipStatus::Left | MembershipStatus::Removed => {
                ("badge", "Not joined".to_owned())
            }
        },
    };
    view! { <span class=class>{text}</span> }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cover_rules_only_carry_validated_colours() {
        assert_eq!(super::cover_rule(7, "#12abef"), ".cover-7{--cover:#12abef}");
        assert_eq!(
            super::cover_rule(7, "red;}body{display:none"),
            ".cover-7{--cover:#1f7a4d}"
        );
    }

    #[test]
    fn page_links_keep_the_filters_and_the_summary_counts_every_page() {
        assert_eq!(super::directory_path("", false, 2), "/programs?page=2");
        assert_eq!(
            super::directory_path("data & ai", true, 3),
            "/programs?page=3&q=data%20%26%20ai&mine=1"
        );
        assert_eq!(super::directory_summary(1, 1, 1), "1 program");
        assert_eq!(super::directory_summary(24, 1, 1), "24 programs");
        assert_eq!(
            super::directory_summary(1000, 2, 42),
            "1000 programs · page 2 of 42"
        );
    }
}
