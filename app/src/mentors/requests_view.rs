//! `/programs/:slug/mentors/:mentor/request` (a mentee asks a mentor) and
//! `/programs/:slug/requests` (what the viewer sent and received, with the
//! answers a mentor gives).

use super::{
    api::{get_request_form, get_requests, AnswerRequest, SendRequest, WithdrawRequest},
    tab::use_slug,
    RequestRecord, RequestStatus, RequestsPage, MAX_REQUEST_MESSAGE, MAX_RESPONSE,
};
use crate::{
    error::AppError,
    programs::admin::{day, flag_notice, Reloads},
    ui::{
        set_page_status, AdminsOnly, ErrorNotice, Field, FieldError, FormFeedback, FormNotice,
        NotFound, Page, SignInPrompt,
    },
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

fn refusal_panel(error: AppError, what: &'static str) -> AnyView {
    match error {
        AppError::Unauthorized => view! { <SignInPrompt /> }.into_any(),
        AppError::NotFound => view! { <NotFound /> }.into_any(),
        AppError::Forbidden => view! {
            <AdminsOnly title=what text="This page is for the program's mentors and mentees, in programs where mentees ask mentors directly." />
        }
        .into_any(),
        error => view! { <section class="page page--narrow"><ErrorNotice message=error.to_string() /></section> }.into_any(),
    }
}

#[component]
pub fn RequestFormPage() -> impl IntoView {
    let slug = use_slug();
    let params = use_params_map();
    let mentor = Memo::new(move |_| {
        params
            .read()
            .get("mentor")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    });
    let send = ServerAction::<SendRequest>::new();
    let form = Resource::new(
        move || (slug.get(), mentor.get()),
        |(slug, mentor)| get_request_form(slug, mentor),
    );
    let feedback = FormFeedback::new(send.value());
    view! {
        <Suspense fallback=|| view! { <p class="page">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match form.await {
                    Ok(form) => {
                        let template = form.template.clone();
                        let heading = format!("Ask {} to be your mentor", form.mentor_name);
                        let title = format!("{heading} · {}", form.program_name);
                        view! {
                            <Page heading title>
                                <p><a href=format!("{}/mentors", form.program_path)>"Back to the mentors"</a></p>
                                <p>
                                    <strong>{form.mentor_name.clone()}</strong>
                                    {(!form.mentor_headline.is_empty()).then(|| format!(" · {}", form.mentor_headline))}
                                    <span class="muted">{format!(" · {}", form.places_label)}</span>
                                </p>
                                {match form.refusal.clone() {
                                    Some(why) => view! { <p class="notice notice--error" role="alert">{why}</p> }.into_any(),
                                    None => view! {
                                        <FormNotice message=feedback.general() />
                                        <ActionForm action=send attr:class="stack">
                                            <input type="hidden" name="program_id" value=form.program_id />
                                            <input type="hidden" name="mentor_id" value=form.mentor_id />
                                            <Field label="Your message" name="message" rows=10 feedback
                                                value=Signal::derive(move || template.clone())
                                                help="Say what you hope to work on, why this mentor, and how often you would like to meet. The mentor reads it in an email." />
                                            <p class="muted">{format!("At most {MAX_REQUEST_MESSAGE} characters. The mentor accepts or declines; you can withdraw the request while it waits.")}</p>
                                            <button type="submit" class="button button--primary">"Send the request"</button>
                                        </ActionForm>
                                    }.into_any(),
                                }}
                            </Page>
                        }
                        .into_any()
                    }
                    Err(error) => refusal_panel(error, "Requests are not open here"),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn RequestsListPage() -> impl IntoView {
    let slug = use_slug();
    let withdraw = ServerAction::<WithdrawRequest>::new();
    let answer = ServerAction::<AnswerRequest>::new();
    let reloads = Reloads::new();
    reloads.after(withdraw.value());
    reloads.after(answer.value());
    let page = Resource::new(
        move || (slug.get(), reloads.get()),
        |(slug, _)| get_requests(slug),
    );
    let withdraw_feedback = FormFeedback::new(withdraw.value());
    let answer_feedback = FormFeedback::new(answer.value());
    let quiet = Signal::derive(move || {
        withdraw_feedback.error().get().is_some() || answer_feedback.error().get().is_some()
    });
    let notices = [
        flag_notice("sent", quiet, |_| {
            Some("Your request is sent. The mentor gets an email and answers here.".into())
        }),
        flag_notice("withdrawn", quiet, |_| {
            Some("The request is withdrawn.".into())
        }),
        flag_notice("accepted", quiet, |_| {
            Some("You accepted: your new mentee is on the Mentors tab.".into())
        }),
        flag_notice("declined", quiet, |_| {
            Some("You declined the request; the mentee has been told.".into())
        }),
    ];
    view! {
        <Suspense fallback=|| view! { <p class="page">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => {
                        let title = format!("Mentorship requests · {}", page.program_name);
                        view! {
                            <Page heading="Mentorship requests" title class="page stack">
                                <p><a href=format!("{}/mentors", page.program_path)>{format!("Back to the mentors of {}", page.program_name)}</a></p>
                                {notices.map(|message| view! { <FormNotice message tone="success" /> })}
                                <FormNotice message=withdraw_feedback.general() />
                                <FormNotice message=answer_feedback.general() />
                                <Lists page withdraw answer answer_feedback />
                            </Page>
                        }
                        .into_any()
                    }
                    Err(error) => {
                        if error == AppError::Forbidden {
                            set_page_status(403);
                        }
                        refusal_panel(error, "For the program's members")
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn Lists(
    page: RequestsPage,
    withdraw: ServerAction<WithdrawRequest>,
    answer: ServerAction<AnswerRequest>,
    answer_feedback: FormFeedback,
) -> impl IntoView {
    let program_id = page.program_id;
    let received = page.received.clone();
    let sent = page.sent.clone();
    view! {
        <section class="stack" aria-labelledby="received-title">
            <h2 id="received-title">"Requests to you"</h2>
            {if received.is_empty() {
                view! { <p class="muted">"Nobody has asked you yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="stack">
                        {received.into_iter().map(|r| view! { <Received r program_id answer feedback=answer_feedback /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="stack" aria-labelledby="sent-title">
            <h2 id="sent-title">"Requests you sent"</h2>
            {if sent.is_empty() {
                view! { <p class="muted">"You have not asked a mentor yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="stack">
                        {sent.into_iter().map(|r| view! { <Sent r program_id withdraw /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

fn status_badge(status: RequestStatus) -> &'static str {
    match status {
        RequestStatus::Pending => "badge badge--pending",
        RequestStatus::Accepted => "badge badge--member",
        _ => "badge badge--draft",
    }
}

#[component]
fn Received(
    r: RequestRecord,
    program_id: i64,
    answer: ServerAction<AnswerRequest>,
    feedback: FormFeedback,
) -> impl IntoView {
    let id = r.id;
    let response_id = format!("response-{id}");
    let pending = r.status == RequestStatus::Pending;
    view! {
        <li class="card stack request" id=format!("request-{id}")>
            <h3 class="card__title">
                <a href=format!("/members/{}", r.mentee.user_id)>{r.mentee.name.clone()}</a>
                " " <span class=status_badge(r.status)>{r.status.label()}</span>
            </h3>
            <p class="muted">{format!("Sent {} · expires {}", day(r.created_at), day(r.expires_at))}</p>
            <p class="request__message">{r.message.clone()}</p>
            {(!r.response.is_empty()).then(|| view! { <p><span class="muted">"Your answer: "</span>{r.response.clone()}</p> })}
            {pending.then(|| view! {
                <ActionForm action=answer attr:class="stack">
                    <input type="hidden" name="program_id" value=program_id />
                    <input type="hidden" name="request_id" value=id />
                    <div class="field">
                        <label class="field__label" for=response_id.clone()>{format!("A message for {} (optional)", r.mentee.name)}</label>
                        <textarea id=response_id name="response" rows="3" maxlength=MAX_RESPONSE
                            aria-describedby=format!("response-{id}-error")>{feedback.value_or("response", String::new)}</textarea>
                        <FieldError id=format!("response-{id}-error") error=feedback.field("response") />
                    </div>
                    <div class="cluster">
                        <button type="submit" name="decision" value="accept" class="button button--primary">"Accept"</button>
                        <button type="submit" name="decision" value="decline" class="button button--secondary">"Decline"</button>
                    </div>
                </ActionForm>
            })}
        </li>
    }
}

#[component]
fn Sent(
    r: RequestRecord,
    program_id: i64,
    withdraw: ServerAction<WithdrawRequest>,
) -> impl IntoView {
    let pending = r.status == RequestStatus::Pending;
    view! {
        <li class="card stack request" id=format!("request-{}", r.id)>
            <h3 class="card__title">
                "To " <a href=format!("/members/{}", r.mentor.user_id)>{r.mentor.name.clone()}</a>
                " " <span class=status_badge(r.status)>{r.status.label()}</span>
            </h3>
            <p class="muted">{format!("Sent {} · expires {}", day(r.created_at), day(r.expires_at))}</p>
            <p class="request__message">{r.message.clone()}</p>
            {(!r.response.is_empty()).then(|| view! { <p><span class="muted">{format!("{} wrote: ", r.mentor.name)}</span>{r.response.clone()}</p> })}
            {pending.then(|| view! {
                <ActionForm action=withdraw>
                    <input type="hidden" name="program_id" value=program_id />
                    <input type="hidden" name="request_id" value=r.id />
                    <button type="submit" class="button button--secondary button--small">
                        "Withdraw" <span class="visually-hidden">{format!(" the request to {}", r.mentor.name)}</span>
                    </button>
                </ActionForm>
            })}
        </li>
    }
}
