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
    }
}

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
    }
}
