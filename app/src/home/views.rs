//! The home page: the hub's welcome for a visitor, the member's own
//! overview once signed in.

use super::{
    api::get_home, Decision, FollowedThread, HomeEvent, MemberHome, MyProgram, NewResource,
    Partner, WaitingRequest, NEW_ANSWER_DAYS,
};
use crate::{
    events::RegistrationStatus,
    hub::{HomePage as Welcome, HubSettings, WithHub},
    programs::MembershipStatus,
    ui::ErrorNotice,
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let home = Resource::new(|| (), |_| get_home());
    view! {
        <Suspense fallback=|| view! { <p class="page">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(Some(home)) => view! { <MemberHomeView home /> }.into_any(),
                    Ok(None) => view! { <Welcome /> }.into_any(),
                    Err(error) => view! { <ErrorNotice message=error.to_string() class="page" /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MemberHomeView(home: MemberHome) -> impl IntoView {
    let MemberHome {
        name,
        programs,
        more_programs,
        partners,
        requests,
        requests_total,
        my_events,
        next_events,
        answers,
        resources,
        admin,
        decisions,
    } = home;
    let decisions = admin.then(|| view! { <DecisionsBlock decisions /> });
    let requests =
        (requests_total > 0).then(|| view! { <RequestsBlock requests total=requests_total /> });
    view! {
        <WithHub render=|hub: HubSettings| view! { <Title text=hub.hub_name.clone() /> } />
        <section class="page stack" aria-labelledby="page-title">
            <h1 id="page-title">{format!("Welcome back, {name}")}</h1>
            <div class="home-grid">
                {decisions}
                {requests}
                <ProgramsBlock programs more=more_programs />
                <MentoringBlock partners />
                <EventsBlock mine=my_events next=next_events />
                <AnswersBlock answers />
                <ResourcesBlock resources />
            </div>
        </section>
    }
}

/// One block of the home page: a card with its heading, its rows (or
/// what it says when there are none), and where to go from it.
#[component]
fn Block(
    id: &'static str,
    #[prop(into)] title: String,
    link: (&'static str, &'static str),
    children: Children,
) -> impl IntoView {
    let (href, text) = link;
    view! {
        <section class="card home-block" aria-labelledby=id>
            <h2 id=id class="card__title">{title}</h2>
            {children()}
            <p class="home-block__more">
                <a href=href>{text}</a>
            </p>
        </section>
    }
}

fn and_more(more: i64, what: &'static str) -> Option<impl IntoView> {
    (more > 0).then(|| view! { <p class="muted">{format!("and {more} more {what}")}</p> })
}

#[component]
fn DecisionsBlock(decisions: Vec<Decision>) -> impl IntoView {
    let body = if decisions.is_empty() {
        view! { <p class="muted">"Nothing waits for your decision."</p> }.into_any()
    } else {
        let rows = decisions
            .into_iter()
            .map(|d| {
                let applications = (d.applications > 0).then(|| {
                    let text = plural(d.applications, "application", "applications");
                    view! { <li><a href=d.applications_path()>{text}</a>" to review"</li> }
                });
                let unmatched = (d.unmatched > 0).then(|| {
                    let text = plural(d.unmatched, "mentee without a mentor", "mentees without a mentor");
                    view! { <li><a href=d.matching_path()>{text}</a></li> }
                });
                view! {
                    <li class="home-row">
                        <a class="home-row__title" href=d.program_path.clone()>{d.program_name.clone()}</a>
                        <ul class="home-row__facts">{applications}{unmatched}</ul>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="home-list">{rows}</ul> }.into_any()
    };
    view! {
        <Block id="decisions-title" title="Waiting for your decision" link=("/programs", "All programs")>
            {body}
        </Block>
    }
}

#[component]
fn RequestsBlock(requests: Vec<WaitingRequest>, total: i64) -> impl IntoView {
    let more = total - requests.len() as i64;
    let rows = requests
        .into_iter()
        .map(|r| {
            view! {
                <li class="home-row">
                    <a class="home-row__title" href=r.path.clone()>
                        {format!("{} asks you to be their mentor", r.mentee_name)}
                    </a>
                    <span class="muted">{format!("{} · answer by {}", r.program_name, r.expires)}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <Block id="requests-title" title="Requests for you" link=("/programs", "Your programs")>
            <ul class="home-list">{rows}</ul>
            {and_more(more, "waiting")}
        </Block>
    }
}

fn program_badge(program: &MyProgram) -> impl IntoView {
    let membership = program.membership.map(|(role, status)| match status {
        MembershipStatus::Pending => view! {
            <span class="badge badge--pending">{format!("Pending approval as {}", role.label().to_lowercase())}</span>
        }
        .into_any(),
        _ => view! { <span class="badge badge--member">{role.label()}</span> }.into_any(),
    });
    let admin = program
        .admin
        .then(|| view! { <span class="badge">"Admin"</span> });
    view! { <span class="cluster">{membership}{admin}</span> }
}

#[component]
fn ProgramsBlock(programs: Vec<MyProgram>, more: i64) -> impl IntoView {
    let body = if programs.is_empty() {
        view! { <p class="muted">"You have not joined a program yet. Find one that suits you and apply as a mentor or a mentee."</p> }.into_any()
    } else {
        let rows = programs
            .into_iter()
            .map(|p| {
                let badge = program_badge(&p);
                view! {
                    <li class="home-row">
                        <a class="home-row__title" href=p.path.clone()>{p.name.clone()}</a>
                        {badge}
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="home-list">{rows}</ul> }.into_any()
    };
    view! {
        <Block id="programs-title" title="Your programs" link=("/programs", "Browse programs")>
            {body}
            {and_more(more, "programs")}
        </Block>
    }
}

#[component]
fn MentoringBlock(partners: Vec<Partner>) -> impl IntoView {
    let body = if partners.is_empty() {
        view! { <p class="muted">"Once you are matched with a mentor or a mentee, they are listed here."</p> }.into_any()
    } else {
        let rows = partners
            .into_iter()
            .map(|p| {
                let what = if p.is_mentor { "Your mentor" } else { "Your mentee" };
                view! {
                    <li class="home-row">
                        <span>
                            {format!("{what} ")}
                            <a class="home-row__title" href=format!("/members/{}", p.user_id)>{p.name.clone()}</a>
                        </span>
                        <span class="muted">
                            <a href=p.path.clone()>{p.program_name.clone()}</a>
                            {format!(" · since {}", p.since)}
                        </span>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="home-list">{rows}</ul> }.into_any()
    };
    view! {
        <Block id="mentoring-title" title="Your mentoring" link=("/profile", "Your profile")>
            {body}
        </Block>
    }
}

fn event_row(event: HomeEvent) -> impl IntoView {
    let badge = if event.cancelled {
        Some(view! { <span class="badge badge--declined">"Cancelled"</span> }.into_any())
    } else {
        event.status.map(|status| {
            let class = if status == RegistrationStatus::Waitlisted {
                "badge badge--pending"
            } else {
                "badge badge--member"
            };
            view! { <span class=class>{status.label()}</span> }.into_any()
        })
    };
    view! {
        <li class="home-row">
            <a class="home-row__title" href=event.path.clone()>{event.title.clone()}</a>
            <span class="muted">{format!("{} · {}", event.when, event.space)}</span>
            {badge}
        </li>
    }
}

#[component]
fn EventsBlock(mine: Vec<HomeEvent>, next: Vec<HomeEvent>) -> impl IntoView {
    let mine = if mine.is_empty() {
        view! { <p class="muted">"You have not registered for a coming event."</p> }.into_any()
    } else {
        view! { <ul class="home-list">{mine.into_iter().map(event_row).collect_view()}</ul> }
            .into_any()
    };
    let next = (!next.is_empty()).then(|| {
        view! {
            <h3 id="next-events-title" class="home-block__subtitle">"Coming up"</h3>
            <ul class="home-list" aria-labelledby="next-events-title">
                {next.into_iter().map(event_row).collect_view()}
            </ul>
        }
    });
    view! {
        <Block id="events-title" title="Your events" link=("/events", "All events")>
            {mine}
            {next}
        </Block>
    }
}

#[component]
fn AnswersBlock(answers: Vec<FollowedThread>) -> impl IntoView {
    let body = if answers.is_empty() {
        view! {
            <p class="muted">
                {format!("No new answers in the last {NEW_ANSWER_DAYS} days in the threads you follow.")}
            </p>
        }
        .into_any()
    } else {
        let rows = answers
            .into_iter()
            .map(|t| {
                let count = plural(t.new_answers, "new answer", "new answers");
                view! {
                    <li class="home-row">
                        <a class="home-row__title" href=t.path.clone()>{t.title.clone()}</a>
                        <span class="muted">{format!("{count} · {} · latest {}", t.space, t.latest)}</span>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="home-list">{rows}</ul> }.into_any()
    };
    view! {
        <Block id="answers-title" title="New answers for you" link=("/discussion?scope=following", "Threads you follow")>
            {body}
        </Block>
    }
}

#[component]
fn ResourcesBlock(resources: Vec<NewResource>) -> impl IntoView {
    let body = if resources.is_empty() {
        view! { <p class="muted">"Nothing new in the resources since your last look."</p> }
            .into_any()
    } else {
        let rows = resources
            .into_iter()
            .map(|r| {
                view! {
                    <li class="home-row">
                        <a class="home-row__title" href=r.path.clone()>{r.title.clone()}</a>
                        <span class="muted">{format!("{} · added {}", r.space, r.added)}</span>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="home-list">{rows}</ul> }.into_any()
    };
    view! {
        <Block id="resources-title" title="New resources" link=("/resources", "The hub's resources")>
            {body}
        </Block>
    }
}

fn plural(count: i64, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}
