//! The one schema for both backends. Portable SQL types only: BigInt ids,
//! Text, Bool, Timestamp (UTC), Nullable. Both migration trees create these
//! exact tables and columns.

diesel::table! {
    hub_settings (id) {
        id -> BigInt,
        hub_name -> Text,
        tagline -> Text,
        accent_color -> Text,
        label_programs -> Text,
        label_discussion -> Text,
        label_resources -> Text,
        label_events -> Text,
        updated_at -> Timestamp,
        signup_mode -> Text,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        email -> Text,
        email_key -> Text,
        name -> Text,
        password_hash -> Text,
        is_hub_admin -> Bool,
        deactivated_at -> Nullable<Timestamp>,
        headline -> Text,
        bio -> Text,
        location -> Text,
        time_zone -> Text,
        languages -> Text,
        website_url -> Text,
        linkedin_url -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        discussion_emails -> Text,
    }
}

diesel::table! {
    user_tags (user_id, tag_key) {
        user_id -> BigInt,
        tag -> Text,
        tag_key -> Text,
    }
}

diesel::table! {
    sessions (id) {
        id -> BigInt,
        user_id -> BigInt,
        token_hash -> Text,
        user_agent -> Text,
        ip_address -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    account_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        purpose -> Text,
        token_hash -> Text,
        new_email -> Nullable<Text>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sign_in_failures (id) {
        id -> BigInt,
        email_key -> Text,
        ip_address -> Text,
        failed_at -> Timestamp,
    }
}

diesel::joinable!(user_tags -> users (user_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(account_tokens -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(
    users,
    user_tags,
    sessions,
    account_tokens,
    programs,
    program_admins,
    registration_questions,
    program_invitations,
    memberships,
    application_answers,
    favorites,
    mentorship_requests,
    mentorships,
    match_proposals,
    discussion_spaces,
    discussion_tags,
    discussion_threads,
    discussion_posts,
    discussion_revisions,
    discussion_comments,
    discussion_thread_tags,
    discussion_votes,
    discussion_follows,
    discussion_flags,
    discussion_suspensions,
    events,
    event_registrations,
    calendar_feeds,
    resource_sections,
    resources,
    resource_visits,
);

diesel::table! {
    outbox (id) {
        id -> BigInt,
        recipient -> Text,
        subject -> Text,
        text_body -> Text,
        html_body -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        claimed_at -> Nullable<Timestamp>,
        sent_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        list_unsubscribe -> Nullable<Text>,
        attachment_name -> Nullable<Text>,
        attachment_type -> Nullable<Text>,
        attachment_body -> Nullable<Text>,
    }
}

diesel::table! {
    programs (id) {
        id -> BigInt,
        name -> Text,
        slug -> Text,
        summary -> Text,
        about_md -> Text,
        cover_color -> Text,
        status -> Text,
        listed -> Bool,
        accepts_mentors -> Bool,
        accepts_mentees -> Bool,
        approval -> Text,
        matching_mode -> Text,
        default_mentor_capacity -> Integer,
        allow_reapply -> Bool,
        created_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        max_mentor_capacity -> Integer,
        max_pending_requests -> Integer,
        request_expiry_days -> Integer,
        mentees_browse -> Bool,
        weight_favorite -> Integer,
        weight_expertise -> Integer,
        weight_language -> Integer,
        weight_time_zone -> Integer,
    }
}

diesel::table! {
    program_admins (program_id, user_id) {
        program_id -> BigInt,
        user_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    registration_questions (id) {
        id -> BigInt,
        program_id -> BigInt,
        role -> Text,
        position -> Integer,
        kind -> Text,
        prompt -> Text,
        help_text -> Text,
        required -> Bool,
        options -> Text,
        deleted_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        on_mentor_cards -> Bool,
        match_weight -> Integer,
    }
}

diesel::table! {
    program_invitations (id) {
        id -> BigInt,
        program_id -> BigInt,
        token_hash -> Text,
        role -> Nullable<Text>,
        auto_approve -> Bool,
        expires_at -> Nullable<Timestamp>,
        max_uses -> Nullable<Integer>,
        uses -> Integer,
        revoked_at -> Nullable<Timestamp>,
        created_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    memberships (id) {
        id -> BigInt,
        program_id -> BigInt,
        user_id -> BigInt,
        role -> Text,
        status -> Text,
        invitation_id -> Nullable<BigInt>,
        applied_at -> Timestamp,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
        decision_message -> Nullable<Text>,
        joined_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        mentor_capacity -> Nullable<Integer>,
        taking_mentees -> Bool,
        capacity_override -> Nullable<Integer>,
        capacity_note -> Text,
    }
}

diesel::table! {
    application_answers (id) {
        id -> BigInt,
        membership_id -> BigInt,
        question_id -> BigInt,
        prompt -> Text,
        value -> Text,
    }
}

diesel::joinable!(program_admins -> programs (program_id));
diesel::joinable!(program_admins -> users (user_id));
diesel::joinable!(registration_questions -> programs (program_id));
diesel::joinable!(program_invitations -> programs (program_id));
diesel::joinable!(memberships -> programs (program_id));
diesel::joinable!(memberships -> users (user_id));
diesel::joinable!(application_answers -> memberships (membership_id));
diesel::joinable!(application_answers -> registration_questions (question_id));

diesel::table! {
    rate_limit_events (id) {
        id -> BigInt,
        bucket -> Text,
        subject -> Text,
        happened_at -> Timestamp,
    }
}

diesel::table! {
    known_devices (id) {
        id -> BigInt,
        user_id -> BigInt,
        token_hash -> Text,
        failures -> Integer,
        created_at -> Timestamp,
        last_used_at -> Timestamp,
    }
}

diesel::table! {
    flash_values (id) {
        id -> BigInt,
        key_hash -> Text,
        user_id -> Nullable<BigInt>,
        purpose -> Text,
        payload -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::joinable!(known_devices -> users (user_id));
diesel::joinable!(flash_values -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(users, known_devices, flash_values);

diesel::table! {
    favorites (program_id, mentee_id, mentor_id) {
        program_id -> BigInt,
        mentee_id -> BigInt,
        mentor_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    mentorship_requests (id) {
        id -> BigInt,
        program_id -> BigInt,
        mentee_id -> BigInt,
        mentor_id -> BigInt,
        message -> Text,
        status -> Text,
        response -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        reminded_at -> Nullable<Timestamp>,
        decided_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    mentorships (id) {
        id -> BigInt,
        program_id -> BigInt,
        mentor_id -> BigInt,
        mentee_id -> BigInt,
        status -> Text,
        origin -> Text,
        created_by -> Nullable<BigInt>,
        request_id -> Nullable<BigInt>,
        started_at -> Timestamp,
        ended_at -> Nullable<Timestamp>,
        ended_by -> Nullable<BigInt>,
        end_reason -> Nullable<Text>,
        end_note -> Text,
    }
}

diesel::table! {
    match_proposals (id) {
        id -> BigInt,
        program_id -> BigInt,
        mentee_id -> BigInt,
        mentor_id -> BigInt,
        pinned -> Bool,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(favorites -> programs (program_id));
diesel::joinable!(mentorship_requests -> programs (program_id));
diesel::joinable!(mentorships -> programs (program_id));
diesel::joinable!(match_proposals -> programs (program_id));

diesel::table! {
    discussion_spaces (id) {
        id -> BigInt,
        program_id -> Nullable<BigInt>,
        allow_anonymous -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    discussion_tags (id) {
        id -> BigInt,
        space_id -> BigInt,
        name -> Text,
        tag_key -> Text,
    }
}

diesel::table! {
    discussion_threads (id) {
        id -> BigInt,
        space_id -> BigInt,
        status -> Text,
        listed -> Bool,
        accepted_post_id -> Nullable<BigInt>,
        answer_count -> Integer,
        score -> Integer,
        created_at -> Timestamp,
        last_activity_at -> Timestamp,
    }
}

diesel::table! {
    discussion_posts (id) {
        id -> BigInt,
        thread_id -> BigInt,
        kind -> Text,
        title -> Text,
        body_md -> Text,
        body_html -> Text,
        author_id -> Nullable<BigInt>,
        sealed_author -> Nullable<Text>,
        score -> Integer,
        state -> Text,
        hidden -> Bool,
        edited_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        request_key -> Nullable<Text>,
    }
}

diesel::table! {
    discussion_revisions (id) {
        id -> BigInt,
        post_id -> BigInt,
        title -> Text,
        body_md -> Text,
        by_moderator -> Bool,
        replaced_at -> Timestamp,
    }
}

diesel::table! {
    discussion_comments (id) {
        id -> BigInt,
        post_id -> BigInt,
        body -> Text,
        author_id -> Nullable<BigInt>,
        sealed_author -> Nullable<Text>,
        state -> Text,
        created_at -> Timestamp,
        request_key -> Nullable<Text>,
    }
}

diesel::table! {
    discussion_thread_tags (thread_id, tag_id) {
        thread_id -> BigInt,
        tag_id -> BigInt,
    }
}

diesel::table! {
    discussion_votes (post_id, user_id) {
        post_id -> BigInt,
        user_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    discussion_follows (thread_id, user_id) {
        thread_id -> BigInt,
        user_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    discussion_flags (id) {
        id -> BigInt,
        post_id -> BigInt,
        user_id -> BigInt,
        reason -> Text,
        status -> Text,
        created_at -> Timestamp,
        reviewed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    discussion_suspensions (id) {
        id -> BigInt,
        space_id -> BigInt,
        post_id -> BigInt,
        until -> Timestamp,
        created_at -> Timestamp,
    }
}

diesel::joinable!(discussion_spaces -> programs (program_id));
diesel::joinable!(discussion_tags -> discussion_spaces (space_id));
diesel::joinable!(discussion_threads -> discussion_spaces (space_id));
diesel::joinable!(discussion_posts -> discussion_threads (thread_id));
diesel::joinable!(discussion_posts -> users (author_id));
diesel::joinable!(discussion_revisions -> discussion_posts (post_id));
diesel::joinable!(discussion_comments -> discussion_posts (post_id));
diesel::joinable!(discussion_thread_tags -> discussion_threads (thread_id));
diesel::joinable!(discussion_thread_tags -> discussion_tags (tag_id));
diesel::joinable!(discussion_votes -> discussion_posts (post_id));
diesel::joinable!(discussion_follows -> discussion_threads (thread_id));
diesel::joinable!(discussion_flags -> discussion_posts (post_id));
diesel::joinable!(discussion_suspensions -> discussion_posts (post_id));

diesel::table! {
    events (id) {
        id -> BigInt,
        program_id -> Nullable<BigInt>,
        uid -> Text,
        title -> Text,
        description_md -> Text,
        description_html -> Text,
        time_zone -> Text,
        starts_local -> Timestamp,
        ends_local -> Timestamp,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        format -> Text,
        address -> Text,
        online_link -> Text,
        capacity -> Nullable<Integer>,
        registration_opens_at -> Nullable<Timestamp>,
        registration_closes_at -> Timestamp,
        audience -> Text,
        keeps_waitlist -> Bool,
        state -> Text,
        sequence -> Integer,
        taken -> Integer,
        waiting -> Integer,
        last_ticket -> BigInt,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        cancelled_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    event_registrations (id) {
        id -> BigInt,
        event_id -> BigInt,
        user_id -> BigInt,
        status -> Text,
        ticket -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        reminded_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    calendar_feeds (user_id) {
        user_id -> BigInt,
        nonce -> Text,
        secret_hash -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(events -> programs (program_id));
diesel::joinable!(event_registrations -> events (event_id));
diesel::joinable!(event_registrations -> users (user_id));
diesel::joinable!(calendar_feeds -> users (user_id));

diesel::table! {
    resource_sections (id) {
        id -> BigInt,
        program_id -> Nullable<BigInt>,
        title -> Text,
        position -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    resources (id) {
        id -> BigInt,
        program_id -> Nullable<BigInt>,
        section_id -> Nullable<BigInt>,
        kind -> Text,
        title -> Text,
        summary -> Text,
        url -> Text,
        body_md -> Text,
        body_html -> Text,
        file_key -> Nullable<Text>,
        file_name -> Nullable<Text>,
        file_type -> Nullable<Text>,
        file_size -> Nullable<BigInt>,
        audience -> Text,
        pinned -> Bool,
        position -> Integer,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    resource_visits (user_id, space_key) {
        user_id -> BigInt,
        space_key -> BigInt,
        last_at -> Timestamp,
        previous_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    resource_orphans (file_key) {
        file_key -> Text,
        since -> Timestamp,
    }
}

diesel::joinable!(resource_sections -> programs (program_id));
diesel::joinable!(resources -> programs (program_id));
diesel::joinable!(resources -> resource_sections (section_id));
diesel::joinable!(resource_visits -> users (user_id));
