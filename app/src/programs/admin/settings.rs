//! Creating a program (hub admins) and its settings page, with the list of
//! the program's admins.

use super::{flag_notice, load_admin_data, use_slug, AdminSection, ProgramAdminFrame, Reloads};
use crate::{
    accounts::RequireMember,
    programs::{
        api::{
            list_program_admins, AddProgramAdmin, ManagedProgram, RemoveProgramAdmin, SaveProgram,
        },
        Approval, MatchingMode, Program, ProgramAdmin, ProgramSettings, ProgramStatus,
        MAX_MENTOR_CAPACITY,
    },
    ui::{AdminsOnly, CheckBox, ChoiceGroup, Field, FieldError, FormFeedback, FormNotice, Page},
};
use leptos::prelude::*;

/// `/programs/new`: the settings form with the defaults, for hub admins.
#[component]
pub fn CreateProgramPage() -> impl IntoView {
    let action = ServerAction::<SaveProgram>::new();
    view! {
        <RequireMember signed_in=move |member| {
            if member.is_hub_admin {
                view! {
                    <Page
                        heading="New program"
                        lead="Name the program and choose who may join and how. Everything can be changed later; while its status is Draft only admins see it."
                    >
                        <ProgramSettingsForm action program=None />
                    </Page>
                }
                .into_any()
            } else {
                view! {
                    <AdminsOnly
                        title="For hub admins only"
                        text="Programs are created by the hub's admins. If you would like to run one, ask one of them."
                    />
                }
                .into_any()
            }
        } />
    }
}

/// `/programs/<slug>/admin/settings`.
#[component]
pub fn ProgramSettingsPage() -> impl IntoView {
    let slug = use_slug();
    let save = ServerAction::<SaveProgram>::new();
    let add_admin = ServerAction::<AddProgramAdmin>::new();
    let remove_admin = ServerAction::<RemoveProgramAdmin>::new();
    let reloads = Reloads::new();
    // A save that changed the address goes on to the new address, which
    // loads the page by itself: reloading the old one would find nothing.
    reloads.after_if(save.value(), move |program: &Program| {
        program.settings.slug == slug.get_untracked()
    });
    reloads.after(add_admin.value());
    reloads.after(remove_admin.value());
    let data = Resource::new(
        move || (slug.get(), reloads.get()),
        |(slug, _)| load_admin_data(slug, list_program_admins),
    );

    let save_feedback = FormFeedback::new(save.value());
    let add_feedback = FormFeedback::new(add_admin.value());
    let remove_feedback = FormFeedback::new(remove_admin.value());
    let quiet = Signal::derive(move || {
        save_feedback.error().get().is_some()
            || add_feedback.error().get().is_some()
            || remove_feedback.error().get().is_some()
    });
    let saved = flag_notice("saved", quiet, |_| Some("The settings are saved.".into()));
    let admin_added = flag_notice("admin_added", quiet, |_| {
        Some("The member is now an admin of this program.".into())
    });
    let admin_removed = flag_notice("admin_removed", quiet, |_| {
        Some("The member is no longer an admin of this program.".into())
    });

    view! {
        <ProgramAdminFrame
            section=AdminSection::Settings
            data
            render={move |managed: ManagedProgram, admins: Vec<ProgramAdmin>| {
                let draft = managed.program.settings.status == ProgramStatus::Draft;
                let created = flag_notice("created", quiet, move |_| {
                    Some(if draft {
                        "The program is created. It is a draft: only admins see it until you set its status to Open or Closed.".into()
                    } else {
                        "The program is created.".into()
                    })
                });
                view! {
                    <FormNotice message=created tone="success" />
                    <FormNotice message=saved tone="success" />
                    <ProgramSettingsForm action=save program=Some(managed.program.clone()) />
                    <ProgramAdmins
                        program_id=managed.program.id
                        is_hub_admin=managed.is_hub_admin
                        admins
                        add_admin
                        remove_admin
                        added=admin_added
                        removed=admin_removed
                    />
                }
            }}
        />
    }
}

/// Every setting of a program; `program` is `None` when creating one. A
/// refused form comes back with what was typed and chosen.
#[component]
fn ProgramSettingsForm(
    action: ServerAction<SaveProgram>,
    program: Option<Program>,
) -> impl IntoView {
    let feedback = FormFeedback::new(action.value());
    let creating = program.is_none();
    let program_id = program.as_ref().map(|program| program.id);
    let current = program.map(|program| program.settings).unwrap_or_default();
    // After a refused post every field was echoed back ("name" always is).
    let refused = feedback
        .error()
        .get_untracked()
        .filter(|error| error.submitted("name").is_some());
    let chosen = {
        let refused = refused.clone();
        move |name: &str, current: &str| {
            refused
                .as_ref()
                .and_then(|error| error.submitted(name))
                .unwrap_or_else(|| current.to_owned())
        }
    };
    let ticked = {
        let refused = refused.clone();
        move |name: &str, current: bool| match &refused {
            Some(error) => error.submitted(name).is_some_and(|value| !value.is_empty()),
            None => current,
        }
    };
    let value = move |field: &'static str, current: String| {
        feedback.value_or(field, move || current.clone())
    };
    let cover = RwSignal::new(chosen("cover_color", current.safe_cover_color()));
    let statuses: Vec<(&'static str, &'static str)> = ProgramStatus::ALL
        .iter()
        .map(|status| (status.as_str(), status.label()))
        .collect();
    let approvals: Vec<(&'static str, &'static str)> = Approval::ALL
        .iter()
        .map(|approval| (approval.as_str(), approval.label()))
        .collect();
    let modes: Vec<(&'static str, &'static str)> = MatchingMode::ALL
        .iter()
        .map(|mode| (mode.as_str(), mode.label()))
        .collect();
    let ProgramSettings {
        name,
        slug,
        summary,
        about_md,
        status,
        listed,
        accepts_mentors,
        accepts_mentees,
        approval,
        matching_mode,
        default_mentor_capacity,
        allow_reapply,
        ..
    } = current;
    view! {
        <FormNotice message=feedback.general() />
        <ActionForm action=action attr:class="form program-settings-form">
            {program_id.map(|id| view! { <input type="hidden" name="program_id" value=id /> })}
            <Field label="Name" name="name" required=true
                value=name feedback />
            <Field label="Address (URL slug)" name="slug"
                value=slug feedback
                help="The program's page is at /programs/ followed by this. Lower-case letters, digits and single dashes; leave it empty to make one from the name." />
            <Field label="Summary" name="summary"
                value=summary feedback
                help="One or two sentences for the program directory." />
            <Field label="About" name="about_md" rows=10
                value=about_md feedback
                help="Shown on the program's page: its theme, what mentors and mentees commit to, dates. Markdown works: **bold**, lists, links, headings." />
            <CoverColor cover error=feedback.field("cover_color") />
            <ChoiceGroup legend="Status" name="status" options=statuses
                selected=chosen("status", status.as_str()) feedback
                help="Draft: only admins see it. Open: members may apply. Closed: only people with an invitation link may join. Archived: over." />
            <fieldset>
                <legend>"Visibility"</legend>
                <CheckBox label="List the program in the program directory" name="listed"
                    checked=ticked("listed", listed)
                    help="Unlisted programs still open by their address and through invitation links." />
            </fieldset>
            <fieldset aria-describedby=move || feedback.field("roles").get().map(|_| "field-roles-error")>
                <legend>"Who may join"</legend>
                <CheckBox label="Mentors" name="accepts_mentors"
                    checked=ticked("accepts_mentors", accepts_mentors) />
                <CheckBox label="Mentees" name="accepts_mentees"
                    checked=ticked("accepts_mentees", accepts_mentees) />
                <FieldError id="field-roles-error" error=feedback.field("roles") />
            </fieldset>
            <ChoiceGroup legend="Approval" name="approval" options=approvals
                selected=chosen("approval", approval.as_str()) feedback />
            <ChoiceGroup legend="Matching" name="matching_mode" options=modes
                selected=chosen("matching_mode", matching_mode.as_str()) feedback
                help="How mentors and mentees are paired on the program's Mentors tab." />
            <CapacityField
                value=value("default_mentor_capacity", default_mentor_capacity.to_string())
                error=feedback.field("default_mentor_capacity") />
            <fieldset>
                <legend>"Declined applications"</legend>
                <CheckBox label="Declined applicants may apply again" name="allow_reapply"
                    checked=ticked("allow_reapply", allow_reapply) />
            </fieldset>
            <div class="form__actions">
                <button type="submit" class="button button--primary">
                    {if creating { "Create program" } else { "Save settings" }}
                </button>
            </div>
        </ActionForm>
    }
}

/// The colour picker posts `#rrggbb`; the value is shown next to it.
#[component]
fn CoverColor(cover: RwSignal<String>, error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <div class="field">
            <label class="field__label" for="field-cover_color">"Cover colour"</label>
            <p class="field__help" id="field-cover_color-help">
                "The band on the program's tile and pages. It is decoration only: no text is written on it."
            </p>
            <div class="cluster">
                <input type="color" id="field-cover_color" name="cover_color"
                    value=cover.get_untracked()
                    prop:value=move || crate::ui::typed_or("field-cover_color", cover.get())
                    on:input=move |event| cover.set(event_target_value(&event))
                    aria-invalid=move || error.get().map(|_| "true")
                    aria-describedby="field-cover_color-help field-cover_color-error" />
                <span class="cover-value" aria-hidden="true">{move || cover.get()}</span>
            </div>
            <FieldError id="field-cover_color-error" error />
        </div>
    }
}

#[component]
fn CapacityField(value: Signal<String>, error: Signal<Option<String>>) -> impl IntoView {
    let help = format!(
        "How many mentees a mentor takes unless they say otherwise: 1 to {MAX_MENTOR_CAPACITY}."
    );
    view! {
        <div class="field">
            <label class="field__label" for="field-default_mentor_capacity">
                "Default mentor capacity"
            </label>
            <p class="field__help" id="field-default_mentor_capacity-help">{help}</p>
            <input type="number" id="field-default_mentor_capacity" name="default_mentor_capacity"
                class="input--short" min=1 max=MAX_MENTOR_CAPACITY step=1 required=true
                prop:value=move || crate::ui::typed_or("field-default_mentor_capacity", value.get())
                value=move || value.get()
                aria-invalid=move || error.get().map(|_| "true")
                aria-describedby="field-default_mentor_capacity-help field-default_mentor_capacity-error" />
            <FieldError id="field-default_mentor_capacity-error" error />
        </div>
    }
}

/// The program's admins; hub admins name and remove them here.
#[component]
fn ProgramAdmins(
    program_id: i64,
    is_hub_admin: bool,
    admins: Vec<ProgramAdmin>,
    add_admin: ServerAction<AddProgramAdmin>,
    remove_admin: ServerAction<RemoveProgramAdmin>,
    added: Signal<Option<String>>,
    removed: Signal<Option<String>>,
) -> impl IntoView {
    let add_feedback = FormFeedback::new(add_admin.value());
    let remove_feedback = FormFeedback::new(remove_admin.value());
    let list = if admins.is_empty() {
        view! { <p>"No program admins yet: only the hub's admins manage this program."</p> }
            .into_any()
    } else {
        let items = admins
            .into_iter()
            .map(|admin| {
                let name = admin.name.clone();
                let remove = is_hub_admin.then(move || {
                    view! {
                        <ActionForm action=remove_admin>
                            <input type="hidden" name="program_id" value=program_id />
                            <input type="hidden" name="user_id" value=admin.user_id />
                            <button type="submit" class="button button--secondary button--small">
                                "Remove"
                                <span class="visually-hidden">" " {name} " as program admin"</span>
                            </button>
                        </ActionForm>
                    }
                });
                view! {
                    <li class="person-row">
                        <div class="person-row__who">
                            <a href=format!("/members/{}", admin.user_id)>{admin.name.clone()}</a>
                            <span class="muted person-row__email">{admin.email.clone()}</span>
                        </div>
                        {remove}
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="person-list">{items}</ul> }.into_any()
    };
    let add = if is_hub_admin {
        view! {
            <ActionForm action=add_admin attr:class="form">
                <input type="hidden" name="program_id" value=program_id />
                <Field label="Email of the member to add" name="email" kind="email" id="admin-email"
                    autocomplete="off" required=true feedback=add_feedback />
                <div class="form__actions">
                    <button type="submit" class="button button--secondary">"Add program admin"</button>
                </div>
            </ActionForm>
        }
        .into_any()
    } else {
        view! { <p class="muted">"Only the hub's admins add or remove program admins."</p> }
            .into_any()
    };
    view! {
        <section class="stack program-admins" aria-labelledby="admins-title">
            <h3 id="admins-title">"Program admins"</h3>
            <p class="muted">
                "Program admins manage this program: its settings, form, applications, members and invitation links. "
                "The hub's admins manage every program."
            </p>
            <FormNotice message=added tone="success" />
            <FormNotice message=removed tone="success" />
            <FormNotice message=add_feedback.general() />
            <FormNotice message=remove_feedback.general() />
            {list}
            {add}
        </section>
    }
}
