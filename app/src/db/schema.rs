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
