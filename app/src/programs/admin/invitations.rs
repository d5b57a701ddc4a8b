//! Invitation links: creating one (its link is shown once, right after),
//! the program's links with their use and state, revoking one.

use super::{
    day, flag_notice, iso_day, load_admin_data, use_slug, AdminSection, ProgramAdminFrame, Reloads,
};
use crate::{
    programs::{
        api::{
            list_program_invitations, take_new_invitation_link, CreateProgramInvitation,
            ManagedProgram, RevokeProgramInvitation,
        },
        Invitation, InvitationState, Role,
    },
    ui::{CheckBox, ChoiceGroup, Column, DataTable, Field, FormFeedback, FormNotice},
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/programs/<slug>/admin/invitations`.
#[component]
pub fn InvitationsPage() -> impl IntoView {
    let slug = use_slug();
    let query = use_query_map();
    let create = ServerAction::<CreateProgramInvitation>::new();
    let revoke = ServerAction::<RevokeProgramInvitation>::new();
    let reloads = Reloads::new();
    reloads.after(create.value());
    reloads.after(revoke.value());
    let data = Resource::new(
        move || (slug.get(), reloads.get()),
        |(slug, _)| load_admin_data(slug, list_program_invitations),
    );
    let create_feedback = FormFeedback::new(create.value());
    let revoke_feedback = FormFeedback::new(revoke.value());
    let quiet = Signal::derive(move || {
        create_feedback.error().get().is_some() || revoke_feedback.error().get().is_some()
    });
    let revoked = flag_notice("revoked", quiet, |_| {
        Some("The link is revoked: it no longer lets anyone join.".into())
    });
    // The new link, shown this once (only its hash is stored): the
    // redirect after creating it carries a key to it, not the token.
    let new_link = Resource::new(
        move || (slug.get(), query.read().get("created")),
        |(slug, key)| async move {
            match key {
                Some(key) => take_new_invitation_link(slug, key).await.ok().flatten(),
                None => None,
            }
        },
    );

    view! {
        <ProgramAdminFrame
            section=AdminSection::Invitations
            data
            render={move |managed: ManagedProgram, invitations: Vec<Invitation>| {
                let program_id = managed.program.id;
                let roles = managed.program.settings.accepted_roles();
                view! {
                    <p>
                        "An invitation link lets whoever holds it apply, even while the program is closed to new members, "
                        "and can approve them at once."
                    </p>
                    // Its own suspense: the page waits for the link (the
                    // frame only waits for its own data), and it is read
                    // once, so it must be in the first answer.
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            let path = new_link.await;
                            path.filter(|_| !quiet.get()).map(|path| view! { <NewLink path /> })
                        })}
                    </Suspense>
                    <FormNotice message=revoked tone="success" />
                    <FormNotice message=revoke_feedback.general() />
                    <InvitationList invitations program_id revoke />
                    <section class="stack" aria-labelledby="new-invitation-title">
                        <h3 id="new-invitation-title">"Create an invitation link"</h3>
                        <InvitationForm action=create program_id roles />
                    </section>
                }
            }}
        />
    }
}

/// The link just created, to copy. With JavaScript the field shows the
/// full address and a button copies it; without, the text is selectable.
#[component]
fn NewLink(path: String) -> impl IntoView {
    let link = RwSignal::new(path.clone());
    let copied = RwSignal::new(None::<&'static str>);
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| {
        hydrated.set(true);
        #[cfg(feature = "hydrate")]
        if let Ok(origin) = window().location().origin() {
            link.set(format!("{origin}{}", link.get_untracked()));
        }
    });
    let copy = move |_| {
        let text = link.get_untracked();
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            copied.set(Some(if clipboard::write(&text).await {
                "Link copied."
            } else {
                "Could not copy: select the link and copy it."
            }));
        });
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (text, copied);
        }
    };
    view! {
        <div class="notice notice--success new-link" role="status">
            <p>
                <strong>"Invitation link created."</strong>
                " Copy it now: it is shown only this once."
            </p>
            <div class="field">
                <label class="field__label" for="new-link">"Invitation link"</label>
                <div class="new-link__row">
                    <input id="new-link" type="text" readonly=true value=path.clone()
                        prop:value=move || link.get() />
                    <Show when=move || hydrated.get()>
                        <button type="button" class="button button--secondary" on:click=copy>
                            "Copy link"
                        </button>
                    </Show>
                </div>
                <p class="field__help" aria-live="polite">{move || copied.get()}</p>
            </div>
        </div>
    }
}

/// `navigator.clipboard.writeText`, looked up at run time (web-sys is not
/// built with its clipboard bindings).
#[cfg(feature = "hydrate")]
mod clipboard {
    use leptos::{
        prelude::window,
        wasm_bindgen::{JsCast, JsValue},
        web_sys::js_sys::{Function, Promise, Reflect},
    };

    pub async fn write(text: &str) -> bool {
        let promise = (|| -> Option<Promise> {
            let navigator = Reflect::get(&window(), &JsValue::from_str("navigator")).ok()?;
            let clipboard = Reflect::get(&navigator, &JsValue::from_str("clipboard")).ok()?;
            if clipboard.is_undefined() {
                return None;
            }
            let write = Reflect::get(&clipboard, &JsValue::from_str("writeText"))
                .ok()?
                .dyn_into::<Function>()
                .ok()?;
            write
                .call1(&clipboard, &JsValue::from_str(text))
                .ok()?
                .dyn_into::<Promise>()
                .ok()
        })();
        match promise {
            Some(promise) => leptos::__reexports::wasm_bindgen_futures::JsFuture::from(promise)
                .await
                .is_ok(),
            None => false,
        }
    }
}

#[component]
fn InvitationList(
    invitations: Vec<Invitation>,
    program_id: i64,
    revoke: ServerAction<RevokeProgramInvitation>,
) -> impl IntoView {
    if invitations.is_empty() {
        return view! { <p class="muted">"No invitation links yet."</p> }.into_any();
    }
    let rows = invitations
        .into_iter()
        .map(|invitation| {
            let role = match invitation.role {
                None => "Either (they choose)",
                Some(Role::Mentor) => "Mentor",
                Some(Role::Mentee) => "Mentee",
            };
            let uses = match invitation.max_uses {
                Some(max) => format!("{} of {max}", invitation.uses),
                None => format!("{} (no limit)", invitation.uses),
            };
            let expires = invitation
                .expires_at
                .map(|at| view! { <time datetime=iso_day(at)>{day(at)}</time> }.into_any())
                .unwrap_or_else(|| "Never".into_any());
            let badge = match invitation.state {
                InvitationState::Active => "badge badge--member",
                InvitationState::Expired => "badge badge--draft",
                InvitationState::Revoked => "badge badge--declined",
                InvitationState::UsedUp => "badge badge--pending",
            };
            let active = invitation.state == InvitationState::Active;
            view! {
                <tr>
                    <th scope="row">{format!("#{}", invitation.id)}</th>
                    <td>{role}</td>
                    <td>{if invitation.auto_approve { "Yes" } else { "No" }}</td>
                    <td>{expires}</td>
                    <td>{uses}</td>
                    <td><span class=badge>{invitation.state.label()}</span></td>
                    <td><time datetime=iso_day(invitation.created_at)>{day(invitation.created_at)}</time></td>
                    <td class="cluster">
                        {active.then(|| view! {
                            <ActionForm action=revoke>
                                <input type="hidden" name="program_id" value=program_id />
                                <input type="hidden" name="invitation_id" value=invitation.id />
                                <button type="submit" class="button button--danger button--small">
                                    "Revoke" <span class="visually-hidden">{format!(" link #{}", invitation.id)}</span>
                                </button>
                            </ActionForm>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable caption="Invitation links of this program" hide_caption=true columns=INVITATION_COLUMNS>
            {rows}
        </DataTable>
    }
    .into_any()
}

#[component]
fn InvitationForm(
    action: ServerAction<CreateProgramInvitation>,
    program_id: i64,
    roles: Vec<Role>,
) -> impl IntoView {
    let feedback = FormFeedback::new(action.value());
    let refused = feedback.error().get_untracked();
    let kept = |name: &str| refused.as_ref().and_then(|error| error.submitted(name));
    let role = kept("role").unwrap_or_default();
    let auto_approve = kept("auto_approve").is_some_and(|value| !value.is_empty());
    let mut options = vec![("", "Either: the member chooses")];
    for accepted in roles {
        options.push(match accepted {
            Role::Mentor => ("mentor", "Mentor"),
            Role::Mentee => ("mentee", "Mentee"),
        });
    }
    view! {
        <FormNotice message=feedback.general() />
        <ActionForm action=action attr:class="form">
            <input type="hidden" name="program_id" value=program_id />
            <ChoiceGroup legend="Joins as" name="role" options selected=role
                feedback id_prefix="invitation" />
            <fieldset>
                <legend>"Approval"</legend>
                <CheckBox label="Approve at once: no admin decision needed" name="auto_approve"
                    checked=auto_approve id_prefix="invitation" />
            </fieldset>
            <Field label="Expires on" name="expires_on" kind="date" feedback
                help="The link works until the end of this day (UTC). Leave empty for no expiry." />
            <Field label="Maximum uses" name="max_uses" kind="number" feedback
                help=MAX_USES_HELP />
            <div class="form__actions">
                <button type="submit" class="button button--primary">"Create link"</button>
            </div>
        </ActionForm>
    }
}

const INVITATION_COLUMNS: &[Column] = &[
    Column::new("Link"),
    Column::new("Role"),
    Column::new("Approves at once"),
    Column::new("Expires"),
    Column::new("Uses"),
    Column::new("State"),
    Column::new("Created"),
    Column::hidden("Actions"),
];

const MAX_USES_HELP: &str = "How many people may join with it. Leave empty for no limit.";
